"""The improvement plan's daily reminders (a source of `manage.py send_reminders`): to the
lead unit's officials, a task of the issued plan due soon or overdue, and a period's
progress report due soon.

"Soon" is PLAN_REMINDER_DAYS before the date, caught up by one reminder when a daily run
was missed (`assessments.notices.reminder_threshold`, the windows' rule); every reminder
has a key, so a second run on the same day writes nothing.
"""

from datetime import date

from django.db.models import Prefetch

from assessments.notices import reminder_threshold
from notifications.services import notify, unit_officials
from plans.models import PlanPeriod, PlanPhase, PlanTask, ProgressReport, TaskStatus
from plans.plan_reports import owes_report, task_is_overdue

PLAN_REMINDER_DAYS = [7, 3, 1]


def plan_reminders(today: date) -> int:
    """Write today's reminders of every issued plan; returns how many were new."""
    tasks = (
        PlanTask.objects.filter(plan__phase=PlanPhase.ISSUED)
        .select_related("plan")
        .prefetch_related(
            Prefetch("reports", queryset=ProgressReport.objects.select_related("period")),
            Prefetch("plan__periods", queryset=PlanPeriod.objects.order_by("number")),
        )
    )
    written = 0
    for task in tasks:
        written += _deadline_reminder(task, today)
        written += _report_reminders(task, today)
    return written


def _task_params(task: PlanTask) -> dict:
    return {"task": task.title, "year": task.plan.year, "deadline": task.deadline.isoformat()}


def _deadline_reminder(task: PlanTask, today: date) -> int:
    if task.status == TaskStatus.DONE:
        return 0
    url_kwargs = {"year": task.plan.year, "task_id": task.pk}
    if task_is_overdue(task, today):
        return notify(
            recipients=unit_officials([task.lead_unit_id]),
            kind="plan_task_overdue",
            params=_task_params(task),
            unit_id=task.lead_unit_id,
            key=f"plan-task-overdue:{task.pk}:{task.deadline}",
            url_name="plans:task",
            url_kwargs=url_kwargs,
        )
    days_left = (task.deadline - today).days
    threshold = reminder_threshold(days_left, PLAN_REMINDER_DAYS)
    if threshold is None:
        return 0
    return notify(
        recipients=unit_officials([task.lead_unit_id]),
        kind="plan_task_due",
        params={**_task_params(task), "days": days_left},
        unit_id=task.lead_unit_id,
        key=f"plan-task-due:{task.pk}:{task.deadline}:{threshold}",
        url_name="plans:task",
        url_kwargs=url_kwargs,
    )


def _report_reminders(task: PlanTask, today: date) -> int:
    reports = {report.period_id: report for report in task.reports.all()}
    done_in = min(
        (r.period.number for r in reports.values() if r.status == TaskStatus.DONE), default=None
    )
    written = 0
    for period in task.plan.periods.all():
        days_left = (period.ends_on - today).days
        threshold = reminder_threshold(days_left, PLAN_REMINDER_DAYS)
        if threshold is None or period.pk in reports or not owes_report(task, period, done_in):
            continue
        written += notify(
            recipients=unit_officials([task.lead_unit_id]),
            kind="quarterly_report_due",
            params={
                **_task_params(task),
                "period": period.label,
                "due": period.ends_on.isoformat(),
                "days": days_left,
            },
            unit_id=task.lead_unit_id,
            key=f"plan-report-due:{task.pk}:{period.pk}:{threshold}",
            url_name="plans:report",
            url_kwargs={"year": task.plan.year, "task_id": task.pk, "period": period.number},
        )
    return written
