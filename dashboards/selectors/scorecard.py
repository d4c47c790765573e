"""One unit's scorecard for a year: fields, methods, lost points, commitment and trend."""

from dataclasses import dataclass
from decimal import Decimal

from assessments import counting
from assessments.losses import LeafLoss
from dashboards.cache import Fingerprint
from dashboards.selectors.losses import worst_leaves_kept
from dashboards.selectors.rows import NOT_STARTED, Row, build_row
from dashboards.selectors.sets import (
    FieldInfo,
    set_results,
    workflow_statuses,
    year_commitments,
)
from indexes import scoring
from indexes.applicability import applicability
from indexes.models import IndexSet
from units.models import Unit

LOSSES_SHOWN = 10


@dataclass(frozen=True)
class FieldLine:
    info: FieldInfo
    totals: scoring.Totals
    why_not_applicable: str = ""  # a whole field left off the unit, and why


@dataclass(frozen=True)
class TrendEntry:
    year: int
    set_code: str
    unit_code: str
    unit_name: str
    is_self: bool  # False for a predecessor the unit was merged from or renamed from
    points: Decimal
    max_points: Decimal
    pct: Decimal | None
    rank: int | None
    units: int
    class_label: str
    class_label_en: str
    basis: str

    @property
    def provisional(self) -> bool:
        """Not the published figures yet: drawn and listed apart from the final years."""
        return self.basis != counting.FINAL


@dataclass(frozen=True)
class Scorecard:
    unit: Unit
    index_set: IndexSet
    basis: str
    row: Row
    units_ranked: int
    fields: tuple[FieldLine, ...]
    losses: tuple[LeafLoss, ...]
    trend: tuple[TrendEntry, ...]  # oldest first


def lineage(unit: Unit) -> list[Unit]:
    """The unit and every unit it continues (predecessors of predecessors too), in two queries."""
    links: dict[int, list[int]] = {}
    # Ordered: without it PostgreSQL returns the links in any order, and the trend's order
    # of predecessors would change from one request to the next.
    rows = Unit.predecessors.through.objects.values_list("from_unit_id", "to_unit_id")
    for successor_id, predecessor_id in rows.order_by("from_unit_id", "to_unit_id"):
        links.setdefault(successor_id, []).append(predecessor_id)
    seen, frontier = [unit.pk], [unit.pk]
    while frontier:
        reached = (p for pk in frontier for p in links.get(pk, []) if p not in seen)
        frontier = list(dict.fromkeys(reached))  # a unit reached twice in one step, once
        seen.extend(frontier)
    others = {u.pk: u for u in Unit.objects.filter(pk__in=seen[1:])}
    return [unit, *(others[pk] for pk in seen[1:] if pk in others)]


def set_for(unit: Unit, year: int, all_sets: list[IndexSet]) -> IndexSet | None:
    return next((s for s in all_sets if s.year == year and unit.kind in (s.unit_kinds or [])), None)


def trend_sets_for(units: list[Unit], all_sets: list[IndexSet]) -> list[IndexSet]:
    """The sets of every year that score the kinds of the unit or of its predecessors."""
    kinds = {u.kind for u in units}
    return [s for s in all_sets if kinds & set(s.unit_kinds or [])]


def unit_scorecard(
    *,
    unit: Unit,
    index_set: IndexSet,
    lineage_units: list[Unit],
    trend_sets: list[IndexSet],
    fp: Fingerprint,
) -> Scorecard | None:
    """None when the set does not score the unit (it did not exist in that year)."""
    sr = set_results(index_set, fp)
    result = sr.by_unit.get(unit.pk)
    if result is None:
        return None
    row = build_row(
        result=result,
        set_id=index_set.pk,
        set_code=index_set.code,
        rank=result.rank,
        tied=result.rank is not None and sr.rank_counts.get(result.rank, 0) > 1,
        targets=sr.targets,
        commitment=year_commitments(index_set.year, fp).get(unit.pk),
        workflow=workflow_statuses([index_set.pk], fp).get((unit.pk, index_set.pk), NOT_STARTED),
        class_labels_en={c.code: c.label_en for c in sr.classes},
    )
    return Scorecard(
        unit=unit,
        index_set=index_set,
        basis=sr.basis,
        row=row,
        units_ranked=sr.ranked,
        fields=_field_lines(index_set, unit, sr.fields, result.rollup.by_field),
        losses=tuple(
            worst_leaves_kept(
                index_set=index_set,
                unit_ids=[unit.pk],
                limit=LOSSES_SHOWN,
                fp=fp,
                versions=sr.versions,
            )[unit.pk]
        ),
        trend=tuple(_trend(lineage_units, trend_sets, fp)),
    )


def _field_lines(
    index_set: IndexSet, unit: Unit, fields: tuple[FieldInfo, ...], by_field: dict
) -> tuple[FieldLine, ...]:
    """The unit's fields; a normal field with nothing left of its maximum does not apply
    to the unit, and says why (read only then: most scorecards have no such field)."""
    lines = [FieldLine(info, by_field[info.code]) for info in fields if info.code in by_field]
    left_off = [line for line in lines if line.info.kind == "normal" and not line.totals.max_points]
    if not left_off:
        return tuple(lines)
    marks = applicability(index_set, [unit.pk])
    return tuple(
        FieldLine(line.info, line.totals, marks.reason_for(unit.pk, line.info.sort_key) or "")
        if line in left_off
        else line
        for line in lines
    )


def _trend(units: list[Unit], trend_sets: list[IndexSet], fp: Fingerprint) -> list[TrendEntry]:
    entries = []
    for index_set in sorted(trend_sets, key=lambda s: (s.year, s.code)):
        sr = set_results(index_set, fp)
        labels = {c.code: (c.label, c.label_en) for c in sr.classes}
        for position, member in enumerate(units):
            result = sr.by_unit.get(member.pk)
            if result is None:
                continue
            code = result.classification.code if result.classification else ""
            label, label_en = labels.get(code, ("", ""))
            entries.append(
                TrendEntry(
                    year=index_set.year,
                    set_code=index_set.code,
                    unit_code=member.code,
                    unit_name=member.name,
                    is_self=position == 0,
                    points=result.rollup.total.points,
                    max_points=result.rollup.total.max_points,
                    pct=result.pct,
                    rank=result.rank,
                    units=len(sr.results),
                    class_label=label,
                    class_label_en=label_en,
                    basis=sr.basis,
                )
            )
    return entries
