"""A real Chromium signs in and sees the home page in Vietnamese."""

import pytest

from tests.factories import PASSWORD, make_index_set

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_admin_logs_in_and_sees_the_home_page_in_vietnamese(live_server, page, admin_user):
    make_index_set(name="Bộ chỉ số xã, phường 2023")
    page.goto(f"{live_server.url}/")
    page.fill("#id_username", admin_user.username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit].primary")
    page.wait_for_selector("h1")
    assert page.locator("html").get_attribute("lang") == "vi"
    assert page.get_by_text("Bộ chỉ số xã, phường 2023").is_visible()
    assert page.get_by_role("button", name="Đăng xuất").is_visible()
