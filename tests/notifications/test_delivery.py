"""`send_notifications` through a real SMTP server: what arrives, a server that is down,
a run repeated, an address refused for good."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from accounts.models import User
from notifications.delivery import notifications_send, retry_delay
from notifications.models import DeliveryAttempt, EmailStatus, FailedAddress, Notification
from notifications.services import notify, preferences_save
from tests.notifications.smtp_support import parts

pytestmark = pytest.mark.django_db


@pytest.fixture
def mailed(official_a, unit_a):
    official_a.email = "official.a@caolanh.example"
    official_a.save()
    return official_a


def returned_to(user, unit):
    notify(
        recipients=User.objects.filter(pk=user.pk),
        kind="items_returned",
        params={
            "set": "Bộ chỉ số xã 2024",
            "set_en": "Commune index 2024",
            "unit": unit.name,
            "count": 2,
            "codes": "1.1, 1.2.1",
            "closes": "2024-12-15",
        },
        unit_id=unit.pk,
        url_name="assessments:explanation",
        url_kwargs={"unit_code": unit.code, "set_code": "xa-2024"},
    )
    return Notification.objects.filter(recipient=user).latest("pk")


def test_an_email_has_a_plain_and_an_html_part_and_the_product_and_unit_in_its_subject(
    smtp, mailed, unit_a
):
    notification = returned_to(mailed, unit_a)
    run = notifications_send()
    assert run.sent == 1
    [message] = smtp.to(mailed.email)
    assert message["Subject"].strip() == "[CCHC Tracker · Phường A] Trả lại 2 mục cho Phường A"
    body = parts(message)
    assert set(body) == {"text/plain", "text/html"}
    link = "https://cchc.example.gov.vn/units/phuong-a/sets/xa-2024/explanation/"
    assert link in body["text/plain"] and "Bộ chỉ số xã 2024" in body["text/plain"]
    assert "15/12/2024" in body["text/plain"]
    assert f'href="{link}"' in body["text/html"]
    notification.refresh_from_db()
    assert notification.email_status == EmailStatus.SENT and notification.attempts == 1
    assert DeliveryAttempt.objects.get(notification=notification).succeeded


def test_an_email_is_in_the_language_the_user_chose(smtp, mailed, unit_a):
    preferences_save(user=mailed, email_kinds=["items_returned"], language="en")
    returned_to(mailed, unit_a)
    notifications_send()
    [message] = smtp.to(mailed.email)
    assert message["Subject"].strip() == "[CCHC Tracker · Phường A] 2 items returned to Phường A"
    assert "Commune index 2024" in parts(message)["text/plain"]
    assert "Explain them until 15/12/2024." in parts(message)["text/plain"]


def test_a_server_that_is_down_loses_nothing_and_the_mail_goes_out_on_a_later_run(
    smtp, mailed, unit_a
):
    smtp.stop()
    notification = returned_to(mailed, unit_a)
    first = notifications_send()
    assert (first.sent, first.retrying) == (0, 1)
    notification.refresh_from_db()
    assert notification.email_status == EmailStatus.PENDING and notification.attempts == 1
    assert notification.next_attempt_at > timezone.now()
    failed = DeliveryAttempt.objects.get(notification=notification)
    assert not failed.succeeded and failed.error

    smtp.start()
    assert notifications_send().sent == 0  # not yet: the backoff holds it back
    later = timezone.now() + retry_delay(1) + timedelta(seconds=1)
    assert notifications_send(now=later).sent == 1
    assert len(smtp.to(mailed.email)) == 1
    notification.refresh_from_db()
    assert notification.email_status == EmailStatus.SENT and notification.attempts == 2
    assert DeliveryAttempt.objects.filter(notification=notification).count() == 2


def test_the_retry_delay_grows_and_is_capped():
    assert [retry_delay(n).total_seconds() for n in (1, 2, 3)] == [60, 120, 240]
    assert retry_delay(30) == timedelta(hours=6)


def test_running_the_command_twice_sends_each_email_once(smtp, mailed, unit_a):
    returned_to(mailed, unit_a)
    returned_to(mailed, unit_a)
    call_command("send_notifications")
    call_command("send_notifications")
    assert len(smtp.to(mailed.email)) == 2
    assert DeliveryAttempt.objects.count() == 2


def test_a_permanently_refused_address_is_flagged_and_gets_no_more_mail(smtp, mailed, unit_a):
    smtp.catcher.refused.add(mailed.email)
    first = returned_to(mailed, unit_a)
    assert notifications_send().failed == 1
    first.refresh_from_db()
    assert first.email_status == EmailStatus.FAILED
    flag = FailedAddress.objects.get(user=mailed)
    assert flag.address == mailed.email and "550" in flag.reason

    smtp.catcher.refused.clear()
    second = returned_to(mailed, unit_a)
    notifications_send()
    second.refresh_from_db()
    assert second.email_status == EmailStatus.FAILED and smtp.messages == []

    flag.delete()  # an administrator clears it
    third = returned_to(mailed, unit_a)
    notifications_send()
    third.refresh_from_db()
    assert third.email_status == EmailStatus.SENT and len(smtp.to(mailed.email)) == 1


def test_a_kind_the_user_turned_off_comes_only_under_the_bell(smtp, mailed, unit_a):
    preferences_save(user=mailed, email_kinds=["unit_finalised"], language="vi")
    notification = returned_to(mailed, unit_a)
    assert notification.email_status == EmailStatus.OFF
    notifications_send()
    assert smtp.messages == []
    assert Notification.objects.filter(recipient=mailed, read_at__isnull=True).count() == 1


def test_a_user_without_an_address_gets_no_email(smtp, official_a, unit_a):
    notification = returned_to(official_a, unit_a)
    assert notification.email_status == EmailStatus.OFF
    assert notifications_send().sent == 0
