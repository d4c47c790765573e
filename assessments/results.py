"""Every unit's result on an index set: points per field and method, targets, class, rank.

Points are summed in SQL, grouped by unit, field and method, so the work does not grow
with the number of leaves; not-applicable leaves leave both the points and the maximum.
Which leaves apply is `indexes.applicability`'s rule, which score counts
`assessments.counting`'s, and the roll-up of the sums, percentages, targets, classes and
ranks are the pure `scoring` package's (`scoring.rollup_groups`, the very function the
property tests guard).
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from django.db.models import CharField, F, QuerySet, Sum, Value
from django.db.models.functions import Cast, Coalesce, Concat, Substr

from assessments import counting
from assessments.adjustments import AdjustmentTotals, apply_to_total, capped_totals
from assessments.membership import index_set_units
from assessments.models import Adjustment, Score
from indexes import scoring
from indexes.applicability import applicability, applies_row
from indexes.models import Criterion, IndexSet
from units.models import Unit

ZERO = Decimal("0")
# A field's key is the first segment of a leaf's sort key (each segment is 4 characters).
FIELD_KEY_LENGTH = 4


@dataclass(frozen=True, slots=True)
class UnitResult:
    unit: Unit
    rollup: scoring.Rollup
    targets: dict[str, scoring.TargetResult]
    all_targets_met: bool
    classification: scoring.Threshold | None
    rank: int | None
    # Bonus and deduction points (once appraisal counts), shown apart from fields and methods.
    # rollup.total already includes them; adjustment_points is what they changed it by
    # once kept within 0 and the maximum.
    adjustment_points: Decimal = Decimal("0")
    bonus_points: Decimal = Decimal("0")
    deduction_points: Decimal = Decimal("0")

    @property
    def pct(self) -> Decimal | None:
        return self.rollup.total.pct


def index_set_results(
    *,
    index_set: IndexSet,
    units: Iterable[Unit] | None = None,
    basis: str | None = None,
) -> list[UnitResult]:
    """Results of every unit (or of `units`), best first, ranked with ties."""
    units_list = list(units if units is not None else index_set_units(index_set))
    frame = set_frame(index_set, basis)
    return ranked_results(frame, units_list, unit_rollups(frame, [unit.pk for unit in units_list]))


@dataclass(frozen=True)
class SetFrame:
    """What every unit's roll-up of a set needs besides the unit's own points and marks:
    read once, then shared by a full computation and by a recomputation of a few units
    (dashboards/incremental.py), which therefore cannot differ."""

    index_set: IndexSet
    basis: str
    leaves: tuple["Leaf", ...]
    bounds: scoring.Bounds
    targets: dict[str, Decimal]
    thresholds: tuple[scoring.Threshold, ...]
    everything_applies: "Maxima"


# A unit's roll-up and, once appraisal counts, its bonus and deduction totals.
UnitRollup = tuple[scoring.Rollup, AdjustmentTotals | None]


def set_frame(index_set: IndexSet, basis: str | None = None) -> SetFrame:
    leaves = tuple(_leaves(index_set))
    return SetFrame(
        index_set=index_set,
        basis=basis or counting.basis_for(index_set),
        leaves=leaves,
        bounds=bounds_of(index_set),
        targets={target.method: target.pct for target in index_set.targets.all()},
        thresholds=tuple(
            scoring.Threshold(code=t.code, label=t.label, min_pct=t.min_pct)
            for t in index_set.thresholds.all()
        ),
        everything_applies=group_maxima(leaves, exempt=set()),
    )


# Up to this many units, their points are summed here rather than in SQL: reading a few
# units' scores is quicker than building the query's applicability subqueries (12 of the
# ~25 ms one unit's sums took in SQL, after every save the dashboards see).
FEW_UNITS = 20


def unit_rollups(frame: SetFrame, unit_ids: list[int]) -> dict[int, UnitRollup]:
    """The roll-up of each of `unit_ids`, from its points summed in SQL (a fixed number of
    queries however many units), or for a few units from their scores read here, by the
    pure `scoring.rollup_groups`. tests/dashboards/test_incremental.py holds the two
    equal: it recomputes a few units after random saves and compares with the whole set."""
    if not unit_ids:
        return {}
    marks = applicability(frame.index_set, unit_ids)
    exempt_of = {
        unit_id: marks.exempt_keys(unit_id, (leaf.sort_key for leaf in frame.leaves))
        for unit_id in unit_ids
    }
    if len(unit_ids) <= FEW_UNITS:
        points, adjustments = _points_of_few(frame, unit_ids, exempt_of)
    else:
        points, adjustments = _points_by_unit_field_method(frame.index_set, unit_ids, frame.basis)
    rollups: dict[int, UnitRollup] = {}
    for unit_id in unit_ids:
        exempt = exempt_of[unit_id]
        maxima = group_maxima(frame.leaves, exempt) if exempt else frame.everything_applies
        rollup = rollup_of(maxima, points.get(unit_id, {}), frame.bounds)
        totals = adjustments.get(unit_id)
        if totals is not None:
            rollup = _adjusted(rollup, totals)
        rollups[unit_id] = (rollup, totals)
    return rollups


def unit_result(frame: SetFrame, unit: Unit, rollup: UnitRollup, rank: int | None) -> UnitResult:
    """A unit's result from its roll-up: targets, class and the bonus and deduction figures."""
    totals, adjustments = rollup
    target_results = scoring.check_targets(totals.by_method, frame.targets)
    return UnitResult(
        unit=unit,
        rollup=totals,
        targets=target_results,
        all_targets_met=scoring.all_targets_met(target_results),
        classification=scoring.classify(totals.total.pct, frame.thresholds),
        rank=rank,
        **_adjustment_figures(totals, adjustments),
    )


