"""The improvement plan's reminders in `send_reminders`: a task due soon or overdue and a
period's progress report due, to the lead unit's officials, once each."""

from datetime import date, datetime

import pytest
from django.utils import timezone

from notifications.models import Notification
from plans.models import PlanTask, TaskStatus
from plans.plan_reports import progress_report_save
from reminders.services import reminders_send

pytestmark = pytest.mark.django_db


@pytest.fixture
def task(issued_plan, unit_b, official_b, official_a):
    """Unit B leads one task, due 30/09/2024, added at the start of the year; the other
    tasks are done, so that only this one speaks."""
    chosen = issued_plan.tasks.filter(lead_unit=unit_b).order_by("position").first()
    issued_plan.tasks.exclude(pk=chosen.pk).update(status=TaskStatus.DONE)
    start = timezone.make_aware(datetime(2024, 1, 2))
    PlanTask.objects.filter(pk=chosen.pk).update(deadline=date(2024, 9, 30), created_at=start)
    chosen.refresh_from_db()
    return chosen


def told(kind: str) -> list[tuple[str, str]]:
    rows = Notification.objects.filter(kind=kind).order_by("pk")
    return [(n.recipient.username, n.title) for n in rows]


def test_a_task_due_soon_then_overdue_reminds_the_lead_unit_once_per_step(task):
    reminders_send(today=date(2024, 9, 22))  # 8 days left: nothing yet
    assert told("plan_task_due") == []
    reminders_send(today=date(2024, 9, 23))  # 7 days left
    reminders_send(today=date(2024, 9, 23))  # a second run writes nothing
    reminders_send(today=date(2024, 9, 25))  # 5 days left: still the 7-day reminder
    assert told("plan_task_due") == [("official_b", "Còn 7 ngày để thực hiện nhiệm vụ kế hoạch")]
    reminders_send(today=date(2024, 10, 1))
    reminders_send(today=date(2024, 10, 2))
    [(who, title)] = told("plan_task_overdue")
    assert who == "official_b" and title == "Một nhiệm vụ kế hoạch đã quá hạn"
    body = Notification.objects.get(kind="plan_task_overdue").body
    assert task.title in body and "30/09/2024" in body
    assert Notification.objects.get(kind="plan_task_overdue").link == task.get_absolute_url()


def test_a_done_task_is_not_reminded(task):
    PlanTask.objects.filter(pk=task.pk).update(status=TaskStatus.DONE)
    reminders_send(today=date(2024, 9, 29))
    reminders_send(today=date(2024, 10, 5))
    assert told("plan_task_due") == told("plan_task_overdue") == []


def test_a_report_due_is_reminded_until_it_is_handed_in(task, official_b):
    q3 = task.plan.periods.get(number=3)  # ends 30/09
    reminders_send(today=date(2024, 9, 27))  # 3 days before Q3's report is due
    [(who, title)] = told("quarterly_report_due")
    assert who == "official_b" and q3.label in title
    progress_report_save(
        user=official_b,
        task=task,
        period=q3,
        status=TaskStatus.IN_PROGRESS,
        text="Đang thực hiện",
        files=[],
        today=date(2024, 9, 28),
    )
    reminders_send(today=date(2024, 9, 29))  # 1 day left, but the report is in
    assert len(told("quarterly_report_due")) == 1
