"""A real Chromium: an official sees the bell's count on the page, opens the list from it,
marks one notification read, and the count goes down."""

import pytest

from tests.browser_support import sign_in
from tests.notifications.support import returned

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_bell_counts_opens_the_list_and_follows_what_is_read(
    live_server, page, official_a, unit_a
):
    returned(official_a, unit_a, count=3)
    returned(official_a, unit_a, count=1)
    sign_in(page, live_server, official_a)
    bell = page.locator("a.bell")
    assert bell.locator("[data-unread]").inner_text() == "2 chưa đọc"
    bell.focus()  # reachable by keyboard, named for screen readers
    assert page.evaluate("document.activeElement.textContent").count("Thông báo") == 1
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.get_by_role("heading", name="Thông báo").is_visible()
    assert page.get_by_text("Trả lại 3 mục cho Phường A").is_visible()
    unread = page.locator("li.notification.unread")
    assert unread.count() == 2
    with page.expect_navigation():
        unread.first.get_by_role("button", name="Đánh dấu đã đọc").click()
    assert page.locator("li.notification.unread").count() == 1
    assert page.locator("a.bell [data-unread]").inner_text() == "1 chưa đọc"
