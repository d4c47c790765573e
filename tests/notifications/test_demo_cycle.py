"""Done means: the 2024 demo cycle, played through the pages and the two scheduled
commands, tells each person what they must act on, under the bell and by e-mail caught
by a real SMTP server."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from commitments.services import commitments_create_drafts
from demo.seeding import demo_seed
from indexes.models import IndexSet
from notifications.models import EmailStatus, Notification
from tests.assessments.cycle_support import (
    appraisal_data,
    appraisal_url,
    demo_board_units,
    demo_full_self_assessment,
    demo_import_full_survey,
    demo_login,
    demo_return_first_item,
    explanation_data,
    explanation_url,
    self_assessment_data,
    self_assessment_url,
)

pytestmark = pytest.mark.django_db
login = demo_login


def kinds_of(username) -> list[str]:
    rows = Notification.objects.filter(recipient__username=username).order_by("pk")
    return list(rows.values_list("kind", flat=True))


def reminders(day) -> None:
    call_command("send_reminders", today=day.isoformat(), stdout=StringIO())


def test_the_2024_demo_cycle_tells_everyone_in_the_app_and_by_email(settings, smtp):
    settings.DEBUG = True  # the demo refuses to seed public passwords otherwise
    demo_seed()
    Notification.objects.all().delete()  # what seeding the other years wrote is not the cycle
    index_set = IndexSet.objects.get(code="cao-lanh-xa-2024")
    unit = User.objects.get(username="phuong-1").unit
    today = timezone.localdate()
    leaves = list(index_set.criteria.exclude(method="").order_by("sort_key"))

    # The window is open: the daily reminders tell every unit, and the leader gets a digest;
    # a second run the same day writes nothing new.
    reminders(today)
    assert kinds_of("phuong-1") == ["window_opened"]
    assert kinds_of("xa-my-tan") == ["window_opened"]
    assert kinds_of("lanhdao") == ["weekly_digest"]
    count = Notification.objects.count()
    reminders(today)
    assert Notification.objects.count() == count

    # Seven days before it closes, the units that have not submitted are reminded, once.
    week_before = index_set.self_assessment_closes - timedelta(days=7)
    reminders(week_before)
    reminders(week_before)
    assert kinds_of("phuong-1") == ["window_opened", "window_closing"]

    # phuong-1 submits: the appraisers hear of it.
    official = login("phuong-1")
    data = self_assessment_data(unit, index_set, demo_full_self_assessment(leaves), action="submit")
    assert official.post(self_assessment_url(unit, index_set), data).status_code == 302
    assert kinds_of("thamdinh") == ["submission_received"]

    # Appraisal: survey points imported, one item returned to the unit.
    admin = login("admin")
    advance = reverse("assessments:advance-phase", kwargs={"set_code": index_set.code})
    assert admin.post(advance).status_code == 302
    appraiser = login("thamdinh")
    units = demo_board_units(appraiser, index_set)
    demo_import_full_survey(appraiser, index_set, leaves, units)
    returned = demo_return_first_item(appraiser, unit, index_set, leaves)
    assert kinds_of("phuong-1")[-1] == "items_returned"

    # The unit explains: the appraiser who returned the item hears of it.
    assert admin.post(advance).status_code == 302
    data = explanation_data(
        unit, index_set, {returned.code: {"answer": "Đã bổ sung kế hoạch"}}, action="send"
    )
    assert official.post(explanation_url(unit, index_set), data).status_code == 302
    assert kinds_of("thamdinh") == ["submission_received", "explanation_answered"]

    # Every unit is finalised, and each unit is told.
    for each in units:
        response = appraiser.post(
            appraisal_url(each, index_set), appraisal_data(each, index_set, action="finalise")
        )
        assert response.status_code == 302
    assert kinds_of("phuong-1")[-1] == "unit_finalised"
    assert kinds_of("xa-my-tan")[-1] == "unit_finalised"

    # Published: every unit and every leader is told; the year's commitments are drafted.
    leader = login("lanhdao")
    publish = reverse("assessments:publish", kwargs={"set_code": index_set.code})
    assert leader.post(publish).status_code == 302
    assert kinds_of("lanhdao")[-1] == "results_published"
    assert kinds_of("xa-my-tan")[-1] == "results_published"
    assert kinds_of("noi-vu") == ["window_opened", "window_closing"]  # another set's unit
    commitments_create_drafts(year=2024)
    assert kinds_of("phuong-1") == [
        "window_opened",
        "window_closing",
        "items_returned",
        "unit_finalised",
        "results_published",
        "commitment_drafted",
    ]

    # In the app: the bell and the list of phuong-1, in Vietnamese.
    page = official.get(reverse("notifications:list")).content.decode()
    assert 'data-unread="6"' in page
    assert "Trả lại 1 mục cho Phường 1" in page
    assert "Cam kết năm 2024 của Phường 1 đang chờ ký" in page

    # By e-mail: the worker sends every one of them once, each with the unit in the subject.
    call_command("send_notifications", stdout=StringIO())
    call_command("send_notifications", stdout=StringIO())
    mail = smtp.to("phuong-1@caolanh.example")
    subjects = [message["Subject"].strip() for message in mail]
    assert len(subjects) == 6
    assert all(subject.startswith("[CCHC Tracker · Phường 1] ") for subject in subjects)
    assert "[CCHC Tracker · Phường 1] Trả lại 1 mục cho Phường 1" in subjects
    appraiser_mail = [m["Subject"].strip() for m in smtp.to("thamdinh@caolanh.example")]
    assert appraiser_mail == [
        "[CCHC Tracker · Phường 1] Phường 1 đã nộp bản tự đánh giá",
        "[CCHC Tracker · Phường 1] Phường 1 đã giải trình các mục bị trả lại",
    ]
    assert len(smtp.to("lanhdao@caolanh.example")) == len(kinds_of("lanhdao"))
    assert not Notification.objects.filter(email_status=EmailStatus.PENDING).exists()
    assert len(smtp.messages) == Notification.objects.filter(email_status=EmailStatus.SENT).count()
