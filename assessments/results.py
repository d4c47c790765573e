"""Every unit's result on an index set: points per field and method, targets, class, rank.

Points are summed in SQL, grouped by unit, field and method, so the work does not grow
with the number of leaves; not-applicable leaves leave both the points and the maximum.
The arithmetic on those sums (percentages, targets, classes, ranks) is `scoring.py`'s.
"""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from django.db.models import CharField, Exists, F, OuterRef, QuerySet, Sum, Value
from django.db.models.functions import Cast, Coalesce, Concat, Substr
from django.db.models.lookups import StartsWith

from assessments.adjustments import AdjustmentTotals, apply_to_total, capped_totals
from assessments.membership import index_set_units
from assessments.models import Adjustment, Score
from indexes import scoring
from indexes.models import Criterion, IndexSet, NotApplicable, Phase
from units.models import Unit

Basis = Literal["self", "final"]
ZERO = Decimal("0")
# A field's key is the first segment of a leaf's sort key (each segment is 4 characters).
FIELD_KEY_LENGTH = 4


@dataclass(frozen=True)
class UnitResult:
    unit: Unit
    rollup: scoring.Rollup
    targets: dict[str, scoring.TargetResult]
    all_targets_met: bool
    classification: scoring.Threshold | None
    rank: int | None
    # Bonus and deduction points (final basis only), shown apart from fields and methods.
    # rollup.total already includes them; adjustment_points is what they changed it by
    # once kept within 0 and the maximum.
    adjustment_points: Decimal = Decimal("0")
    bonus_points: Decimal = Decimal("0")
    deduction_points: Decimal = Decimal("0")

    @property
    def pct(self) -> Decimal | None:
        return self.rollup.total.pct


def counting_basis(index_set: IndexSet) -> Basis:
    """Self-scores count until appraisal starts; from then on the appraised (final) ones."""
    return "self" if index_set.phase in (Phase.PREPARING, Phase.SELF_ASSESSMENT) else "final"


def index_set_results(
    *,
    index_set: IndexSet,
    units: QuerySet[Unit] | None = None,
    basis: Basis | None = None,
) -> list[UnitResult]:
    """Results of every unit (or of `units`), best first, ranked with ties."""
    units_list = list(units if units is not None else index_set_units(index_set))
    basis = basis or counting_basis(index_set)
    leaves = _leaves(index_set)
    excluded = _not_applicable_leaf_keys(index_set, [unit.pk for unit in units_list], leaves)
    points, adjustments = _points_by_unit_field_method(
        index_set, [unit.pk for unit in units_list], basis
    )
    field_codes = {leaf["field_key"]: leaf["field_code"] for leaf in leaves}
    targets = {target.method: target.pct for target in index_set.targets.all()}
    thresholds = [
        scoring.Threshold(code=t.code, label=t.label, min_pct=t.min_pct)
        for t in index_set.thresholds.all()
    ]

    full_max = _max_by_field_method(leaves, exempt=set())
    rollups: dict[int, scoring.Rollup] = {}
    for unit in units_list:
        groups = (
            _max_by_field_method(leaves, excluded[unit.pk]) if unit.pk in excluded else full_max
        )
        rollups[unit.pk] = _rollup(unit.pk, groups, points, field_codes)
        if unit.pk in adjustments:
            rollups[unit.pk] = _adjusted(rollups[unit.pk], adjustments[unit.pk])

    ranks = scoring.rank({unit.pk: rollups[unit.pk].total.pct for unit in units_list})
    results = []
    for unit in units_list:
        rollup = rollups[unit.pk]
        target_results = scoring.check_targets(rollup.by_method, targets)
        results.append(
            UnitResult(
                unit=unit,
                rollup=rollup,
                targets=target_results,
                all_targets_met=scoring.all_targets_met(target_results),
                classification=scoring.classify(rollup.total.pct, thresholds),
                rank=ranks[unit.pk],
                **_adjustment_figures(rollup, adjustments.get(unit.pk)),
            )
        )
    return sorted(results, key=lambda r: (r.rank is None, r.rank or 0, r.unit.sort_order))


