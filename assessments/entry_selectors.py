"""Reads of the cycle pages: a unit's sheet of leaves and a leaf's full record.

Every function loads what its page shows in a fixed number of queries, whatever the
number of leaves, so that templates never query.
"""

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from assessments import counting
from assessments.models import Assessment, Evidence, ReturnedItem, Score, ScoreCorrection
from assessments.services.common import ChangedLeaf, score_token
from indexes import scoring
from indexes.applicability import applicability
from indexes.models import Criterion, IndexSet, Method
from units.models import Unit


@dataclass
class LeafRow:
    criterion: Criterion
    applicable: bool
    score: Score | None
    evidence: list[Evidence] = field(default_factory=list)
    returns: list[ReturnedItem] = field(default_factory=list)
    why_not_applicable: str = ""  # the reason, shown beside "không áp dụng"

    @property
    def id(self) -> int:
        return self.criterion.pk

    @property
    def official_enters(self) -> bool:
        """Whether the unit's officials score this leaf (`counting.official_enters`)."""
        return self.applicable and counting.official_enters(self.criterion.method)

    @property
    def is_survey(self) -> bool:
        return self.criterion.method == Method.SURVEY

    @property
    def self_points(self) -> Decimal | None:
        return self.score.self_points if self.score else None

    @property
    def appraised_points(self) -> Decimal | None:
        return self.score.appraised_points if self.score else None

    @property
    def final_points(self) -> Decimal | None:
        return self.score.final_points if self.score else None

    @property
    def explanation(self) -> str:
        return self.score.explanation if self.score else ""

    @property
    def has_evidence(self) -> bool:
        return bool(self.evidence)

    @property
    def open_return(self) -> ReturnedItem | None:
        return next((item for item in self.returns if item.closed_at is None), None)

    @property
    def token(self) -> str:
        return score_token(self.score)

    @property
    def lacks_score(self) -> bool:
        return self.official_enters and self.self_points is None

    @property
    def lacks_support(self) -> bool:
        """Neither evidence nor an explanation: the unit cannot submit like this."""
        return self.official_enters and not self.evidence and not self.explanation.strip()


@dataclass
class SheetEntry:
    """A line of the sheet: a heading (field or criterion with children) or a leaf."""

    node: Criterion
    row: LeafRow | None = None
    # Set by the views for the templates, which cannot look them up by id
    # (assessments/sheet_parts.py): the inputs, the leaf's heading, the upload inputs.
    fields: dict[str, Any] | None = None
    conflict: ChangedLeaf | None = None
    panels: list = field(default_factory=list)  # what apps above show here (panels.py)
    head: str = ""
    evidence_inputs: str = ""


@dataclass
class Section:
    # The attribute `field` hides the dataclasses helper from type checkers in this body.
    field: Criterion
    entries: list[SheetEntry] = dataclasses.field(default_factory=list)
    rows: list[LeafRow] = dataclasses.field(default_factory=list)
    subtotal: scoring.Totals | None = None  # set by the views from the unit's results


@dataclass
class Sheet:
    index_set: IndexSet
    unit: Unit
    assessment: Assessment | None
    sections: list[Section]
    rows: list[LeafRow]

    @property
    def by_id(self) -> dict[int, LeafRow]:
        return {row.id: row for row in self.rows}

    @property
    def applicable_rows(self) -> list[LeafRow]:
        return [row for row in self.rows if row.applicable]

    @property
    def applicable_leaves(self) -> dict[int, Criterion]:
        """The set's leaves that apply to the unit, by id, in tree order: what
        `indexes.applicability.applicable_leaves` reads, from this sheet's rows."""
        return {row.id: row.criterion for row in self.rows if row.applicable}

    @property
    def official_rows(self) -> list[LeafRow]:
        return [row for row in self.rows if row.official_enters]

    @property
    def open_returns(self) -> list[tuple[LeafRow, ReturnedItem]]:
        return [(row, row.open_return) for row in self.rows if row.open_return is not None]


