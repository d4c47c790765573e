"""Which units of a set an appraiser may finalise in one go, and why the others are left out.

A unit is ready when it has handed in its self-assessment, no item returned to it is
still open (answered or not: an answer waits for the appraiser's reading), and every
survey leaf that applies to it has its points: what finalising one unit asks
(assessments/services/appraisal.py), read for every unit of the set in a fixed number of
queries. Each unit carries a token of its state, so that a unit changed between the
confirmation page and the POST is left as it was.
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Max
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from assessments.membership import index_set_units
from assessments.models import Assessment, AssessmentStatus, ReturnedItem, Score
from assessments.services import rules
from indexes.applicability import applicability
from indexes.models import IndexSet, Method
from units.models import Unit

# Statuses of a unit that handed in its self-assessment and waits for the appraisers.
WAITING = (AssessmentStatus.SUBMITTED, AssessmentStatus.RETURNED, AssessmentStatus.EXPLAINED)


@dataclass
class Candidate:
    unit: Unit
    assessment: Assessment | None
    token: str  # the unit's state when read (see `finalise_plan`)
    reason: str = ""  # why it is left out; "" when it is ready

    @property
    def key(self) -> str:
        """What the confirmation form sends back for the unit."""
        return f"{self.unit.code}|{self.token}"


@dataclass
class FinalisePlan:
    index_set: IndexSet
    ready: list[Candidate]
    left_out: list[Candidate]
    already_final: int


def finalise_plan(
    *, index_set: IndexSet, today: date, unit_ids: list[int] | None = None
) -> FinalisePlan:
    """The set's units (or those of `unit_ids`) split into ready and left out (7 queries
    at most, whatever the number of units)."""
    units = index_set_units(index_set)
    if unit_ids is not None:
        units = units.filter(pk__in=unit_ids)
    units_list = list(units)
    ids = [unit.pk for unit in units_list]
    assessments = {
        a.unit_id: a for a in Assessment.objects.filter(index_set=index_set, unit_id__in=ids)
    }
    open_items = dict(
        ReturnedItem.objects.filter(
            closed_at__isnull=True, score__criterion__index_set=index_set, score__unit_id__in=ids
        )
        .values_list("score__unit_id")
        .annotate(count=Count("pk"))
        .order_by()
    )
    changes = {
        row["unit_id"]: (row["count"], row["last"])
        for row in Score.objects.filter(criterion__index_set=index_set, unit_id__in=ids)
        .values("unit_id")
        .annotate(count=Count("pk"), last=Max("updated_at"))
        .order_by()
    }
    survey = list(index_set.criteria.filter(method=Method.SURVEY))
    marks = applicability(index_set, ids) if survey else None
    surveyed = set(
        Score.objects.filter(
            criterion__in=survey, unit_id__in=ids, appraised_points__isnull=False
        ).values_list("unit_id", "criterion_id")
    )
    ready: list[Candidate] = []
    left_out: list[Candidate] = []
    final = 0
    for unit in units_list:
        assessment = assessments.get(unit.pk)
        status = rules.status_of(assessment)
        if status == AssessmentStatus.APPRAISED:
            final += 1
            continue
        count, last = changes.get(unit.pk, (0, None))
        stamp = assessment.updated_at.isoformat() if assessment else ""
        opened = open_items.get(unit.pk, 0)
        token = f"{status}@{stamp}/{opened}/{count}@{last.isoformat() if last else ''}"
        candidate = Candidate(unit, assessment, token)
        missing = [
            leaf.code
            for leaf in survey
            if marks is not None
            and marks.applies(unit.pk, leaf)
            and (unit.pk, leaf.pk) not in surveyed
        ]
        if status not in WAITING:
            candidate.reason = _("Has not submitted its self-assessment.")
        elif opened:
            candidate.reason = ngettext(
                "%(count)s returned item is still open.",
                "%(count)s returned items are still open.",
                opened,
            ) % {"count": opened}
        elif problem := rules.finalise_problem(
            index_set=index_set, assessment=assessment, today=today
        ):
            candidate.reason = problem
        elif missing:
            candidate.reason = _("No survey points yet: %(codes)s.") % {"codes": ", ".join(missing)}
        (left_out if candidate.reason else ready).append(candidate)
    return FinalisePlan(index_set, ready, left_out, final)