def _rollup(
    unit_id: int,
    groups: dict[tuple[str, str], Decimal],
    points: dict[tuple[int, str, str], Decimal],
    field_codes: dict[str, str],
) -> scoring.Rollup:
    """scoring.rollup over one unit's (field, method) groups, each capped at its max.

    Same result as building a LeafResult per group and calling scoring.rollup, whose
    per-leaf validation and intermediate Totals cost ~0.7 s at 1,000 units; the sums here
    come from the database (already Decimal, within [0, max]), so only the final Totals
    are built (and checked).
    """
    fields: dict[str, list[Decimal]] = {}
    methods: dict[str, list[Decimal]] = {}
    total_points = total_max = ZERO
    for (field_key, method), max_points in groups.items():
        got = min(points.get((unit_id, field_key, method), ZERO), max_points)
        for sums in (
            fields.setdefault(field_codes[field_key], [ZERO, ZERO]),
            methods.setdefault(method, [ZERO, ZERO]),
        ):
            sums[0] += got
            sums[1] += max_points
        total_points += got
        total_max += max_points
    return scoring.Rollup(
        total=scoring.Totals(total_points, total_max),
        by_field={code: scoring.Totals(*sums) for code, sums in fields.items()},
        by_method={m: scoring.Totals(*methods[m]) for m in scoring.METHODS if m in methods},
    )


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


def _max_by_field_method(leaves: list[dict], exempt: set[str]) -> dict[tuple[str, str], Decimal]:
    groups: dict[tuple[str, str], Decimal] = defaultdict(lambda: ZERO)
    for leaf in leaves:
        if leaf["sort_key"] not in exempt:
            groups[(leaf["field_key"], leaf["method"])] += leaf["max_points"]
    return groups


def _leaves(index_set: IndexSet) -> list[dict]:
    rows = (
        Criterion.objects.filter(index_set=index_set)
        .exclude(method="")
        .values("code", "sort_key", "method", "max_points")
    )
    return [
        {
            **row,
            "field_key": row["sort_key"][:FIELD_KEY_LENGTH],
            "field_code": row["code"].split(".")[0],
        }
        for row in rows
    ]


def _not_applicable_leaf_keys(
    index_set: IndexSet, unit_ids: list[int], leaves: list[dict]
) -> dict[int, set[str]]:
    """Sort keys of the leaves each unit is exempt from (a mark on a parent covers its leaves)."""
    marks = NotApplicable.objects.filter(
        criterion__index_set=index_set, unit_id__in=unit_ids
    ).values_list("unit_id", "criterion__sort_key")
    leaf_keys = [leaf["sort_key"] for leaf in leaves]
    excluded: dict[int, set[str]] = defaultdict(set)
    for unit_id, node_key in marks:
        excluded[unit_id].update(
            key for key in leaf_keys if key == node_key or key.startswith(node_key + ".")
        )
    return excluded


def applicable_scores(index_set: IndexSet) -> QuerySet[Score]:
    """Scores of the set on leaves that apply to their unit."""
    # A mark covers a leaf when the mark's node is the leaf or one of its ancestors,
    # i.e. when the node's sort key is a prefix of the leaf's.
    covering_mark = NotApplicable.objects.filter(
        StartsWith(OuterRef("criterion__sort_key"), F("criterion__sort_key")),
        unit_id=OuterRef("unit_id"),
        criterion__index_set=index_set,
    )
    return Score.objects.filter(criterion__index_set=index_set).exclude(Exists(covering_mark))


ADJUSTMENT_KEY = "adj:"


def _points_by_unit_field_method(
    index_set: IndexSet, unit_ids: list[int], basis: Basis
) -> tuple[dict[tuple[int, str, str], Decimal], dict[int, AdjustmentTotals]]:
    """Points per unit, field and method; and, on the final basis, bonus and deduction
    points per unit, read in the same query (UNION ALL) so that counting them costs no
    extra round trip."""
    counted = "self_points" if basis == "self" else Coalesce("appraised_points", "self_points")
    rows = (
        applicable_scores(index_set)
        .filter(unit_id__in=unit_ids)
        .annotate(
            field_key=Substr("criterion__sort_key", 1, FIELD_KEY_LENGTH),
            method=F("criterion__method"),
        )
        .values("unit_id", "field_key", "method")
        .annotate(points=Sum(counted))
        .order_by()
    )
    if basis == "final":
        rows = rows.union(_adjustment_rows(index_set, unit_ids), all=True)
    points: dict[tuple[int, str, str], Decimal] = {}
    adjustments = []
    for row in rows:
        key = row["field_key"]
        if key.startswith(ADJUSTMENT_KEY):
            _item, _sep, cap = key.removeprefix(ADJUSTMENT_KEY).partition(":")
            cap_value = Decimal(cap) if cap else None
            adjustments.append((row["unit_id"], row["method"], cap_value, row["points"]))
        else:
            points[(row["unit_id"], key, row["method"])] = row["points"] or ZERO
    return points, capped_totals(adjustments)


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
        )
        .values("unit_id", "field_key", "method")
        .annotate(points=Sum("points"))
        .order_by()
    )
