"""Every unit's result on an index set: points per field and method, targets, class, rank.

Points are summed in SQL, grouped by unit, field and method, so the work does not grow
with the number of leaves; not-applicable leaves leave both the points and the maximum.
The arithmetic on those sums (percentages, targets, classes, ranks) is `scoring.py`'s.
"""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from django.db.models import Exists, F, OuterRef, QuerySet, Sum
from django.db.models.functions import Coalesce, Substr
from django.db.models.lookups import StartsWith

from indexes import scoring
from indexes.models import Criterion, IndexSet, NotApplicable, Phase, Score, Unit

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

    @property
    def pct(self) -> Decimal | None:
        return self.rollup.total.pct


def counting_basis(index_set: IndexSet) -> Basis:
    """Self-scores count until appraisal starts; from then on the appraised (final) ones."""
    return "self" if index_set.phase in (Phase.PREPARING, Phase.SELF_ASSESSMENT) else "final"


def index_set_units(index_set: IndexSet) -> QuerySet[Unit]:
    """The units a set scores: of its kinds and valid at some point in its year."""
    from datetime import date

    return (
        Unit.objects.filter(kind__in=index_set.unit_kinds)
        .exclude(valid_to__lt=date(index_set.year, 1, 1))
        .exclude(valid_from__gt=date(index_set.year, 12, 31))
        .order_by("kind", "sort_order", "name")
    )


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
    points = _points_by_unit_field_method(index_set, [unit.pk for unit in units_list], basis)
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
        rollups[unit.pk] = scoring.rollup(
            scoring.LeafResult(
                code=f"{field_codes[field_key]}:{method}",
                field_code=field_codes[field_key],
                method=method,
                max_points=max_points,
                points=min(points.get((unit.pk, field_key, method), ZERO), max_points),
            )
            for (field_key, method), max_points in groups.items()
        )

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
            )
        )
    return sorted(results, key=lambda r: (r.rank is None, r.rank or 0, r.unit.sort_order))


def _max_by_field_method(leaves: list[dict], exempt: set[str]) -> dict[tuple[str, str], Decimal]:
    groups: dict[tuple[str, str], Decimal] = defaultdict(lambda: ZERO)
    for leaf in leaves:
        if leaf["sort_key"] not in exempt:
            groups[(leaf["field_key"], leaf["method"])] += leaf["max_points"]
    return groups


def _leaves(index_set: IndexSet) -> list[dict]:
    rows = list(
        Criterion.objects.filter(index_set=index_set)
        .exclude(method="")
        .values("code", "sort_key", "method", "max_points")
    )
    for row in rows:
        row["field_key"] = row["sort_key"][:FIELD_KEY_LENGTH]
        row["field_code"] = row["code"].split(".")[0]
    return rows


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


def _points_by_unit_field_method(
    index_set: IndexSet, unit_ids: list[int], basis: Basis
) -> dict[tuple[int, str, str], Decimal]:
    counted = "self_points" if basis == "self" else Coalesce("appraised_points", "self_points")
    rows = (
        applicable_scores(index_set)
        .filter(unit_id__in=unit_ids)
        .annotate(field_key=Substr("criterion__sort_key", 1, FIELD_KEY_LENGTH))
        .values("unit_id", "field_key", "criterion__method")
        .annotate(points=Sum(counted))
        .order_by()
    )
    return {
        (row["unit_id"], row["field_key"], row["criterion__method"]): row["points"] or ZERO
        for row in rows
    }