def ranked_results(
    frame: SetFrame,
    units: list[Unit],
    rollups: Mapping[int, UnitRollup],
    *,
    unchanged: Mapping[int, UnitResult] | None = None,
) -> list[UnitResult]:
    """Every unit's result, best first, ranked with ties. `unchanged` holds earlier results
    of units whose roll-up is the same (only their rank may have moved)."""
    ranks = scoring.rank({unit.pk: rollups[unit.pk][0].total.pct for unit in units})
    results = []
    for unit in units:
        rank = ranks[unit.pk]
        earlier = unchanged.get(unit.pk) if unchanged else None
        if earlier is None:
            results.append(unit_result(frame, unit, rollups[unit.pk], rank))
        else:
            results.append(earlier if earlier.rank == rank else replace(earlier, rank=rank))
    return sorted(results, key=lambda r: (r.rank is None, r.rank or 0, r.unit.sort_order))


def _adjusted(rollup: scoring.Rollup, totals: AdjustmentTotals) -> scoring.Rollup:
    total = rollup.total
    points = apply_to_total(total.points, total.max_points, totals.net)
    return scoring.Rollup(
        total=scoring.Totals(points, total.max_points),
        by_field=rollup.by_field,
        by_method=rollup.by_method,
    )


def _adjustment_figures(rollup: scoring.Rollup, totals: AdjustmentTotals | None) -> dict:
    if totals is None:
        return {}
    unadjusted = sum((t.points for t in rollup.by_method.values()), ZERO)
    return {
        "adjustment_points": rollup.total.points - unadjusted,
        "bonus_points": totals.bonus,
        "deduction_points": totals.deduction,
    }


@dataclass(frozen=True)
class Leaf:
    """A leaf as the sums need it. `group_key` is the sort key of the node its points are
    summed under (its field here; its criterion on a field's page), `group_code` its code."""

    sort_key: str
    group_key: str
    group_code: str
    method: str
    max_points: Decimal
    kind: str


# (group key, group code, method, kind of node) → [max points, applicable leaves]
Maxima = dict[tuple[str, str, str, str], list]
# (group key, method, kind of node) → one unit's counted points, summed in SQL
Points = Mapping[tuple[str, str, str], Decimal]


