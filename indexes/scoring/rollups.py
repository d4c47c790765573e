"""Results: a unit's roll-up per field and method, targets, classification, ranking."""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal
from functools import cached_property
from typing import TypeVar

from indexes.scoring.amounts import _HUNDRED, _ZERO, TWO_PLACES, _exact, _exact_fields
from indexes.scoring.problems import ScoringError

METHODS = ("appraisal", "survey", "other")
# A normal leaf counts in the maximum; a bonus (điểm thưởng) or deduction (điểm trừ) leaf
# only adds or takes points, outside the maximum.
NORMAL, BONUS, DEDUCTION = "normal", "bonus", "deduction"
KINDS = (NORMAL, BONUS, DEDUCTION)


@dataclass(frozen=True)
class LeafResult:
    code: str
    field_code: str
    method: str
    max_points: Decimal
    points: Decimal | None  # None = not scored yet: 0 points, but its max still counts
    applicable: bool = True  # not applicable = out of both points and max
    kind: str = NORMAL
    min_points: Decimal = Decimal(0)  # below 0 on a deduction leaf only

    def __post_init__(self) -> None:
        if self.method not in METHODS:
            raise ScoringError("unknown_method", {"code": self.code, "method": self.method})
        if self.kind not in KINDS:
            raise ScoringError("unknown_kind", {"code": self.code, "kind": self.kind})
        _exact_fields(self, "max_points", "points", "min_points")
        code, points, maximum, minimum = self.code, self.points, self.max_points, self.min_points
        if maximum < 0:
            raise ScoringError("negative_max", {"code": code, "value": maximum})
        if points is not None and not minimum <= points <= maximum:
            params = {"code": code, "parameter": "points", "value": points, "max": maximum}
            raise ScoringError("points_out_of_range", params)


def percent(points: Decimal, max_points: Decimal) -> Decimal | None:
    """Percent of max, two places ROUND_HALF_UP; None when nothing applies (max 0)."""
    done, maximum = _exact(points, "points"), _exact(max_points, "max_points")
    if maximum == 0:
        return None
    # The 28-digit quotient is far more precise than two places: no double-rounding risk
    # for point totals of this size.
    return (done * _HUNDRED / maximum).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Totals:
    points: Decimal
    max_points: Decimal

    def __post_init__(self) -> None:
        _exact_fields(self, "points", "max_points")

    @cached_property
    def pct(self) -> Decimal | None:
        # Cached: a province's pages read a thousand units' dozen percentages many times.
        return percent(self.points, self.max_points)

    def meets(self, target_pct: Decimal) -> bool | None:
        """Compares exactly: 94.996 % is not 95 %, even though it displays as 95.00 %."""
        target = _exact(target_pct, "target_pct")
        if self.max_points == 0:
            return None
        return self.points * _HUNDRED >= target * self.max_points


@dataclass(frozen=True)
class Bounds:
    """What a set allows of its totals: by default every total stays within 0 and its
    maximum (a bonus cannot lift a unit above 100 %, nor deductions below 0)."""

    may_exceed_max: bool = False
    may_fall_below_zero: bool = False

    def keep(self, points: Decimal, maximum: Decimal) -> Decimal:
        if not self.may_exceed_max:
            points = min(points, maximum)
        if not self.may_fall_below_zero:
            points = max(points, _ZERO)
        return points


@dataclass(frozen=True, slots=True)
class Rollup:
    total: Totals
    by_field: dict[str, Totals]  # order fields first appear; a field with nothing applicable is 0/0
    by_method: dict[str, Totals]  # in METHODS order, only methods with applicable leaves


@dataclass(frozen=True)
class Group:
    """The sums of one field's leaves of one method, for one unit.

    `leaves` counts the applicable leaves in the group: a field whose leaves are all not
    applicable still shows (0 of 0), while a method with no applicable leaf is left out.
    """

    field_code: str
    method: str
    points: Decimal
    max_points: Decimal
    leaves: int
    kind: str = NORMAL


def rollup(leaves: Iterable[LeafResult], bounds: Bounds = Bounds()) -> Rollup:
    """Points and max per field, per method and overall, over applicable leaves only."""
    return rollup_groups(
        (
            Group(
                field_code=leaf.field_code,
                method=leaf.method,
                points=_ZERO if leaf.points is None or not leaf.applicable else leaf.points,
                max_points=leaf.max_points if leaf.applicable else _ZERO,
                leaves=1 if leaf.applicable else 0,
                kind=leaf.kind,
            )
            for leaf in leaves
        ),
        bounds,
    )


