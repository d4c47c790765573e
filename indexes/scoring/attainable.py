"""The points a leaf's rule can give.

Points typed instead of the rule's input — an appraiser's score, a unit sheet or a survey
sheet imported, a correction — must be points the form could have produced: 0,7 is no
score on a leaf whose levels are 1 / 0,5 / 0, nor 0,3 on a yes/no leaf. What each rule
gives, as `evaluate_rule` scores it (clamped to the leaf's range, two decimals):

- `levels`, `pct_bands`: exactly the points of its levels or bands;
- `boolean`: 0 or its true points (the leaf's full points by default);
- `count`: 0, the multiples of the points per item up to the cap (or the leaf's bound),
  and the cap itself, where the last item is cut off;
- `counts`: the points of each band a rate at or above the floor can fall in — or,
  without bands, any points from the floor's share of the maximum to the maximum — 0
  below the floor, and the `if_none` points when nothing was received;
- `proportional`, `survey_weighted`, `composite`: any points from the lowest to the
  highest the rule gives, since a rate, a share or a component's percent can be any number;
- `formula`: any points within the leaf's range. A formula is arithmetic over inputs the
  official reports; which values it can take cannot be listed without solving it, and
  the form clamps its result to the leaf's range, so that range is what is known.

A rule that does not validate (or no rule) scores nothing: the leaf takes typed points,
and only its range and the two decimals apply (`rule_inputs.input_kind` falls back alike).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from indexes.scoring.amounts import _HUNDRED, _ZERO, TWO_PLACES, _exact, _rule_number
from indexes.scoring.bands import normalize_bands
from indexes.scoring.rules import validate_rule

# Up to this many multiples of a count rule are listed one by one (0; 0,5; 1); beyond,
# they are described as multiples (0,25 per item up to 5 would be 21 numbers).
LISTED_MULTIPLES = 6


@dataclass(frozen=True)
class Attainable:
    """Exact points (in the rule's order), ranges (low, high) within which any points with
    two decimals can come out, and for a count rule the multiples of `step` between 0 and
    `limit` (negative on a deduction line)."""

    values: tuple[Decimal, ...] = ()
    ranges: tuple[tuple[Decimal, Decimal], ...] = ()
    step: Decimal | None = None
    limit: Decimal | None = None

    def __contains__(self, points: object) -> bool:
        if not isinstance(points, Decimal):
            return False
        if any(points == value for value in self.values):
            return True
        if any(low <= points <= high for low, high in self.ranges):
            return True
        if self.step is None or self.limit is None:
            return False
        items = points / self.step
        return items == items.to_integral_value() and items >= 0 and abs(points) <= abs(self.limit)


def attainable_points(rule: Any, max_points: Decimal, min_points: Decimal = _ZERO) -> Attainable:
    """What `evaluate_rule` can return for this rule on a leaf from min_points to max_points."""
    maximum, minimum = _exact(max_points, "max_points"), _exact(min_points, "min_points")
    if not isinstance(rule, Mapping) or validate_rule(rule, maximum, minimum):
        return Attainable(ranges=((minimum, maximum),))
    fit = _Fit(maximum, minimum)
    kind = rule["type"]
    if kind == "levels":
        return fit.values(_rule_number(level["points"]) for level in rule["levels"])
    if kind == "pct_bands":
        return fit.values(band["points"] for band in normalize_bands(rule["bands"]))
    if kind == "boolean":
        raw = rule.get("true_points")
        return fit.values([_ZERO, fit.full if raw is None else _rule_number(raw)])
    if kind == "count":
        return _count(rule, fit)
    if kind == "counts":
        return _counts(rule, fit)
    if kind == "survey_weighted":
        weights = [_rule_number(weight) for weight in rule["weights"].values()]
        return fit.between(fit.full * min(weights) / _HUNDRED, fit.full * max(weights) / _HUNDRED)
    if kind in ("proportional", "composite"):
        return fit.between(_ZERO, fit.full)
    return Attainable(ranges=((minimum, maximum),))  # formula: see the module's docstring


class _Fit:
    """Points as evaluate_rule hands them out: within the leaf's range, two decimals."""

    def __init__(self, maximum: Decimal, minimum: Decimal) -> None:
        self.maximum, self.minimum = maximum, minimum
        # A rule's full points: the leaf's max, or on a deduction leaf (max 0) its floor.
        self.full = maximum if maximum > 0 else minimum

    def point(self, value: Decimal) -> Decimal:
        value = max(self.minimum, min(value, self.maximum))
        value = value.quantize(TWO_PLACES, rounding=ROUND_HALF_UP)
        return value if value else _ZERO.quantize(TWO_PLACES)  # never "-0"

    def values(self, points) -> Attainable:
        unique: list[Decimal] = []
        for value in points:
            value = self.point(value)
            if value not in unique:
                unique.append(value)
        return Attainable(values=tuple(unique))

    def between(self, one: Decimal, other: Decimal, *, also=()) -> Attainable:
        low, high = sorted((self.point(one), self.point(other)))
        extra = [self.point(value) for value in also]
        return Attainable(
            values=tuple(dict.fromkeys(v for v in extra if not low <= v <= high)),
            ranges=((low, high),),
        )


def _count(rule: Mapping[str, Any], fit: _Fit) -> Attainable:
    per_item = _rule_number(rule["per_item"])
    cap = rule.get("cap")
    # Without a cap the leaf's bound stops the count (evaluate_rule clamps to it).
    limit = fit.point(_rule_number(cap) if cap is not None else fit.full)
    if limit == 0:
        return Attainable(values=(_ZERO,))
    whole_items = int(limit / per_item)  # items before the limit (the cap may cut the last)
    if whole_items < LISTED_MULTIPLES:
        return fit.values([per_item * count for count in range(whole_items + 1)] + [limit])
    return Attainable(values=(_ZERO, limit), step=per_item, limit=limit)


def _counts(rule: Mapping[str, Any], fit: _Fit) -> Attainable:
    if_none = rule.get("if_none")
    none_received = fit.full if if_none is None else _rule_number(if_none)
    raw_floor = rule.get("floor")
    floor = _rule_number(raw_floor) if raw_floor is not None else None
    below_floor = [_ZERO] if floor is not None and floor > 0 else []
    if rule.get("bands"):
        reached = [
            band["points"]
            for band in normalize_bands(rule["bands"])
            if floor is None
            or band["max"] > floor
            or (band["max"] == floor and band["max_inclusive"])
        ]
        return fit.values([*reached, *below_floor, none_received])
    lowest = fit.full * floor / _HUNDRED if floor is not None else _ZERO
    return fit.between(lowest, fit.full, also=[*below_floor, none_received])