def _leaves(index_set: IndexSet) -> list["Leaf"]:
    rows = (
        Criterion.objects.filter(index_set=index_set)
        .exclude(method="")
        .order_by("sort_key")
        .values_list("code", "sort_key", "method", "max_points", "kind")
    )
    return [leaf_of(*row) for row in rows]


def leaf_of(code: str, sort_key: str, method: str, max_points: Decimal, kind: str) -> Leaf:
    """A leaf as the sums need it, summed under its field (the first part of its code)."""
    return Leaf(sort_key, sort_key[:FIELD_KEY_LENGTH], code.split(".")[0], method, max_points, kind)


def group_maxima(leaves: Iterable[Leaf], exempt: set[str]) -> Maxima:
    """The maximum and the number of applicable leaves of each group, in tree order;
    every group of the tree is present, with 0 of 0 where nothing applies."""
    groups: Maxima = {}
    for leaf in leaves:
        group = (leaf.group_key, leaf.group_code, leaf.method, leaf.kind)
        sums = groups.setdefault(group, [ZERO, 0])
        if leaf.sort_key not in exempt:
            sums[0] += leaf.max_points
            sums[1] += 1
    return groups


def rollup_of(maxima: Maxima, points: Points, bounds: scoring.Bounds) -> scoring.Rollup:
    """One unit's roll-up by the pure `scoring.rollup_groups`, with its groups' points."""
    return scoring.rollup_groups(
        (
            scoring.Group(
                field_code=code,
                method=method,
                points=points.get((key, method, kind), ZERO),
                max_points=max_points,
                leaves=leaves,
                kind=kind,
            )
            for (key, code, method, kind), (max_points, leaves) in maxima.items()
        ),
        bounds,
    )


def bounds_of(index_set: IndexSet) -> scoring.Bounds:
    return scoring.Bounds(index_set.may_exceed_max, index_set.may_fall_below_zero)


def applicable_scores(index_set: IndexSet) -> QuerySet[Score]:
    """The set's scores on leaves that apply to their unit."""
    return Score.objects.filter(criterion__index_set=index_set).filter(applies_row(index_set))


ADJUSTMENT_KEY = "adj:"


def _points_by_unit_field_method(
    index_set: IndexSet, unit_ids: list[int], basis: str
) -> tuple[dict[int, dict[tuple[str, str, str], Decimal]], dict[int, AdjustmentTotals]]:
    """Points per unit, field and method; and, once appraisal counts, bonus and deduction
    points per unit, read in the same query (UNION ALL) so that counting them costs no
    extra round trip."""
    counted = counting.counted_expression(basis)
    rows = (
        applicable_scores(index_set)
        .filter(unit_id__in=unit_ids)
        .annotate(
            field_key=Substr("criterion__sort_key", 1, FIELD_KEY_LENGTH),
            method=F("criterion__method"),
            kind=F("criterion__kind"),
        )
        .values("unit_id", "field_key", "method", "kind")
        .annotate(points=Sum(counted))
        .order_by()
    )
    if counting.appraisal_counts(basis):
        rows = rows.union(_adjustment_rows(index_set, unit_ids), all=True)
    points: dict[int, dict[tuple[str, str, str], Decimal]] = {}
    adjustments = []
    for row in rows:
        key = row["field_key"]
        if key.startswith(ADJUSTMENT_KEY):
            adjustments.append(_adjustment(row))
        else:
            group = (key, row["method"], row["kind"])
            points.setdefault(row["unit_id"], {})[group] = row["points"] or ZERO
    return points, capped_totals(adjustments)


