"""Everything the year dashboard shows: ranking rows, headline, at-risk units, trend.

Computed once per fingerprint and cached (see dashboards/cache.py); the number of
queries depends on the number of index sets involved, never on the number of units.
"""

from collections import Counter
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal

from assessments import counting
from assessments.losses import LeafLoss
from assessments.models import AssessmentStatus
from dashboards.cache import Fingerprint, cached, cached_shared
from dashboards.selectors.losses import worst_leaves_kept
from dashboards.selectors.rows import NOT_STARTED, Row, build_row
from dashboards.selectors.scope import Scope
from dashboards.selectors.sets import (
    ClassInfo,
    FieldInfo,
    SetResults,
    set_results,
    workflow_statuses,
    year_commitments,
)
from indexes import scoring
from indexes.models import IndexSet

AT_RISK_SHOWN = 20
LOSSES_PER_UNIT = 3
TWO_PLACES = Decimal("0.01")
NOT_SUBMITTED = (NOT_STARTED, AssessmentStatus.DRAFT)
AWAITING_APPRAISAL = (
    AssessmentStatus.SUBMITTED,
    AssessmentStatus.RETURNED,
    AssessmentStatus.EXPLAINED,
)


@dataclass(frozen=True)
class ClassCount:
    code: str
    label: str
    label_en: str
    count: int


@dataclass(frozen=True)
class Headline:
    units: int
    meeting_all: int
    average_pct: Decimal | None
    classes: tuple[ClassCount, ...]
    unclassified: int
    not_submitted: int
    awaiting_appraisal: int
    appraised: int
    at_risk: int


@dataclass(frozen=True)
class AtRisk:
    row: Row
    losses: tuple[LeafLoss, ...]


@dataclass(frozen=True)
class TrendPoint:
    year: int
    units: int
    average_pct: Decimal | None
    meeting_all_pct: Decimal | None  # share of units that met every target of the city
    bases: tuple[str, ...]

    @property
    def provisional(self) -> bool:
        """Figures that may still change (self or appraisal scores, not the published ones):
        the trend draws them apart from the final years, never on the same line."""
        return any(basis != counting.FINAL for basis in self.bases)


@dataclass(frozen=True)
class SetSection:
    """One set's ranking: its units ranked among themselves (as on their scorecards),
    with its own classes, fields and units at risk. Sets are never ranked together: each
    has its own tree, maximum and classification scheme."""

    set_id: int
    set_code: str
    rows: tuple[Row, ...]  # best first
    headline: Headline
    at_risk: tuple[AtRisk, ...]  # the AT_RISK_SHOWN units lacking most points
    fields: tuple[FieldInfo, ...]
    methods: tuple[str, ...]


@dataclass(frozen=True)
class YearPayload:
    rows: tuple[Row, ...]  # every section's rows, one section after the other
    headline: Headline  # the whole scope's figures; classes are per section
    sections: tuple[SetSection, ...]  # in the order of the scope's sets
    fields: tuple[FieldInfo, ...]
    methods: tuple[str, ...]
    trend: tuple[TrendPoint, ...]  # oldest first
    fields_by_set: dict[int, tuple[FieldInfo, ...]]


def year_payload(scope: Scope, fp: Fingerprint) -> YearPayload:
    trend_ids = {s.pk for sets in scope.trend_sets().values() for s in sets}
    key = fp.key(
        "year",
        set_ids=trend_ids | set(scope.set_ids),
        workflow=True,
        extra=[scope.year, scope.key],
    )
    return cached(
        key,
        lambda: replace(_ranked_payload(scope, fp), trend=tuple(_trend(scope.trend_sets(), fp))),
    )


def _ranked_payload(scope: Scope, fp: Fingerprint) -> YearPayload:
    """The payload but its trend, under a key of the year's sets only: a save in another
    year (the round under way) changes the trend, not the ranking of this one."""
    year_set_ids = {s.pk for s in scope.year_sets}
    key = fp.key(
        "year-ranked",
        set_ids=year_set_ids | set(scope.set_ids),
        workflow=True,
        extra=[scope.year, scope.key],
    )
    return cached(key, lambda: compute_year_payload(scope, fp))


