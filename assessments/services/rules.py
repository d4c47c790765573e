"""Who may change what, and when: the phases and date windows of a set's cycle, on top of
the role rules of accounts/access.py.

Dates are local (Asia/Ho_Chi_Minh) days from `timezone.localdate()`; a window is open on
its opening and its closing day. A missing date leaves that side of the window open, so
a set whose dates are not yet fixed is governed by its phase alone.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils import formats
from django.utils.translation import gettext as _

from accounts import access
from assessments.models import Assessment, AssessmentStatus
from indexes.models import IndexSet, Phase
from units.models import Unit

APPRAISAL_PHASES = (Phase.APPRAISAL, Phase.EXPLANATION)
FROZEN_PHASES = (Phase.PUBLISHED, Phase.CLOSED)
# Statuses in which the unit's own scores are no longer the unit's to change.
HANDED_IN = (
    AssessmentStatus.SUBMITTED,
    AssessmentStatus.RETURNED,
    AssessmentStatus.EXPLAINED,
    AssessmentStatus.APPRAISED,
)


@dataclass(frozen=True)
class Window:
    """Whether an action is allowed now; if not, `reason` says why in the user's language."""

    is_open: bool
    reason: str = ""
    closes: date | None = None

    def days_left(self, today: date) -> int | None:
        return None if self.closes is None else (self.closes - today).days


def day(value: date) -> str:
    return formats.date_format(value, "SHORT_DATE_FORMAT")


def status_of(assessment: Assessment | None) -> str:
    return assessment.status if assessment is not None else AssessmentStatus.NOT_STARTED


def self_assessment_window(index_set: IndexSet, today: date) -> Window:
    opens, closes = index_set.self_assessment_opens, index_set.self_assessment_closes
    if index_set.phase == Phase.PREPARING:
        return Window(False, _("The self-assessment of this set has not opened yet."), closes)
    if index_set.phase != Phase.SELF_ASSESSMENT:
        if closes is not None:
            reason = _("The self-assessment closed on %(day)s.") % {"day": day(closes)}
        else:
            reason = _("The self-assessment is over: the set is in its %(phase)s phase.") % {
                "phase": index_set.get_phase_display().lower()
            }
        return Window(False, reason, closes)
    if opens is not None and today < opens:
        reason = _("The self-assessment opens on %(day)s.") % {"day": day(opens)}
        return Window(False, reason, closes)
    if closes is not None and today > closes:
        reason = _("The self-assessment closed on %(day)s.") % {"day": day(closes)}
        return Window(False, reason, closes)
    return Window(True, "", closes)


def explanation_window(index_set: IndexSet, today: date) -> Window:
    opens, closes = index_set.explanation_opens, index_set.explanation_closes
    if index_set.phase not in APPRAISAL_PHASES:
        return Window(
            False, _("Explanations are accepted during appraisal and explanation only."), closes
        )
    if opens is not None and today < opens:
        return Window(False, _("Explanations open on %(day)s.") % {"day": day(opens)}, closes)
    if closes is not None and today > closes:
        return Window(False, _("Explanations closed on %(day)s.") % {"day": day(closes)}, closes)
    return Window(True, "", closes)


def appraisal_window(index_set: IndexSet) -> Window:
    closes = index_set.appraisal_closes
    if index_set.phase in APPRAISAL_PHASES:
        return Window(True, "", closes)
    if index_set.phase in FROZEN_PHASES:
        return Window(False, _("The results are published: scores are frozen."), closes)
    return Window(False, _("Appraisal starts when the set enters its appraisal phase."), closes)


def self_assessment_state(
    *, user, unit: Unit, index_set: IndexSet, assessment: Assessment | None, today: date
) -> Window:
    """May this user change the unit's self-scores, explanations and evidence now?"""
    window = self_assessment_window(index_set, today)
    if not access.is_unit_official(user, unit.pk):
        return Window(False, _("Only the unit's own officials fill in its self-assessment."))
    status = status_of(assessment)
    if status in HANDED_IN:
        assert assessment is not None
        if status == AssessmentStatus.SUBMITTED and assessment.submitted_at:
            reason = _(
                "Your unit submitted its self-assessment on %(day)s; it can change it only "
                "on items an appraiser returns."
            ) % {"day": day(assessment.submitted_at.date())}
        else:
            reason = _("The self-assessment is %(status)s: it can no longer be changed here.") % {
                "status": assessment.get_status_display().lower()
            }
        return Window(False, reason, window.closes)
    return window


def explanation_state(
    *, user, unit: Unit, index_set: IndexSet, assessment: Assessment | None, today: date
) -> Window:
    """May this user answer the items an appraiser returned to the unit now?"""
    if not access.is_unit_official(user, unit.pk):
        return Window(False, _("Only the unit's own officials explain its returned items."))
    if status_of(assessment) != AssessmentStatus.RETURNED:
        return Window(False, _("No item of this unit is waiting for an explanation."))
    return explanation_window(index_set, today)


def appraisal_state(*, user, index_set: IndexSet, assessment: Assessment | None) -> Window:
    """May this user change the appraised scores and comments of the unit now?"""
    if not access.may_appraise(user):
        return Window(False, _("Only appraisers change appraised scores."))
    window = appraisal_window(index_set)
    if not window.is_open:
        return window
    if status_of(assessment) == AssessmentStatus.APPRAISED:
        return Window(False, _("This unit's appraisal is final."), window.closes)
    return window


def finalise_problem(*, index_set: IndexSet, assessment: Assessment | None, today: date) -> str:
    """Why the appraisal of the unit cannot be finalised now ("" when it can).

    Items returned to the unit stay open until it answers or its explanation window
    has closed: finalising earlier would take away the unit's right to explain.
    """
    if status_of(assessment) != AssessmentStatus.RETURNED:
        return ""
    closes = index_set.explanation_closes
    if closes is None:
        return _("The unit has not explained its returned items yet.")
    if today <= closes:
        return _("The unit has not explained its returned items yet; it may until %(day)s.") % {
            "day": day(closes)
        }
    return ""


def deduction_needs_reason(
    *, self_points: Decimal | None, appraised_points: Decimal | None, comment: str
) -> bool:
    """An appraised score below the unit's own is a deduction: it needs a comment saying why
    (the form, the service and the spreadsheet import all ask this)."""
    return is_lowered(self_points=self_points, appraised_points=appraised_points) and not (
        comment.strip()
    )


def is_lowered(*, self_points: Decimal | None, appraised_points: Decimal | None) -> bool:
    """An appraised score below the unit's own: a deduction (the comment rule above and the
    appraisers' "needs attention" filter both ask this)."""
    return (
        appraised_points is not None and self_points is not None and appraised_points < self_points
    )