def _points_of_few(
    frame: SetFrame, unit_ids: list[int], exempt_of: dict[int, set[str]]
) -> tuple[dict[int, dict[tuple[str, str, str], Decimal]], dict[int, AdjustmentTotals]]:
    """What `_points_by_unit_field_method` gives, from the units' scores read here: each
    score's counted points on a leaf that applies to its unit, summed per field, method
    and kind of node; with the bonus and deduction rows in the same query, as there."""
    leaves = {leaf.sort_key: leaf for leaf in frame.leaves}
    text = CharField()
    rows = (
        Score.objects.filter(criterion__index_set=frame.index_set, unit_id__in=unit_ids)
        .annotate(
            field_key=F("criterion__sort_key"),
            method=Value("", output_field=text),
            kind=Value("", output_field=text),
            points=counting.counted_expression(frame.basis),
        )
        .values("unit_id", "field_key", "method", "kind", "points")
        .order_by()
    )
    if counting.appraisal_counts(frame.basis):
        rows = rows.union(_adjustment_rows(frame.index_set, unit_ids), all=True)
    points: dict[int, dict[tuple[str, str, str], Decimal]] = {}
    adjustments = []
    for row in rows:
        key, counted = row["field_key"], row["points"]
        if key.startswith(ADJUSTMENT_KEY):
            adjustments.append(_adjustment(row))
            continue
        leaf = leaves.get(key)
        if leaf is None or counted is None or key in exempt_of[row["unit_id"]]:
            continue
        sums = points.setdefault(row["unit_id"], {})
        group = (leaf.group_key, leaf.method, leaf.kind)
        sums[group] = sums.get(group, ZERO) + counted
    return points, capped_totals(adjustments)


def _adjustment(row: Mapping[str, Any]) -> tuple:
    """(unit, kind, cap, points) of one of `_adjustment_rows`, as `capped_totals` takes it."""
    _item, _sep, cap = row["field_key"].removeprefix(ADJUSTMENT_KEY).partition(":")
    return row["unit_id"], row["method"], Decimal(cap) if cap else None, row["points"]


def sheet_rollup(index_set: IndexSet, unit_id: int, rows: Iterable, basis: str) -> UnitRollup:
    """One unit's roll-up from the leaf rows its sheet page has read anyway (each leaf
    with the unit's score and whether it applies, `entry_selectors.LeafRow`): the same
    maxima, counted points and `rollup_of` as `unit_rollups`, which
    tests/assessments/test_one_definition.py holds equal to it, without reading the
    scores again. Bonus and deduction points, once they count, cost one query."""
    leaves: list[Leaf] = []
    exempt: set[str] = set()
    points: dict[tuple[str, str, str], Decimal] = {}
    for row in rows:
        node = row.criterion
        leaf = leaf_of(node.code, node.sort_key, node.method, node.max_points, node.kind)
        leaves.append(leaf)
        if not row.applicable:
            exempt.add(leaf.sort_key)
            continue
        counted = counting.counted_points(row.score, basis) if row.score else None
        if counted is not None:
            group = (leaf.group_key, leaf.method, leaf.kind)
            points[group] = points.get(group, ZERO) + counted
    rollup = rollup_of(group_maxima(leaves, exempt), points, bounds_of(index_set))
    if not counting.appraisal_counts(basis):
        return rollup, None
    rows_of_unit = _adjustment_rows(index_set, [unit_id])
    totals = capped_totals(_adjustment(row) for row in rows_of_unit).get(unit_id)
    return (rollup if totals is None else _adjusted(rollup, totals)), totals


def _adjustment_rows(index_set: IndexSet, unit_ids: list[int]) -> QuerySet:
    """(unit, "adj:<item>:<cap>", kind, points summed per unit and item), shaped like the
    score rows above so that the two can be one UNION ALL."""
    text = CharField()
    return (
        Adjustment.objects.filter(item__index_set=index_set, unit_id__in=unit_ids)
        .annotate(
            field_key=Concat(
                Value(ADJUSTMENT_KEY),
                Cast("item_id", text),
                Value(":"),
                Coalesce(Cast("item__cap", text), Value("")),
                output_field=text,
            ),
            method=F("item__kind"),
            kind=Value(scoring.NORMAL, output_field=text),
        )
        .values("unit_id", "field_key", "method", "kind")
        .annotate(points=Sum("points"))
        .order_by()
    )
