"""A real Chromium meets the sign-in lock and sets up the second factor."""

import base64

import pytest
from django.urls import reverse
from django_otp.oath import totp

from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def csp_violations(page):
    """What Chrome says the Content Security Policy blocked on these pages."""
    seen: list[str] = []
    page.on(
        "console",
        lambda message: (
            seen.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return seen


def submit_sign_in(page, username: str, password: str) -> None:
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit].primary")
    page.wait_for_load_state()


def test_the_sixth_try_with_the_right_password_shows_the_lock(
    live_server, page, leader, csp_violations
):
    page.goto(live_server.url + reverse("login"))
    for _ in range(5):
        submit_sign_in(page, "leader", "wrong-password")
    submit_sign_in(page, "leader", PASSWORD)

    alert = page.get_by_role("alert")
    assert "tạm thời bị khóa" in alert.inner_text() and "15 phút" in alert.inner_text()
    assert page.url.endswith(reverse("login"))
    assert not page.get_by_role("button", name="Đăng xuất").is_visible()
    assert csp_violations == []


def test_a_leader_sets_up_the_app_and_reaches_the_dashboard(
    live_server, page, leader, settings, csp_violations
):
    settings.CCHC_OTP_REQUIRED = True
    page.goto(live_server.url + reverse("login"))
    submit_sign_in(page, "leader", PASSWORD)

    assert page.get_by_role("heading", name="Thiết lập ứng dụng xác thực").is_visible()
    qr = page.get_by_role("img", name="Mã QR để thiết lập ứng dụng xác thực")
    assert qr.evaluate("img => img.complete && img.naturalWidth > 100")
    # What a person would type into their app: the key shown on the page.
    key = base64.b32decode(page.locator("li code").first.inner_text().replace(" ", ""))
    page.fill("#id_code", f"{totp(key):06d}")
    page.click("button[type=submit].primary")
    page.wait_for_load_state()

    assert page.url.endswith(reverse("dashboards:year-dashboard"))
    assert page.get_by_text("Đã thiết lập ứng dụng xác thực.").is_visible()
    assert csp_violations == []
