"""A real Chromium: a leader reads the ranking and a chart, a scorecard, and downloads Excel."""

from io import BytesIO
from urllib.parse import urlparse

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from dashboards.exports import HEADER_ROW
from tests.dashboards.conftest import UNIT_A, UNIT_B, scores_create
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_leader_reads_the_ranking_a_chart_a_scorecard_and_downloads_the_ranking(
    live_server, page, leader, ward_set, unit_a, unit_b
):
    scores_create(ward_set, unit_a, UNIT_A)
    scores_create(ward_set, unit_b, UNIT_B)
    server = urlparse(live_server.url).netloc
    elsewhere = []
    page.on(
        "request",
        lambda request: (
            elsewhere.append(request.url)
            if urlparse(request.url).scheme in ("http", "https", "ws", "wss")
            and urlparse(request.url).netloc != server
            else None
        ),
    )

    page.goto(live_server.url + reverse("login"))
    page.fill("#id_username", leader.username)
    page.fill("#id_password", PASSWORD)
    page.press("#id_password", "Enter")
    page.wait_for_url(live_server.url + reverse("dashboards:year-dashboard"))  # leader's home

    # The ranking, best first, and a chart plotly drew as SVG in the page.
    rows = page.locator("table.ranking tbody tr")
    assert rows.count() == 2
    assert "Phường A" in rows.nth(0).inner_text() and "Xã B" in rows.nth(1).inner_text()
    page.wait_for_selector("[data-chart-source='chart-totals'][data-chart-drawn] svg.main-svg")
    assert page.locator("[data-chart-source='chart-totals'] g.point path").count() == 2  # bars

    # A unit's scorecard.
    page.click("table.ranking a:text('Xã B')")
    page.wait_for_selector("#methods-title")
    assert "Xã B" in page.inner_text("h1")
    page.wait_for_selector("[data-chart-source='chart-methods'][data-chart-drawn] svg.main-svg")

    # Back on the dashboard, the ranking in Excel.
    page.go_back()
    with page.expect_download() as download_info:
        page.click(f"a[href^='{reverse('dashboards:ranking-export')}']")
    download = download_info.value
    assert download.suggested_filename.endswith(".xlsx")
    with open(download.path(), "rb") as file:
        sheet = load_workbook(BytesIO(file.read())).active
    names = [row[1] for row in sheet.iter_rows(min_row=HEADER_ROW + 1, values_only=True)]
    assert names == ["Phường A", "Xã B"]

    assert elsewhere == [], f"requests left the server: {elsewhere}"


@pytest.mark.parametrize("width", [1280, 390])
def test_the_dashboard_never_scrolls_sideways_on_a_laptop_or_a_phone(
    live_server, page, leader, ward_set, unit_a, unit_b, width
):
    scores_create(ward_set, unit_a, UNIT_A)
    scores_create(ward_set, unit_b, UNIT_B)
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(live_server.url + reverse("login"))
    page.fill("#id_username", leader.username)
    page.fill("#id_password", PASSWORD)
    page.press("#id_password", "Enter")
    page.wait_for_url(live_server.url + reverse("dashboards:year-dashboard"))

    # The page is as wide as the screen; a table wider than that scrolls in its own box.
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    box = page.locator("table.ranking").locator("xpath=..")
    assert box.evaluate("el => el.clientWidth") <= width
    assert page.locator("table.ranking tbody tr").count() == 2
