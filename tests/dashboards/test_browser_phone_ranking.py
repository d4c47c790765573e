"""A real Chromium at a phone's size: the leader's first page is one card per unit (rank,
name, % of max, met or missed per method, class), never wider than the screen."""

from urllib.parse import urlparse

import pytest
from django.urls import reverse

from indexes.models import Phase
from tests.browser_support import sign_in
from tests.dashboards.conftest import FULL_MARKS, UNIT_A, UNIT_B, scores_create
from tests.factories import make_index_set, make_unit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_phone_shows_a_card_per_unit_and_never_scrolls_sideways(
    live_server, page, leader, ward_set, unit_a, unit_b
):
    scores_create(ward_set, unit_a, UNIT_A)
    scores_create(ward_set, unit_b, UNIT_B)
    departments = make_index_set(code="phong-2023", unit_kinds=["department"],
                                 phase=Phase.PUBLISHED)  # fmt: skip
    office = make_unit(
        code="noi-vu", name="Phòng Nội vụ và Đào tạo nguồn nhân lực", kind="department"
    )
    scores_create(departments, office, FULL_MARKS)
    make_index_set(code="xa-2024", year=2024, phase=Phase.SELF_ASSESSMENT)  # the open round

    page.set_viewport_size({"width": 375, "height": 812})
    sign_in(page, live_server, leader)
    assert urlparse(page.url).path == reverse("dashboards:year-dashboard")  # the first page
    assert "2023" in page.inner_text("h1")  # the published year, not the open round
    assert page.locator("#round-banner a").is_visible()

    assert page.evaluate("document.scrollingElement.scrollWidth") <= 375
    assert not page.locator("table.ranking").first.is_visible()  # no sideways table
    cards = page.locator("ol.unit-cards").nth(1).locator("li.unit-card")
    assert cards.count() == 2 and cards.nth(0).is_visible() and cards.nth(1).is_visible()
    first, second = cards.nth(0).inner_text(), cards.nth(1).inner_text()
    assert "Phường A" in first and "98,00 %" in first and "Nhóm A" in first
    assert "Thẩm định" in first and "Điều tra xã hội học" in first and "Đạt" in first
    assert "Xã B" in second and "65,00 %" in second and "Không đạt" in second
    name = page.locator("ol.unit-cards").nth(0).locator(".card-title")
    assert name.evaluate("el => el.scrollWidth <= el.clientWidth")  # the long name wraps
    # The units at risk, collapsed until asked for.
    risk = page.locator("details.at-risk").nth(1)
    assert risk.is_visible() and risk.get_attribute("open") is None
    assert not page.get_by_text("thiếu 3,20 điểm", exact=False).is_visible()
    risk.locator("summary").click()
    assert page.get_by_text("thiếu 3,20 điểm", exact=False).is_visible()

    # On a laptop the same page is the table, the at-risk list open.
    page.set_viewport_size({"width": 1280, "height": 900})
    page.reload()
    assert page.locator("table.ranking").first.is_visible()
    assert not page.locator("ol.unit-cards").first.is_visible()
    assert page.locator("details.at-risk").nth(1).get_attribute("open") is not None
