"""Reads of the two boards: an official's to-do list and the appraisers' view of all units."""

from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import Count
from django.utils.translation import gettext as _

from assessments.entry_selectors import Sheet, unit_sheet
from assessments.membership import unit_takes_part
from assessments.models import Assessment, AssessmentStatus, ReturnedItem
from assessments.services import rules
from indexes.models import IndexSet, Phase
from indexes.years import default_year
from units.models import Unit, UnitKind

ACTIVE_PHASES = (Phase.SELF_ASSESSMENT, Phase.APPRAISAL, Phase.EXPLANATION)


def status_label(assessment: Assessment | None) -> str:
    return str(assessment.get_status_display()) if assessment else _("Not started")


@dataclass
class UnitCard:
    """One set on an official's board, with what remains to do on it."""

    sheet: Sheet
    window: rules.Window
    days_left: int | None
    todo: str  # "self_assessment", "explanation" or "" (nothing for the unit to do)

    @property
    def index_set(self) -> IndexSet:
        return self.sheet.index_set

    @property
    def status_label(self) -> str:
        return status_label(self.sheet.assessment)

    @property
    def total(self) -> int:
        return len(self.sheet.official_rows)

    @property
    def scored(self) -> int:
        return sum(1 for row in self.sheet.official_rows if row.self_points is not None)

    @property
    def unscored(self):
        return [row for row in self.sheet.official_rows if row.lacks_score]

    @property
    def unsupported(self):
        return [row for row in self.sheet.official_rows if row.lacks_support]

    @property
    def overdue(self) -> bool:
        return self.days_left is not None and self.days_left < 0 and bool(self.todo)


@dataclass
class OfficialBoard:
    unit: Unit
    cards: list[UnitCard]
    other_sets: list[tuple[IndexSet, Assessment | None]]


def official_board(*, unit: Unit, today: date) -> OfficialBoard:
    """The unit's sets in progress, with deadlines, gaps and returned items (6 queries per
    set in progress, usually one; 2 more for the rest)."""
    sets = [s for s in IndexSet.objects.order_by("-year", "code") if unit_takes_part(unit, s)]
    active = [s for s in sets if s.phase in ACTIVE_PHASES]
    cards = []
    for index_set in active:
        sheet = unit_sheet(index_set=index_set, unit=unit)
        status = rules.status_of(sheet.assessment)
        if status == AssessmentStatus.RETURNED:
            window, todo = rules.explanation_window(index_set, today), "explanation"
        elif status in rules.HANDED_IN:
            window, todo = rules.appraisal_window(index_set), ""
        else:
            window = rules.self_assessment_window(index_set, today)
            todo = "self_assessment" if index_set.phase == Phase.SELF_ASSESSMENT else ""
        cards.append(UnitCard(sheet, window, window.days_left(today), todo))
    others = [s for s in sets if s.phase not in ACTIVE_PHASES]
    assessments = {
        a.index_set_id: a
        for a in Assessment.objects.filter(unit=unit, index_set__in=[s.pk for s in others])
    }
    return OfficialBoard(
        unit=unit,
        cards=cards,
        other_sets=[(s, assessments.get(s.pk)) for s in others],
    )


@dataclass
class BoardRow:
    unit: Unit
    index_set: IndexSet
    assessment: Assessment | None
    open_returns: int = 0
    flags: list[str] = field(default_factory=list)

    @property
    def status(self) -> str:
        return rules.status_of(self.assessment)

    @property
    def status_label(self) -> str:
        return status_label(self.assessment)

    @property
    def submitted_at(self) -> datetime | None:
        return self.assessment.submitted_at if self.assessment else None


@dataclass
class AppraisalBoard:
    years: list[int]
    year: int | None
    kinds: list[tuple[str, str]]
    kind: str
    sets: list[IndexSet]
    rows: list[BoardRow]

    @property
    def status_counts(self) -> list[tuple[str, str, int]]:
        labels = AssessmentStatus.choices
        return [
            (code, str(label), sum(1 for row in self.rows if row.status == code))
            for code, label in labels
        ]


def appraisal_board(*, year: int | None, kind: str, today: date) -> AppraisalBoard:
    """Every unit of the year's sets with its status and overdue flags (5 queries)."""
    all_sets = list(IndexSet.objects.only("year", "phase"))
    years = sorted({s.year for s in all_sets}, reverse=True)
    if year not in years:
        year = round_in_progress(all_sets)
    sets = list(IndexSet.objects.filter(year=year).order_by("code")) if year else []
    kinds = sorted({k for s in sets for k in s.unit_kinds})
    kind = kind if kind in kinds else ""
    units = list(
        Unit.objects.filter(kind__in=[kind] if kind else kinds)
        .exclude(valid_to__lt=date(year or 2000, 1, 1))
        .exclude(valid_from__gt=date(year or 2000, 12, 31))
        .order_by("kind", "sort_order", "name")
    )
    assessments = {
        (a.unit_id, a.index_set_id): a
        for a in Assessment.objects.filter(index_set__in=sets).select_related("submitted_by")
    }
    open_returns = {
        (row["score__unit_id"], row["score__criterion__index_set_id"]): row["count"]
        for row in ReturnedItem.objects.filter(
            closed_at__isnull=True, score__criterion__index_set__in=sets
        )
        .values("score__unit_id", "score__criterion__index_set_id")
        .annotate(count=Count("pk"))
        .order_by()
    }
    rows = []
    for index_set in sets:
        for unit in units:
            if unit.kind not in index_set.unit_kinds:
                continue
            key = (unit.pk, index_set.pk)
            row = BoardRow(unit, index_set, assessments.get(key), open_returns.get(key, 0))
            row.flags = overdue_flags(row, today)
            rows.append(row)
    labels = dict(UnitKind.choices)
    return AppraisalBoard(
        years=years,
        year=year,
        kinds=[(k, str(labels.get(k, k))) for k in kinds],
        kind=kind,
        sets=sets,
        rows=rows,
    )


def round_in_progress(index_sets: list[IndexSet]) -> int | None:
    """The year the appraisal board opens on: that of the latest set in appraisal or
    explanation, else in self-assessment, else the usual default year (indexes/years.py).
    A set opened for next year's self-assessment does not move the board off the round
    being appraised."""
    for phases in (rules.APPRAISAL_PHASES, (Phase.SELF_ASSESSMENT,)):
        running = [s.year for s in index_sets if s.phase in phases]
        if running:
            return max(running)
    return default_year(index_sets)


def overdue_flags(row: BoardRow, today: date) -> list[str]:
    """What is late for the unit: its status still waits on a window that has closed."""
    index_set, status = row.index_set, rules.status_of(row.assessment)
    waits = (
        (
            (AssessmentStatus.NOT_STARTED, AssessmentStatus.DRAFT),
            index_set.self_assessment_closes,
            _("Not submitted by %(day)s"),
        ),
        (
            (AssessmentStatus.RETURNED,),
            index_set.explanation_closes,
            _("Explanation overdue since %(day)s"),
        ),
        (
            (AssessmentStatus.SUBMITTED, AssessmentStatus.EXPLAINED),
            index_set.appraisal_closes,
            _("Appraisal overdue since %(day)s"),
        ),
    )
    return [
        text % {"day": rules.day(closes)}
        for statuses, closes, text in waits
        if status in statuses and closes and today > closes
    ]
