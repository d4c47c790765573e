"""One field of a set across every unit: its total and each of its criteria, per unit."""

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Sum
from django.db.models.functions import Coalesce, Substr

from assessments.results import applicable_scores, counting_basis
from dashboards.cache import Fingerprint, cached
from dashboards.selectors.sets import FieldInfo, set_results
from dashboards.selectors.year import average
from indexes import scoring
from indexes.models import Criterion, IndexSet, NotApplicable

# A criterion's key is the first two segments of a leaf's sort key ("0003.0002").
CRITERION_KEY_LENGTH = 9
ZERO = Decimal("0")


@dataclass(frozen=True)
class CriterionInfo:
    code: str
    name: str
    name_en: str
    key: str


@dataclass(frozen=True)
class FieldRow:
    unit_id: int
    unit_code: str
    unit_name: str
    unit_kind: str
    rank: int | None
    tied: bool
    points: Decimal
    max_points: Decimal
    pct: Decimal | None
    criteria: dict[str, scoring.Totals]  # by criterion code; absent = not applicable


@dataclass(frozen=True)
class FieldPayload:
    index_set: IndexSet
    field: FieldInfo
    basis: str
    criteria: tuple[CriterionInfo, ...]
    rows: tuple[FieldRow, ...]  # best first on the field
    average_pct: Decimal | None


def field_payload(*, index_set: IndexSet, field_code: str, fp: Fingerprint) -> FieldPayload | None:
    """None when the set has no field with that code."""
    key = fp.key("field", set_ids=[index_set.pk], extra=[field_code])
    return cached(key, lambda: _compute(index_set, field_code, fp))


def _compute(index_set: IndexSet, field_code: str, fp: Fingerprint) -> FieldPayload | None:
    sr = set_results(index_set, fp)
    info = next((f for f in sr.fields if f.code == field_code), None)
    if info is None:
        return None
    nodes = list(
        Criterion.objects.filter(index_set=index_set, code__startswith=field_code)
        .order_by("sort_key")
        .values("code", "name", "name_en", "sort_key", "depth", "method", "max_points")
    )
    field_key = next(n["sort_key"] for n in nodes if n["code"] == field_code)
    nodes = [
        n for n in nodes if n["sort_key"] == field_key or n["sort_key"].startswith(field_key + ".")
    ]
    # Leaves hang under a criterion (depth 2); a field scored as one leaf is its own group.
    criteria = [n for n in nodes if n["depth"] == 2] or [n for n in nodes if n["depth"] == 1]
    leaves = [n for n in nodes if n["method"]]
    unit_ids = [r.unit.pk for r in sr.results]
    points = _points(index_set, field_key, unit_ids)
    exempt = _exempt_keys(index_set, field_key, unit_ids)

    ranks = scoring.rank({r.unit.pk: r.rollup.by_field[field_code].pct for r in sr.results})
    rank_counts = Counter(rank for rank in ranks.values() if rank is not None)
    full = _maxima(criteria, leaves, set())
    rows = []
    for result in sr.results:
        unit_id = result.unit.pk
        totals = result.rollup.by_field[field_code]
        rank = ranks[unit_id]
        maxima = _maxima(criteria, leaves, exempt[unit_id]) if unit_id in exempt else full
        by_criterion = {}
        for criterion in criteria:
            prefix = criterion["sort_key"][:CRITERION_KEY_LENGTH]
            maximum = maxima[prefix]
            if maximum:
                got = min(points.get((unit_id, prefix), ZERO), maximum)
                by_criterion[criterion["code"]] = scoring.Totals(got, maximum)
        rows.append(
            FieldRow(
                unit_id=unit_id,
                unit_code=result.unit.code,
                unit_name=result.unit.name,
                unit_kind=result.unit.kind,
                rank=rank,
                tied=rank is not None and rank_counts[rank] > 1,
                points=totals.points,
                max_points=totals.max_points,
                pct=totals.pct,
                criteria=by_criterion,
            )
        )
    rows.sort(key=lambda row: (row.rank is None, row.rank or 0, row.unit_name))
    return FieldPayload(
        index_set=index_set,
        field=info,
        basis=sr.basis,
        criteria=tuple(
            CriterionInfo(c["code"], c["name"], c["name_en"], c["sort_key"]) for c in criteria
        ),
        rows=tuple(rows),
        average_pct=average([row.pct for row in rows]),
    )


def _maxima(
    criteria: Sequence[Mapping[str, Any]], leaves: Sequence[Mapping[str, Any]], exempt: set[str]
) -> dict[str, Decimal]:
    """Max points per criterion (by sort-key prefix), leaving out exempt leaves."""
    maxima = {}
    for criterion in criteria:
        prefix = criterion["sort_key"][:CRITERION_KEY_LENGTH]
        maxima[prefix] = sum(
            (
                leaf["max_points"]
                for leaf in leaves
                if leaf["sort_key"].startswith(prefix) and leaf["sort_key"] not in exempt
            ),
            ZERO,
        )
    return maxima


def _points(index_set: IndexSet, field_key: str, unit_ids: list[int]) -> dict:
    """Counted points per unit and criterion of the field, summed in SQL."""
    counted = (
        "self_points"
        if counting_basis(index_set) == "self"
        else Coalesce("appraised_points", "self_points")
    )
    rows = (
        applicable_scores(index_set)
        .filter(unit_id__in=unit_ids, criterion__sort_key__startswith=field_key)
        .annotate(group=Substr("criterion__sort_key", 1, CRITERION_KEY_LENGTH))
        .values("unit_id", "group")
        .annotate(points=Sum(counted))
        .order_by()
    )
    return {
        (row["unit_id"], row["group"]): Decimal(str(row["points"] or 0)).quantize(Decimal("0.01"))
        for row in rows
    }


def _exempt_keys(index_set: IndexSet, field_key: str, unit_ids: list[int]) -> dict[int, set[str]]:
    """Per unit, the sort keys of the field's leaves marked not applicable (or under a mark)."""
    leaf_keys = list(
        Criterion.objects.filter(index_set=index_set, sort_key__startswith=field_key)
        .exclude(method="")
        .values_list("sort_key", flat=True)
    )
    exempt: dict[int, set[str]] = {}
    marks = NotApplicable.objects.filter(
        criterion__index_set=index_set, unit_id__in=unit_ids
    ).values_list("unit_id", "criterion__sort_key")
    for unit_id, node_key in marks:
        exempt.setdefault(unit_id, set()).update(
            key for key in leaf_keys if key == node_key or key.startswith(node_key + ".")
        )
    return exempt
