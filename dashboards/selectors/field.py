"""One field of a set across every unit: its total and each of its criteria, per unit."""

from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import F, Sum
from django.db.models.functions import Substr

from assessments import counting, results
from assessments.results import applicable_scores
from dashboards.cache import Fingerprint, cached
from dashboards.selectors.sets import FieldInfo, set_results
from dashboards.selectors.year import average
from indexes import scoring
from indexes.applicability import applicability, covers
from indexes.models import Criterion, IndexSet

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
        .values("code", "name", "name_en", "sort_key", "depth", "method", "max_points", "kind")
    )
    field_key = next(n["sort_key"] for n in nodes if n["code"] == field_code)
    nodes = [n for n in nodes if covers(field_key, n["sort_key"])]  # "3" but not "31"
    # Leaves hang under a criterion (depth 2); a field scored as one leaf is its own group.
    criteria = [n for n in nodes if n["depth"] == 2] or [n for n in nodes if n["depth"] == 1]
    group_codes = {c["sort_key"][:CRITERION_KEY_LENGTH]: c["code"] for c in criteria}
    leaves = [
        results.Leaf(
            n["sort_key"], group, group_codes[group], n["method"], n["max_points"], n["kind"]
        )
        for n in nodes
        if n["method"] and (group := n["sort_key"][:CRITERION_KEY_LENGTH]) in group_codes
    ]
    bounds = results.bounds_of(index_set)
    unit_ids = [r.unit.pk for r in sr.results]
    points = _points(index_set, field_key, unit_ids)
    marks = applicability(index_set, unit_ids)

    ranks = scoring.rank({r.unit.pk: r.rollup.by_field[field_code].pct for r in sr.results})
    rank_counts = Counter(rank for rank in ranks.values() if rank is not None)
    rows = []
    for result in sr.results:
        unit_id = result.unit.pk
        totals = result.rollup.by_field[field_code]
        rank = ranks[unit_id]
        exempt = marks.exempt_keys(unit_id, (leaf.sort_key for leaf in leaves))
        # The roll-up of the results, with the criterion in the place of the field.
        maxima = results.group_maxima(leaves, exempt)
        by_criterion = results.rollup_of(maxima, points.get(unit_id, {}), bounds).by_field
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
                criteria={code: t for code, t in by_criterion.items() if t.max_points},
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


def _points(index_set: IndexSet, field_key: str, unit_ids: list[int]) -> dict:
    """Counted points per unit, criterion and method of the field, summed in SQL."""
    rows = (
        applicable_scores(index_set)
        .filter(unit_id__in=unit_ids, criterion__sort_key__startswith=field_key)
        .annotate(
            group=Substr("criterion__sort_key", 1, CRITERION_KEY_LENGTH),
            method=F("criterion__method"),
            kind=F("criterion__kind"),
        )
        .values("unit_id", "group", "method", "kind")
        .annotate(points=Sum(counting.counted_expression(counting.basis_for(index_set))))
        .order_by()
    )
    points: dict[int, dict[tuple[str, str, str], Decimal]] = {}
    for row in rows:
        group = (row["group"], row["method"], row["kind"])
        points.setdefault(row["unit_id"], {})[group] = Decimal(str(row["points"] or 0)).quantize(
            Decimal("0.01")
        )
    return points
