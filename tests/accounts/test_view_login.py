"""Sign-in throttling (django-axes): five wrong passwords lock a user name at one address."""

import logging
from datetime import timedelta

import pytest
from axes.models import AccessAttempt, AccessFailureLog
from django.contrib.auth import SESSION_KEY
from django.test import Client
from django.urls import reverse

from tests.admin_support import act
from tests.conftest import client_for, english_client
from tests.factories import PASSWORD

OFFICE = "198.51.100.7"
ELSEWHERE = "203.0.113.20"
LOCKED = "bị khóa"


def sign_in(client: Client, username: str, password: str, address: str = OFFICE, url=None):
    return client.post(
        url or reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address
    )


def fail_five_times(client: Client, username: str, address: str = OFFICE) -> None:
    for _ in range(5):
        response = sign_in(client, username, "wrong-password", address)
        assert SESSION_KEY not in client.session
    # The fifth wrong password already answers with the lock.
    assert response.status_code == 429


def signed_in(client: Client) -> bool:
    return SESSION_KEY in client.session


def test_four_wrong_passwords_then_the_right_one_signs_in(leader):
    client = Client()
    for _ in range(4):
        response = sign_in(client, "leader", "wrong-password")
        assert response.status_code == 200
        assert "mật khẩu chính xác" in response.content.decode()
    assert sign_in(client, "leader", PASSWORD).status_code == 302
    assert signed_in(client)


def test_after_five_wrong_passwords_the_right_one_is_refused_with_the_reason(leader):
    client = Client()
    fail_five_times(client, "leader")

    response = sign_in(client, "leader", PASSWORD)

    assert response.status_code == 429
    assert not signed_in(client)
    html = response.content.decode()
    assert "Đăng nhập" in html and 'name="password"' in html  # the product's own page
    assert "“leader”" in html and LOCKED in html and "5 lần nhập sai mật khẩu" in html
    assert "15 phút" in html and "quản trị viên" in html
    assert client.get(reverse("dashboards:year-dashboard")).status_code == 302


def test_the_lockout_page_follows_the_chosen_language(leader):
    client = english_client(None)
    fail_five_times(client, "leader")
    html = sign_in(client, "leader", PASSWORD).content.decode()
    assert "is locked after 5 wrong passwords" in html and "Try again in 15 minutes" in html


def test_the_lock_holds_one_user_name_at_one_address_only(leader, appraiser):
    client = Client()
    fail_five_times(client, "leader")

    colleague = Client()  # same office address, another user name
    assert sign_in(colleague, "appraiser", PASSWORD).status_code == 302
    assert signed_in(colleague)
    from_home = Client()  # same user name, another address
    assert sign_in(from_home, "leader", PASSWORD, address=ELSEWHERE).status_code == 302
    assert signed_in(from_home)


def test_after_the_cool_off_the_right_password_signs_in(settings, leader):
    settings.AXES_COOLOFF_TIME = timedelta(minutes=15)
    client = Client()
    fail_five_times(client, "leader")
    assert sign_in(client, "leader", PASSWORD).status_code == 429

    # Sixteen minutes later (the attempt's time moved back rather than the clock forward).
    attempt = AccessAttempt.objects.get(username="leader")
    AccessAttempt.objects.filter(pk=attempt.pk).update(
        attempt_time=attempt.attempt_time - timedelta(minutes=16)
    )

    assert sign_in(client, "leader", PASSWORD).status_code == 302
    assert signed_in(client)


def test_django_admins_sign_in_page_is_locked_too(admin_user):
    client = Client()
    url = reverse("admin:login")
    for _ in range(5):
        sign_in(client, "admin_user", "wrong-password", url=url)
    response = sign_in(client, "admin_user", PASSWORD, url=url)
    assert response.status_code == 429 and LOCKED in response.content.decode()
    assert not signed_in(client)


