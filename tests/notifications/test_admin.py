"""Administrators see the outbox and its delivery log, and the failed addresses on the
user's page; clearing one lets mail go to it again."""

import pytest
from django.urls import reverse

from notifications.models import DeliveryAttempt, FailedAddress
from tests.admin_support import act
from tests.conftest import client_for, english_client
from tests.notifications.support import returned

pytestmark = pytest.mark.django_db


@pytest.fixture
def failed(official_a, unit_a):
    official_a.email = "a@caolanh.example"
    official_a.save()
    notification = returned(official_a, unit_a)
    DeliveryAttempt.objects.create(
        notification=notification,
        address=official_a.email,
        succeeded=False,
        error="SMTPRecipientsRefused(550 No such mailbox)",
    )
    return FailedAddress.objects.create(
        user=official_a, address=official_a.email, reason="550 No such mailbox"
    )


def test_admins_see_the_outbox_and_the_delivery_log(admin_user, failed):
    client = english_client(admin_user)
    outbox = client.get(reverse("admin:notifications_notification_changelist"))
    assert outbox.status_code == 200 and "waiting to be sent" in outbox.content.decode()
    log = client.get(reverse("admin:notifications_deliveryattempt_changelist"))
    assert "550 No such mailbox" in log.content.decode()


def test_a_failed_address_shows_on_the_users_page(admin_user, failed, official_a):
    page = english_client(admin_user).get(
        reverse("admin:accounts_user_change", args=[official_a.pk])
    )
    assert "550 No such mailbox" in page.content.decode()


def test_clearing_a_failed_address(admin_user, failed):
    url = reverse("admin:notifications_failedaddress_changelist")
    response = act(english_client(admin_user), url, "clear", [failed])
    assert "1 address cleared." in response.content.decode()  # one address, singular
    assert not FailedAddress.objects.exists()


def test_officials_do_not_reach_the_outbox(official_a, failed):
    response = client_for(official_a).get(reverse("admin:notifications_notification_changelist"))
    assert response.status_code == 302
