"""The optional second factor (CCHC_OTP_REQUIRED): a TOTP code after the password."""

import re

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.conftest import client_for
from tests.factories import PASSWORD

DASHBOARD = "dashboards:year-dashboard"


@pytest.fixture
def required(settings):
    settings.CCHC_OTP_REQUIRED = True


def code_of(device: TOTPDevice) -> str:
    """The code the user's app shows now, computed from the device's key."""
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def wrong_code(device: TOTPDevice) -> str:
    return f"{(int(code_of(device)) + 1) % 1_000_000:06d}"


def password_sign_in(username: str) -> Client:
    client = Client()
    response = client.post(reverse("login"), {"username": username, "password": PASSWORD})
    assert response.status_code == 302
    return client


def sent_to_code(response) -> bool:
    return response.status_code == 302 and response["Location"].startswith(
        reverse("accounts:second-factor")
    )


@pytest.fixture
def leader_device(leader):
    return TOTPDevice.objects.create(user=leader, name="phone", confirmed=True)


def test_a_leader_reaches_no_page_until_the_right_code(required, leader_device):
    client = password_sign_in("leader")

    response = client.get(reverse(DASHBOARD))
    assert sent_to_code(response) and "next=%2Fdashboards%2F" in response["Location"]
    assert sent_to_code(client.get(reverse("admin:index")))
    page = client.get(response["Location"])
    assert "Bước xác thực thứ hai" in page.content.decode()

    response = client.post(
        reverse("accounts:second-factor"),
        {"code": code_of(leader_device), "next": reverse(DASHBOARD)},
    )
    assert response.status_code == 302 and response["Location"] == reverse(DASHBOARD)
    assert client.get(reverse(DASHBOARD)).status_code == 200


def test_a_wrong_code_is_refused_with_the_reason(required, leader_device):
    client = password_sign_in("leader")

    response = client.post(reverse("accounts:second-factor"), {"code": wrong_code(leader_device)})

    assert response.status_code == 200
    assert "Mã không đúng hoặc đã hết hạn" in response.content.decode()
    assert sent_to_code(client.get(reverse(DASHBOARD)))


def test_codes_in_quick_succession_after_a_wrong_one_are_held_back(required, leader_device):
    client = password_sign_in("leader")
    client.post(reverse("accounts:second-factor"), {"code": wrong_code(leader_device)})

    response = client.post(reverse("accounts:second-factor"), {"code": code_of(leader_device)})

    assert "Nhập sai mã quá nhiều lần" in response.content.decode()
    assert sent_to_code(client.get(reverse(DASHBOARD)))


@pytest.mark.parametrize("code", ["", "12345", "abcdef", "1234567"])
def test_a_code_that_is_not_six_digits_is_refused(required, leader_device, code):
    client = password_sign_in("leader")
    response = client.post(reverse("accounts:second-factor"), {"code": code})
    assert response.status_code == 200 and 'role="alert"' in response.content.decode()
    assert sent_to_code(client.get(reverse(DASHBOARD)))


def test_a_code_is_accepted_with_the_space_apps_show(required, leader_device):
    client = password_sign_in("leader")
    code = code_of(leader_device)
    client.post(reverse("accounts:second-factor"), {"code": f"{code[:3]} {code[3:]}"})
    assert client.get(reverse(DASHBOARD)).status_code == 200


def test_a_used_code_does_not_open_a_second_session(required, leader_device):
    code = code_of(leader_device)
    first = password_sign_in("leader")
    first.post(reverse("accounts:second-factor"), {"code": code})
    assert first.get(reverse(DASHBOARD)).status_code == 200

    second = password_sign_in("leader")
    response = second.post(reverse("accounts:second-factor"), {"code": code})
    assert "Mã không đúng hoặc đã hết hạn" in response.content.decode()
    assert sent_to_code(second.get(reverse(DASHBOARD)))


def test_an_administrator_gives_the_code_before_django_admin(required, admin_user):
    device = TOTPDevice.objects.create(user=admin_user, name="phone", confirmed=True)
    client = client_for(admin_user)
    assert sent_to_code(client.get(reverse("admin:index")))
    client.post(reverse("accounts:second-factor"), {"code": code_of(device)})
    assert client.get(reverse("admin:index")).status_code == 200