def compute_year_payload(scope: Scope, fp: Fingerprint) -> YearPayload:
    """Every figure of the year's page but its trend (`year_payload` adds it)."""
    results = [set_results(index_set, fp) for index_set in scope.index_sets]
    sections = [
        _section(index_set, sr, ranking_rows(year=scope.year, results=[sr], fp=fp), fp)
        for index_set, sr in zip(scope.index_sets, results, strict=True)
    ]
    rows = [row for section in sections for row in section.rows]
    at_risk = sum(section.headline.at_risk for section in sections)
    return YearPayload(
        rows=tuple(rows),
        headline=_headline(rows, results, at_risk),
        sections=tuple(sections),
        fields=_fields(results),
        methods=tuple(m for m in scoring.METHODS if any(m in row.methods for row in rows)),
        trend=(),
        fields_by_set={sr.set_id: sr.fields for sr in results},
    )


def _section(index_set: IndexSet, sr: SetResults, rows: list[Row], fp: Fingerprint) -> SetSection:
    at_risk = sorted((row for row in rows if row.at_risk), key=_lacking_most)
    shown = at_risk[:AT_RISK_SHOWN]
    losses = worst_leaves_kept(
        index_set=index_set,
        unit_ids=[row.unit_id for row in shown],
        limit=LOSSES_PER_UNIT,
        fp=fp,
        versions=sr.versions,
    )
    return SetSection(
        set_id=sr.set_id,
        set_code=sr.set_code,
        rows=tuple(rows),
        headline=_headline(rows, [sr], len(at_risk)),
        at_risk=tuple(AtRisk(row, tuple(losses.get(row.unit_id, ()))) for row in shown),
        fields=_fields([sr]),
        methods=tuple(m for m in scoring.METHODS if any(m in row.methods for row in rows)),
    )


def ranking_rows(*, year: int, results: list[SetResults], fp: Fingerprint) -> list[Row]:
    """Rows of every unit of the given sets, each ranked within its own set by % of max
    (ties share; the rank its scorecard shows), best first."""
    commitments = year_commitments(year, fp)
    statuses = workflow_statuses([sr.set_id for sr in results], fp)
    rows = []
    for sr in results:
        labels_en = {c.code: c.label_en for c in sr.classes}
        for result in sr.results:
            rank = result.rank
            tied = rank is not None and sr.rank_counts.get(rank, 0) > 1
            commitment = commitments.get(result.unit.pk)
            workflow = statuses.get((result.unit.pk, sr.set_id), NOT_STARTED)
            inputs = (result, commitment, workflow, sr.targets, labels_en)
            earlier = _rows.get((sr.set_id, result.unit.pk))
            if earlier is not None and _same(earlier[0], inputs):
                # The unit's result and commitment are the very objects the row was built
                # from (dashboards/incremental.py keeps an unchanged unit's result): at
                # most its rank moved.
                row = earlier[1]
                if (row.rank, row.tied) != (rank, tied):
                    row = replace(row, rank=rank, tied=tied)
            else:
                row = build_row(
                    result=result,
                    set_id=sr.set_id,
                    set_code=sr.set_code,
                    rank=rank,
                    tied=tied,
                    targets=sr.targets,
                    commitment=commitment,
                    workflow=workflow,
                    class_labels_en=labels_en,
                )
            _rows[(sr.set_id, result.unit.pk)] = (inputs, row)
            rows.append(row)
    rows.sort(key=lambda row: (row.rank is None, row.rank or 0, row.unit_order, row.unit_name))
    return rows


# The latest row of each (set, unit) in this process and what it was built from.
_rows: dict[tuple[int, int], tuple[tuple, Row]] = {}


