"""Who is told what in the yearly cycle: the notifications the cycle's services write in
their own transaction (an outbox), and the window notices the daily reminders write.

Each function decides the recipients and plain parameters; notifications/ stores them
and renders the texts in the reader's language.
"""

from datetime import date

from django.db.models import Q

from accounts.models import Role
from assessments.membership import index_set_units
from assessments.models import Assessment, AssessmentStatus, ReturnedItem
from assessments.services import rules
from indexes.models import IndexSet, Phase
from notifications.services import notify, unit_officials, users_with_roles
from units.models import Unit

NOT_SUBMITTED = (AssessmentStatus.NOT_STARTED, AssessmentStatus.DRAFT)


def _set_params(index_set: IndexSet) -> dict:
    return {"set": index_set.name, "set_en": index_set.name_en}


def _sheet_link(name: str, unit: Unit, index_set: IndexSet) -> dict:
    return {"url_name": name, "url_kwargs": {"unit_code": unit.code, "set_code": index_set.code}}


def _closes(value: date | None) -> str:
    return value.isoformat() if value else ""


def notify_submitted(*, assessment: Assessment) -> None:
    unit, index_set = assessment.unit, assessment.index_set
    notify(
        recipients=users_with_roles(Role.APPRAISER),
        kind="submission_received",
        params={**_set_params(index_set), "unit": unit.name},
        unit_id=unit.pk,
        **_sheet_link("assessments:appraisal", unit, index_set),
    )


def notify_returned(*, assessment: Assessment, codes: list[str]) -> None:
    unit, index_set = assessment.unit, assessment.index_set
    params = {
        **_set_params(index_set),
        "unit": unit.name,
        "count": len(codes),
        "codes": ", ".join(codes),
        "closes": _closes(index_set.explanation_closes),
    }
    notify(
        recipients=unit_officials([unit.pk]),
        kind="items_returned",
        params=params,
        unit_id=unit.pk,
        **_sheet_link("assessments:explanation", unit, index_set),
    )


def notify_explained(*, assessment: Assessment) -> None:
    """To the appraisers who returned the items still open (all appraisers if none)."""
    unit, index_set = assessment.unit, assessment.index_set
    returned_by = ReturnedItem.objects.filter(
        score__unit=unit, score__criterion__index_set=index_set, closed_at__isnull=True
    ).values("returned_by")
    recipients = users_with_roles(Role.APPRAISER).filter(pk__in=returned_by)
    if not recipients.exists():
        recipients = users_with_roles(Role.APPRAISER)
    notify(
        recipients=recipients,
        kind="explanation_answered",
        params={**_set_params(index_set), "unit": unit.name},
        unit_id=unit.pk,
        **_sheet_link("assessments:appraisal", unit, index_set),
    )


def notify_finalised(*, assessment: Assessment) -> None:
    unit, index_set = assessment.unit, assessment.index_set
    notify(
        recipients=unit_officials([unit.pk]),
        kind="unit_finalised",
        params={**_set_params(index_set), "unit": unit.name},
        unit_id=unit.pk,
        **_sheet_link("assessments:self-assessment", unit, index_set),
    )


def notify_published(*, index_set: IndexSet) -> None:
    """To every unit of the set and every leader."""
    unit_ids = list(index_set_units(index_set).values_list("pk", flat=True))
    notify(
        recipients=unit_officials(unit_ids) | users_with_roles(Role.LEADER),
        kind="results_published",
        params=_set_params(index_set),
        url_name="dashboards:year-dashboard",
        key=f"published:{index_set.pk}",
    )


def notify_window_opened(*, index_set: IndexSet, today: date) -> int:
    """Tell every unit of the set that its self-assessment is open, once per official
    (the key): both the phase change and the daily reminders call this."""
    if not rules.self_assessment_window(index_set, today).is_open:
        return 0
    written = 0
    for unit in index_set_units(index_set):
        written += notify(
            recipients=unit_officials([unit.pk]),
            kind="window_opened",
            params={
                **_set_params(index_set),
                "unit": unit.name,
                "closes": _closes(index_set.self_assessment_closes),
            },
            unit_id=unit.pk,
            key=f"window-opened:{index_set.pk}",
            **_sheet_link("assessments:self-assessment", unit, index_set),
        )
    return written


def reminder_threshold(days_left: int, reminder_days: list[int]) -> int | None:
    """The reminder due with `days_left` days to go: the smallest of the set's days that
    is not below it, so a missed daily run is caught up by one reminder, not several."""
    due = [days for days in reminder_days if days >= days_left]
    return min(due) if due and days_left >= 0 else None


def notify_window_closing(*, index_set: IndexSet, today: date) -> int:
    """Remind the units of the set that have not submitted, N days before the window
    closes (N from the set's reminder days); once per official, closing date and N."""
    window = rules.self_assessment_window(index_set, today)
    days_left = window.days_left(today)
    if not window.is_open or days_left is None or index_set.phase != Phase.SELF_ASSESSMENT:
        return 0
    threshold = reminder_threshold(days_left, index_set.reminder_day_list())
    if threshold is None:
        return 0
    handed_in = Assessment.objects.filter(index_set=index_set).filter(~Q(status__in=NOT_SUBMITTED))
    pending = index_set_units(index_set).exclude(pk__in=handed_in.values("unit_id"))
    closes = _closes(index_set.self_assessment_closes)
    written = 0
    for unit in pending:
        written += notify(
            recipients=unit_officials([unit.pk]),
            kind="window_closing",
            params={
                **_set_params(index_set),
                "unit": unit.name,
                "days": days_left,
                "closes": closes,
            },
            unit_id=unit.pk,
            key=f"window-closing:{index_set.pk}:{closes}:{threshold}",
            **_sheet_link("assessments:self-assessment", unit, index_set),
        )
    return written