def rollup_groups(groups: Iterable[Group], bounds: Bounds = Bounds()) -> Rollup:
    """The roll-up from per-(field, method, kind) sums, e.g. summed in SQL, in the order
    the groups come (fields in the order they first appear).

    Bonus and deduction points add to their field, their method and the total, but only
    normal leaves count in a maximum. Every total is then kept within 0 and its maximum
    unless the set's `bounds` allow more (a group's own sum is never cut: a deduction in
    one group may offset points of another). Sums are added as plain Decimals and
    checked once per Totals, which keeps a province's thousand units cheap.
    """
    fields: dict[str, list[Decimal]] = {}
    methods: dict[str, list[Decimal]] = {}
    total = [_ZERO, _ZERO]
    for group in groups:
        if group.method not in METHODS:
            raise ScoringError("unknown_method", {"code": group.field_code, "method": group.method})
        maximum = group.max_points if group.kind == NORMAL else _ZERO
        targets = [fields.setdefault(group.field_code, [_ZERO, _ZERO]), total]
        if group.leaves:
            targets.append(methods.setdefault(group.method, [_ZERO, _ZERO]))
        for sums in targets:
            sums[0] += group.points
            sums[1] += maximum

    def totals(sums: list[Decimal]) -> Totals:
        return Totals(bounds.keep(sums[0], sums[1]), sums[1])

    return Rollup(
        total=totals(total),
        by_field={code: totals(sums) for code, sums in fields.items()},
        by_method={m: totals(methods[m]) for m in METHODS if m in methods},
    )


@dataclass(frozen=True, slots=True)
class TargetResult:
    method: str
    target_pct: Decimal
    actual_pct: Decimal | None
    met: bool | None  # None when the unit has no applicable leaves of that method
    missing_points: Decimal  # points lacking to reach the target, rounded up to 0.01


def check_targets(
    by_method: Mapping[str, Totals], targets: Mapping[str, Decimal]
) -> dict[str, TargetResult]:
    """Each targeted method's result against its target percent (e.g. 100 / 95 / 90)."""
    results: dict[str, TargetResult] = {}
    for method, raw_target in targets.items():
        target = _exact(raw_target, "target_pct")
        if not 0 <= target <= _HUNDRED:
            raise ScoringError("target_out_of_range", {"method": method, "value": target})
        totals = by_method.get(method)
        met = None if totals is None else totals.meets(target)
        if totals is None or met is None:
            results[method] = TargetResult(method, target, None, None, _ZERO)
            continue
        lacking = target * totals.max_points / _HUNDRED - totals.points
        # Rounded up: entering the displayed amount must be enough to reach the target.
        missing = _ZERO if met else lacking.quantize(TWO_PLACES, rounding=ROUND_CEILING)
        results[method] = TargetResult(method, target, totals.pct, met, missing)
    return results


def all_targets_met(results: Mapping[str, TargetResult]) -> bool:
    """True when no target with something to measure is missed (methods absent don't count)."""
    return all(result.met for result in results.values() if result.met is not None)


@dataclass(frozen=True)
class Threshold:
    code: str
    label: str
    min_pct: Decimal

    def __post_init__(self) -> None:
        _exact_fields(self, "min_pct")


def classify(pct: Decimal | None, thresholds: Sequence[Threshold]) -> Threshold | None:
    """The highest threshold the percent reaches (pct >= min_pct), in any order given."""
    if pct is None:
        return None
    value = _exact(pct, "pct")
    reached = [threshold for threshold in thresholds if value >= threshold.min_pct]
    return max(reached, key=lambda threshold: threshold.min_pct, default=None)


K = TypeVar("K", bound=Hashable)


def rank(values: Mapping[K, Decimal | None]) -> dict[K, int | None]:
    """Competition ranking, highest first (90, 85, 85, 80 -> 1, 2, 2, 4); None is unranked.

    Pass the values as published (two places) so that units shown equal rank equal.
    """
    numbers = {key: _exact(value, "value") for key, value in values.items() if value is not None}
    first_place: dict[Decimal, int] = {}
    for place, number in enumerate(sorted(numbers.values(), reverse=True), start=1):
        first_place.setdefault(number, place)
    return {key: first_place[numbers[key]] if key in numbers else None for key in values}