def unit_sheet(*, index_set: IndexSet, unit: Unit) -> Sheet:
    """The unit's whole tree on the set with its scores, evidence and returns (6 queries)."""
    nodes = list(index_set.criteria.order_by("sort_key"))
    marks = applicability(index_set, [unit.pk])
    # Evidence and returns read by the unit and set, not by a hundred score ids (what a
    # prefetch would send), and grouped here. Who last changed a score is not shown on
    # the sheets: the services read it under their lock when they report a conflict.
    # Each read is ordered only as far as the sheet needs: the models' default orders
    # join the units (and the criteria) to sort rows that are grouped here anyway.
    scores = {
        score.criterion_id: score
        for score in Score.objects.filter(unit=unit, criterion__index_set=index_set).order_by()
    }
    evidence: dict[int, list] = {}
    returns: dict[int, list] = {}
    if scores:  # a unit that has scored nothing has neither
        of_unit = {"score__unit": unit, "score__criterion__index_set": index_set}
        evidence = _by_score(
            scores,
            Evidence.objects.filter(removed_at__isnull=True, **of_unit)
            .select_related("uploaded_by")
            .order_by("uploaded_at", "pk"),  # within a score, Evidence.Meta.ordering
        )
        returns = _by_score(
            scores,
            ReturnedItem.objects.filter(**of_unit)
            .select_related("returned_by", "answered_by")
            .order_by("returned_at", "pk"),  # within a score, ReturnedItem.Meta.ordering
        )
    assessment = (
        Assessment.objects.filter(unit=unit, index_set=index_set)
        .select_related("submitted_by", "appraised_by")
        .first()
    )
    sections: list[Section] = []
    rows: list[LeafRow] = []
    for node in nodes:
        node.index_set = index_set
        if node.depth == 1:
            sections.append(Section(field=node))
        if not node.method:
            if node.depth > 1 and sections:
                sections[-1].entries.append(SheetEntry(node=node))
            continue
        score = scores.get(node.pk)
        if score is not None:
            score.unit = unit
            score.criterion = node
        row = LeafRow(
            criterion=node,
            applicable=(why := marks.reason_for(unit.pk, node)) is None,
            why_not_applicable=why or "",
            score=score,
            evidence=evidence.get(score.pk, []) if score else [],
            returns=returns.get(score.pk, []) if score else [],
        )
        rows.append(row)
        if sections:
            sections[-1].entries.append(SheetEntry(node=node, row=row))
            sections[-1].rows.append(row)
    return Sheet(
        index_set=index_set, unit=unit, assessment=assessment, sections=sections, rows=rows
    )


def _by_score(scores: dict[int, Score], rows: Iterable) -> dict[int, list]:
    """Each score's rows (evidence, returned items) in their model's order, each pointing
    at the score already in hand."""
    by_pk = {score.pk: score for score in scores.values()}
    grouped: dict[int, list] = {}
    for row in rows:
        row.score = by_pk[row.score_id]
        grouped.setdefault(row.score_id, []).append(row)
    return grouped


@dataclass
class LeafRecord:
    """Everything the leaf detail page shows about one unit's score on one leaf."""

    row: LeafRow
    all_evidence: list[Evidence]
    corrections: list[ScoreCorrection]
    assessment: Assessment | None


def leaf_record(*, unit: Unit, criterion: Criterion) -> LeafRecord:
    index_set = criterion.index_set
    marks = applicability(index_set, [unit.pk])
    score = (
        Score.objects.filter(unit=unit, criterion=criterion).select_related("updated_by").first()
    )
    evidence: list[Evidence] = []
    returns: list[ReturnedItem] = []
    corrections: list[ScoreCorrection] = []
    if score is not None:
        score.unit, score.criterion = unit, criterion
        evidence = list(score.evidence.select_related("uploaded_by", "removed_by"))
        returns = list(score.returns.select_related("returned_by", "answered_by", "closed_by"))
        corrections = list(score.corrections.select_related("corrected_by"))
    row = LeafRow(
        criterion=criterion,
        applicable=(why := marks.reason_for(unit.pk, criterion)) is None,
        why_not_applicable=why or "",
        score=score,
        evidence=[item for item in evidence if item.removed_at is None],
        returns=returns,
    )
    assessment = Assessment.objects.filter(unit=unit, index_set=index_set).first()
    return LeafRecord(
        row=row, all_evidence=evidence, corrections=corrections, assessment=assessment
    )
