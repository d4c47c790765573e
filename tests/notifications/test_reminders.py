"""`send_reminders`: windows opening and closing, the leaders' digest; running it twice
writes nothing new."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.utils import timezone

from assessments.models import Assessment, AssessmentStatus
from assessments.notices import reminder_threshold
from indexes.models import Phase
from notifications.models import Notification
from reminders.services import reminders_send
from tests.assessments.cycle_support import open_set

pytestmark = pytest.mark.django_db


def told(kind: str) -> list[str]:
    rows = Notification.objects.filter(kind=kind).order_by("recipient__username", "pk")
    return list(rows.values_list("recipient__username", flat=True))


@pytest.fixture
def closing(official_a, official_b, unit_a, unit_b, leader):
    """A set whose self-assessment closes on 31/10/2024; unit B has submitted already."""
    index_set = open_set(
        self_assessment_opens=date(2024, 10, 1), self_assessment_closes=date(2024, 10, 31)
    )
    Assessment.objects.create(unit=unit_b, index_set=index_set, status=AssessmentStatus.SUBMITTED)
    return index_set


@pytest.mark.parametrize(
    ("days_left", "expected"),
    [(8, None), (7, 7), (5, 7), (3, 3), (2, 3), (1, 1), (0, 1), (-1, None)],
)
def test_the_reminder_due_is_the_nearest_of_the_sets_days(days_left, expected):
    assert reminder_threshold(days_left, [7, 3, 1]) == expected


def test_units_that_have_not_submitted_are_reminded_on_the_sets_days_once(closing):
    reminders_send(today=date(2024, 10, 23))  # 8 days left: not yet
    assert told("window_closing") == []
    reminders_send(today=date(2024, 10, 24))  # 7 days left
    assert told("window_closing") == ["official_a"]  # unit B submitted: not reminded
    reminders_send(today=date(2024, 10, 24))
    reminders_send(today=date(2024, 10, 26))  # 5 days left: the 7-day reminder is sent
    assert told("window_closing") == ["official_a"]
    reminders_send(today=date(2024, 10, 28))  # 3 days left
    reminders_send(today=date(2024, 10, 30))  # 1 day left
    assert told("window_closing") == ["official_a"] * 3
    notification = Notification.objects.filter(kind="window_closing").latest("pk")
    assert notification.params["days"] == 1
    assert notification.title == "Còn 1 ngày để nộp " + closing.name


def test_a_missed_run_is_caught_up_by_one_reminder_not_several(closing):
    reminders_send(today=date(2024, 10, 30))  # the runs of the days before did not happen
    assert told("window_closing") == ["official_a"]


def test_a_unit_that_submits_gets_no_more_reminders(closing, unit_a):
    reminders_send(today=date(2024, 10, 24))
    Assessment.objects.create(unit=unit_a, index_set=closing, status=AssessmentStatus.SUBMITTED)
    reminders_send(today=date(2024, 10, 28))
    assert told("window_closing") == ["official_a"]


def test_a_set_chooses_its_own_reminder_days(closing):
    closing.reminder_days = "10"
    closing.save()
    reminders_send(today=date(2024, 10, 24))
    assert told("window_closing") == ["official_a"]
    closing.reminder_days = ""
    closing.save()
    reminders_send(today=date(2024, 10, 30))
    assert told("window_closing") == ["official_a"]


def test_a_window_whose_opening_day_comes_later_is_announced_on_that_day(closing):
    reminders_send(today=date(2024, 9, 30))
    assert told("window_opened") == []
    reminders_send(today=date(2024, 10, 1))
    reminders_send(today=date(2024, 10, 2))
    assert told("window_opened") == ["official_a", "official_b"]


@pytest.mark.parametrize("text", ["7,x", "0", "7,7", "91", "7;3", "-1"])
def test_reminder_days_must_be_distinct_whole_days(closing, text):
    closing.reminder_days = text
    with pytest.raises(ValidationError) as error:
        closing.full_clean()
    assert "reminder_days" in error.value.message_dict


def test_reminder_days_may_have_spaces_or_be_empty(closing):
    for text in ("14, 7 ,1", ""):
        closing.reminder_days = text
        closing.full_clean()
    closing.reminder_days = "1, 14,7"
    assert closing.reminder_day_list() == [14, 7, 1]


def test_leaders_get_one_digest_a_week_with_the_boards_figures(closing, settings):
    settings.CCHC_DIGEST_WEEKDAY = 0
    monday = date(2024, 10, 28)
    Assessment.objects.filter(index_set=closing).update(submitted_at=timezone.now())
    reminders_send(today=monday)
    reminders_send(today=monday + timedelta(days=2))
    assert told("weekly_digest") == ["leader"]
    digest = Notification.objects.get(kind="weekly_digest")
    assert digest.params["units"] == 2 and digest.params["submitted"] == 1
    assert digest.params["overdue"] == 0 and digest.params["year"] == 2024
    assert "Đã nộp: 1/2 đơn vị" in digest.body
    reminders_send(today=monday + timedelta(days=7))
    assert told("weekly_digest") == ["leader", "leader"]


def test_the_digest_counts_overdue_units(closing):
    reminders_send(today=date(2024, 11, 4))  # a Monday after the window closed
    digest = Notification.objects.get(kind="weekly_digest")
    assert digest.params["overdue"] == 1  # unit A never submitted


def test_the_digest_waits_for_its_weekday(closing, settings):
    settings.CCHC_DIGEST_WEEKDAY = 4  # Friday
    reminders_send(today=date(2024, 10, 28))
    assert told("weekly_digest") == []
    reminders_send(today=date(2024, 11, 1))
    assert told("weekly_digest") == ["leader"]


def test_no_digest_without_a_set_in_progress(closing):
    closing.phase = Phase.PUBLISHED
    closing.save()
    reminders_send(today=date(2024, 10, 28))
    assert told("weekly_digest") == []


def test_the_command_reports_what_it_wrote_and_refuses_a_bad_day(closing, capsys):
    call_command("send_reminders", today="2024-10-24")
    call_command("send_reminders", today="2024-10-24")
    out = capsys.readouterr().out.splitlines()
    assert "window_closing: 1" in out and out.count("window_closing: 0") == 1
    with pytest.raises(CommandError):
        call_command("send_reminders", today="24/10/2024")
