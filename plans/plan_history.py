"""A task's history for its page: every version of the task (with the amendment's reason,
which the plan's amendments keep in full) and of its progress reports, who and when,
old → new (2 queries)."""

from django.utils.translation import gettext as _

from assessments.history import Change, Event, field_changes, text
from assessments.services.common import display_name
from plans.models import PlanTask, ProgressReport, TaskStatus

TASK_FIELDS = (
    "title",
    "description",
    "lead_unit",
    "deadline",
    "expected_output",
    "criterion",
    "status",
)
REPORT_FIELDS = ("status", "text")
STATUS_LABELS = dict(TaskStatus.choices)


def _readable(changes: list[Change]) -> list[Change]:
    """Statuses in words rather than their codes."""
    for change in changes:
        change.old = str(STATUS_LABELS.get(change.old, change.old))
        change.new = str(STATUS_LABELS.get(change.new, change.new))
    return changes


def task_history(task: PlanTask) -> list[Event]:
    """Newest first."""
    events: list[Event] = []
    previous = None
    records = task.history.select_related("history_user", "lead_unit", "criterion")
    for record in records.order_by("history_date", "history_id"):
        changes = _readable(field_changes(PlanTask, TASK_FIELDS, previous, record))
        if changes or previous is None:
            events.append(
                Event(
                    when=record.history_date,
                    who=display_name(record.history_user),
                    what=_("Task created") if previous is None else _("Task changed"),
                    changes=changes if previous is not None else [],
                    reason=record.history_change_reason or "",
                )
            )
        previous = record
    before: dict[int, object] = {}
    report_records = ProgressReport.history.filter(task_id=task.pk).select_related(
        "history_user", "period"
    )
    for record in report_records.order_by("history_date", "history_id"):
        old = before.get(record.id)
        changes = _readable(field_changes(ProgressReport, REPORT_FIELDS, old, record))
        if changes:
            label = record.period.label if record.period else ""
            events.append(
                Event(
                    when=record.history_date,
                    who=display_name(record.history_user),
                    what=(
                        _("Report for %(period)s")
                        if old is None
                        else _("Report for %(period)s changed")
                    )
                    % {"period": label},
                    changes=changes,
                )
            )
        before[record.id] = record
    return sorted(events, key=lambda event: event.when, reverse=True)


__all__ = ["task_history", "text"]