def test_every_failure_is_recorded_with_its_time_user_name_and_address(leader, caplog):
    client = Client()
    with caplog.at_level(logging.WARNING, logger="axes"):
        sign_in(client, "leader", "wrong-password")
        sign_in(client, "nobody", "wrong-password", address=ELSEWHERE)

    rows = list(AccessFailureLog.objects.order_by("attempt_time"))
    assert [(row.username, row.ip_address) for row in rows] == [
        ("leader", OFFICE),
        ("nobody", ELSEWHERE),
    ]
    assert all(row.attempt_time is not None for row in rows)
    logged = " ".join(record.getMessage() for record in caplog.records)
    assert '"leader"' in logged and OFFICE in logged and ELSEWHERE in logged
    # The password typed is never kept, neither in the log nor with the attempt.
    assert "wrong-password" not in logged
    attempt = AccessAttempt.objects.get(username="leader")
    assert "leader" in attempt.post_data and "wrong-password" not in attempt.post_data


def test_an_administrator_unlocks_the_user_name_in_django_admin(admin_user, leader):
    locked = Client()
    fail_five_times(locked, "leader")
    admin = client_for(admin_user)
    changelist = reverse("admin:axes_accessattempt_changelist")

    page = admin.get(changelist).content.decode()
    assert "Bị khóa" in page and "Địa chỉ IP" in page and "Mở khóa đăng nhập" in page
    response = act(admin, changelist, "unlock", AccessAttempt.objects.filter(username="leader"))

    assert "leader có thể đăng nhập lại" in response.content.decode()
    assert not AccessAttempt.objects.exists()
    assert AccessFailureLog.objects.filter(username="leader").count() == 5  # the record stays
    assert sign_in(locked, "leader", PASSWORD).status_code == 302
    assert signed_in(locked)


@pytest.mark.parametrize("persona", ["official_a", "appraiser", "leader"])
def test_nobody_but_an_administrator_unlocks(request, persona, admin_user):
    fail_five_times(Client(), "admin_user")
    changelist = reverse("admin:axes_accessattempt_changelist")

    response = act(
        client_for(request.getfixturevalue(persona)),
        changelist,
        "unlock",
        AccessAttempt.objects.all(),
    )

    assert response.redirect_chain[0][0].startswith(reverse("admin:login"))
    assert AccessAttempt.objects.filter(username="admin_user").exists()


def test_a_forged_forwarded_for_header_does_not_escape_the_lock(leader):
    """Without DJANGO_BEHIND_HTTPS_PROXY the header is the client's own word."""
    client = Client()
    for n in range(5):
        client.post(
            reverse("login"),
            {"username": "leader", "password": "wrong-password"},
            REMOTE_ADDR=OFFICE,
            HTTP_X_FORWARDED_FOR=f"192.0.2.{n}",
        )
    response = client.post(
        reverse("login"),
        {"username": "leader", "password": PASSWORD},
        REMOTE_ADDR=OFFICE,
        HTTP_X_FORWARDED_FOR="192.0.2.99",
    )
    assert response.status_code == 429 and not signed_in(client)


def test_behind_the_proxy_each_client_address_has_its_own_lock(settings, leader):
    settings.AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")
    proxy = "127.0.0.1"
    client = Client()
    for _ in range(5):
        client.post(
            reverse("login"),
            {"username": "leader", "password": "wrong-password"},
            REMOTE_ADDR=proxy,
            HTTP_X_FORWARDED_FOR=OFFICE,
        )
    other = Client()
    response = other.post(
        reverse("login"),
        {"username": "leader", "password": PASSWORD},
        REMOTE_ADDR=proxy,
        HTTP_X_FORWARDED_FOR=ELSEWHERE,
    )
    assert response.status_code == 302 and signed_in(other)
    assert set(AccessFailureLog.objects.values_list("ip_address", flat=True)) == {OFFICE}
    locked = client.post(
        reverse("login"),
        {"username": "leader", "password": PASSWORD},
        REMOTE_ADDR=proxy,
        HTTP_X_FORWARDED_FOR=OFFICE,
    )
    assert locked.status_code == 429