def test_a_leader_without_an_app_sets_one_up_first(required, leader):
    client = password_sign_in("leader")
    response = client.get(reverse("accounts:second-factor"), follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("accounts:second-factor-enrol"))
    html = response.content.decode()
    device = TOTPDevice.objects.get(user=leader, confirmed=False)
    secret = re.search(r"<code>([A-Z2-7 ]+)</code>", html).group(1).replace(" ", "")
    assert len(secret) == 32  # the 20-byte key, in base32 as apps take it
    assert "otpauth://totp/CCHC%20Tracker%3Aleader?secret=" + secret in html
    qr = client.get(reverse("accounts:second-factor-qr"))
    assert qr["Content-Type"] == "image/svg+xml" and qr.content.lstrip().startswith(b"<?xml")
    assert b"<svg" in qr.content and qr["Cache-Control"] == "no-store"
    assert sent_to_code(client.get(reverse(DASHBOARD)))

    response = client.post(reverse("accounts:second-factor-enrol"), {"code": code_of(device)})

    device.refresh_from_db()
    assert device.confirmed
    assert client.get(reverse(DASHBOARD)).status_code == 200


def test_a_wrong_code_does_not_set_up_the_app(required, leader):
    client = password_sign_in("leader")
    client.get(reverse("accounts:second-factor-enrol"))
    device = TOTPDevice.objects.get(user=leader)
    response = client.post(reverse("accounts:second-factor-enrol"), {"code": wrong_code(device)})
    assert "Mã không đúng hoặc đã hết hạn" in response.content.decode()
    device.refresh_from_db()
    assert not device.confirmed
    assert sent_to_code(client.get(reverse(DASHBOARD)))


def test_a_password_alone_cannot_set_up_another_app(required, leader_device):
    client = password_sign_in("leader")
    assert sent_to_code(client.get(reverse("accounts:second-factor-enrol")))
    assert client.get(reverse("accounts:second-factor-qr")).status_code == 404
    assert TOTPDevice.objects.filter(user=leader_device.user).count() == 1


def test_the_code_page_sends_nobody_to_another_site(required, leader_device):
    client = password_sign_in("leader")
    response = client.post(
        reverse("accounts:second-factor"),
        {"code": code_of(leader_device), "next": "https://attacker.example/"},
    )
    assert response["Location"] == reverse("home")


@pytest.mark.parametrize("persona", ["official_a", "appraiser"])
def test_officials_and_appraisers_are_not_asked(required, request, persona):
    user = request.getfixturevalue(persona)
    client = password_sign_in(user.username)
    home = client.get(reverse("home"))
    assert not sent_to_code(home)
    assert client.get(home["Location"]).status_code == 200
    assert client.get(reverse("accounts:second-factor")).status_code == 404


def test_with_the_setting_off_nothing_is_asked(leader_device, admin_user):
    client = password_sign_in("leader")
    assert client.get(reverse(DASHBOARD)).status_code == 200
    assert client.get(reverse("accounts:second-factor")).status_code == 404
    assert client.get(reverse("accounts:second-factor-enrol")).status_code == 404
    assert client_for(admin_user).get(reverse("admin:index")).status_code == 200


def test_the_code_pages_ask_a_visitor_to_sign_in(required):
    for name in ["accounts:second-factor", "accounts:second-factor-enrol"]:
        response = Client().get(reverse(name))
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_sign_out_stays_open_between_password_and_code(required, leader_device):
    client = password_sign_in("leader")
    response = client.post(reverse("logout"))
    assert response.status_code == 302 and response["Location"] == reverse("login")
    assert client.get(reverse(DASHBOARD))["Location"].startswith(reverse("login"))


def test_an_administrator_resets_a_lost_app_in_django_admin(required, admin_user, leader_device):
    admin_device = TOTPDevice.objects.create(user=admin_user, name="phone", confirmed=True)
    admin = client_for(admin_user)
    admin.post(reverse("accounts:second-factor"), {"code": code_of(admin_device)})
    changelist = reverse("admin:accounts_authenticatorapp_changelist")
    page = admin.get(changelist).content.decode()
    assert "Ứng dụng xác thực" in page and "leader" in page
    assert leader_device.key not in page and "otpauth" not in page

    delete = reverse("admin:accounts_authenticatorapp_delete", args=[leader_device.pk])
    assert admin.post(delete, {"post": "yes"}).status_code == 302

    assert not TOTPDevice.objects.filter(user__username="leader").exists()
    client = password_sign_in("leader")
    response = client.get(reverse("accounts:second-factor"))
    assert response["Location"].startswith(reverse("accounts:second-factor-enrol"))


@pytest.mark.parametrize("persona", ["official_a", "appraiser", "leader"])
def test_nobody_but_an_administrator_opens_the_apps_in_django_admin(request, persona):
    response = client_for(request.getfixturevalue(persona)).get(
        reverse("admin:accounts_authenticatorapp_changelist")
    )
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