def _same(earlier: tuple, inputs: tuple) -> bool:
    """The same result object (not merely an equal one: identity is what tells, cheaply,
    that nothing was recomputed), an equal commitment, status, targets and class labels."""
    return earlier[0] is inputs[0] and earlier[1:] == inputs[1:]


def average(values: list[Decimal | None]) -> Decimal | None:
    known = [value for value in values if value is not None]
    return mean(sum(known, Decimal(0)), len(known))


def mean(total: Decimal, count: int) -> Decimal | None:
    """`total` / `count` with two places (None for no values): the average pages show."""
    if not count:
        return None
    return (total / count).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def share(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) * 100 / whole).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def _lacking_most(row: Row):
    return (-row.lacking, row.pct if row.pct is not None else Decimal(0), row.unit_name)


def _headline(rows: list[Row], results: list[SetResults], at_risk: int) -> Headline:
    classes: dict[str, ClassInfo] = {}
    for sr in results:
        for info in sr.classes:
            classes.setdefault(info.code, info)
    counts = Counter(row.class_code for row in rows)
    workflow = Counter(row.workflow for row in rows)
    return Headline(
        units=len(rows),
        meeting_all=sum(row.all_targets_met for row in rows),
        average_pct=average([row.pct for row in rows]),
        classes=tuple(
            ClassCount(info.code, info.label, info.label_en, counts.get(info.code, 0))
            for info in sorted(classes.values(), key=lambda info: -info.min_pct)
        ),
        unclassified=counts.get("", 0),
        not_submitted=sum(workflow[status] for status in NOT_SUBMITTED),
        awaiting_appraisal=sum(workflow[status] for status in AWAITING_APPRAISAL),
        appraised=workflow[AssessmentStatus.APPRAISED],
        at_risk=at_risk,
    )


def _fields(results: list[SetResults]) -> tuple[FieldInfo, ...]:
    """The fields of the sets, by code; where sets name a code differently, the first wins."""
    fields: dict[str, FieldInfo] = {}
    for sr in results:
        for info in sr.fields:
            fields.setdefault(info.code, info)
    return tuple(sorted(fields.values(), key=lambda info: _code_key(info.code)))


def _code_key(code: str):
    return [(0, int(part)) if part.isdigit() else (1, part) for part in code.split(".")]


@dataclass(frozen=True)
class SetSummary:
    """What the trend needs of one set: a few numbers, shared by every worker, so that a
    year's page does not need the full results of every other year."""

    units: int
    known: int  # units with a percentage
    pct_sum: Decimal  # of those percentages, exact
    meeting_all: int
    basis: str


def set_summary(index_set: IndexSet, fp: Fingerprint) -> SetSummary:
    def compute() -> SetSummary:
        sr = set_results(index_set, fp)
        known = [r.pct for r in sr.results if r.pct is not None]
        return SetSummary(
            units=len(sr.results),
            known=len(known),
            pct_sum=sum(known, Decimal(0)),
            meeting_all=sum(r.all_targets_met for r in sr.results),
            basis=sr.basis,
        )

    key = fp.key("summary", set_ids=[index_set.pk], extra=[index_set.phase])
    return cached_shared(key, compute)


def _trend(by_year: dict[int, list[IndexSet]], fp: Fingerprint) -> list[TrendPoint]:
    points = []
    for year, index_sets in sorted(by_year.items()):
        summaries = [set_summary(index_set, fp) for index_set in index_sets]
        units = sum(s.units for s in summaries)
        known = sum(s.known for s in summaries)
        pct_sum = sum((s.pct_sum for s in summaries), Decimal(0))
        points.append(
            TrendPoint(
                year=year,
                units=units,
                average_pct=mean(pct_sum, known),  # average() of every unit's percentage
                meeting_all_pct=share(sum(s.meeting_all for s in summaries), units),
                bases=tuple(sorted({s.basis for s in summaries})),
            )
        )
    return points
