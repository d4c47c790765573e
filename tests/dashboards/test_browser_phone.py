"""A real Chromium at a phone's size (375 × 812): the leader's pages never scroll sideways,
and the charts are sized for the screen (a dense one scrolls in its own box)."""

import pytest
from django.urls import reverse

from tests.browser_support import sign_in
from tests.dashboards.conftest import FULL_MARKS, UNIT_A, UNIT_B, scores_create
from tests.factories import make_unit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTH = 375


@pytest.fixture
def many_scored(ward_set, unit_a, unit_b):
    scores_create(ward_set, unit_a, UNIT_A)
    scores_create(ward_set, unit_b, UNIT_B)
    for n in range(10):
        unit = make_unit(code=f"xa-{n}", name=f"Xã Tân Thuận Đông số {n}", kind="commune")
        scores_create(ward_set, unit, FULL_MARKS)
    return ward_set


def page_width(page) -> int:
    return page.evaluate("document.scrollingElement.scrollWidth")


def test_the_year_dashboards_charts_fit_a_phone(live_server, page, leader, many_scored):
    page.set_viewport_size({"width": WIDTH, "height": 812})
    sign_in(page, live_server, leader)
    page.goto(live_server.url + reverse("dashboards:year-dashboard"))
    # The charts are a tap away from the top, not 9,000 px of scrolling.
    page.click("a.jump-link")
    page.wait_for_selector("[data-chart-source='chart-heatmap'][data-chart-drawn] svg.main-svg")
    assert page_width(page) <= WIDTH
    heat = page.locator("[data-chart-source='chart-heatmap'] .nsewdrag").first.bounding_box()
    assert heat is not None
    assert heat["height"] >= 12 * 20  # 12 units, each row at least 20 px high
    assert heat["width"] >= 2 * 60  # two fields, each column at least 60 px wide
    for chart in ("chart-totals", "chart-classes", "chart-trend"):
        box = page.locator(f"[data-chart-source='{chart}'] svg.main-svg").first.bounding_box()
        assert box is not None and box["height"] >= 250, chart


def test_the_scorecard_never_scrolls_sideways_on_a_phone(live_server, page, leader, many_scored):
    # Field names as long as a real set's: the chart's bars must not shrink to a sliver.
    names = {"1": "Công tác chỉ đạo, điều hành cải cách hành chính",
             "2": "Cải cách thủ tục hành chính và cơ chế một cửa"}  # fmt: skip
    for code, name in names.items():
        many_scored.criteria.filter(code=code).update(name=name)
    page.set_viewport_size({"width": WIDTH, "height": 812})
    sign_in(page, live_server, leader)
    url = reverse("dashboards:unit-scorecard", kwargs={"year": 2023, "unit_code": "xa-b"})
    page.goto(live_server.url + url)
    page.wait_for_selector("[data-chart-source='chart-fields'][data-chart-drawn] svg.main-svg")
    assert page_width(page) <= WIDTH
    # A table wider than the phone scrolls in its box, every column still there.
    methods = page.locator("table.data").first
    assert methods.locator("thead th").count() == 8
    assert methods.locator("xpath=..").evaluate("el => el.clientWidth") <= WIDTH
    # The fields chart keeps bars long enough to compare, beside names still readable.
    bars = page.locator("[data-chart-source='chart-fields'] .nsewdrag").first.bounding_box()
    assert bars is not None and bars["width"] >= 150
