"""A real Chromium on the official's form: the sticky bar's live total is the one the
server shows once saved, and the form fits a phone's width."""

import pytest

from tests.assessments.cycle_support import leaf, open_set, self_assessment_url
from tests.assessments.test_view_multi_input import (
    index_set as multi_input_set,  # noqa: F401 - fixture
)
from tests.browser_support import sign_in
from tests.factories import make_criterion

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# A level whose label is as long as the real sets' (the 2024 demo's 1.4 made a 397 px select).
LONG_LEVELS = {
    "type": "levels",
    "levels": [
        {"label": "Hoàn thành 100% kế hoạch tuyên truyền cải cách hành chính năm", "points": 1},
        {"label": "Hoàn thành một phần kế hoạch tuyên truyền", "points": 0.5},
        {"label": "Không thực hiện", "points": 0},
    ],
}


def value_input(index_set, code):
    return f'[name="leaf-{leaf(index_set, code).pk}-value"]'


def bar_text(page) -> str:
    return " ".join(page.locator(".total-bar").inner_text().split())


def test_the_live_total_after_typing_rates_is_the_total_saved(
    live_server, page, official_a, unit_a
):
    index_set = open_set()  # 1.1 yes/no 2, 1.2.1 bands 3, 1.2.2 proportional 1, survey 2.1 4
    sign_in(page, live_server, official_a)
    page.goto(live_server.url + self_assessment_url(unit_a, index_set))
    page.select_option(value_input(index_set, "1.1"), "yes")
    page.fill(value_input(index_set, "1.2.1"), "97")  # 95-100 %: 1 point
    page.fill(value_input(index_set, "1.2.2"), "87,5")  # 0,875 → 0,88
    live = bar_text(page)
    # 3,88 of the 6 points the unit can enter; the 4 survey points are the appraisers'.
    assert "3,88 / 6,00 (64,67 %)" in live, live
    page.click('button[name="action"][value="save"]')
    page.wait_for_load_state()
    assert bar_text(page) == live
    page.fill(value_input(index_set, "1.2.2"), "")  # emptied: the leaf counts 0 again
    assert "3,00 / 6,00 (50,00 %)" in bar_text(page)


def subtotals(page) -> list[str]:
    return page.locator("[data-subtotal]").all_inner_texts()


def test_a_deduction_is_kept_within_the_bounds_live_as_once_saved(
    live_server,
    page,
    official_a,
    unit_a,
    multi_input_set,  # noqa: F811
):
    """The bar once added the typed points to the saved total as they came: a deduction
    showed a field at −1,50 that the server, which keeps every total within 0 and its
    maximum, shows at 0,00."""
    index_set = multi_input_set  # field 3: 2 + 4 points and a deduction line (−0,5 each)
    sign_in(page, live_server, official_a)
    page.goto(live_server.url + self_assessment_url(unit_a, index_set))
    page.fill(value_input(index_set, "3.3"), "3")  # −1,50
    assert "0,00 / 12,00 (0,00 %)" in bar_text(page)
    assert subtotals(page) == ["0,00 / 6,00", "0,00 / 4,00", "0,00 / 6,00"]
    page.select_option(value_input(index_set, "1.1"), "yes")  # 2 − 1,5 in all
    live, live_fields = bar_text(page), subtotals(page)
    assert "0,50 / 12,00 (4,17 %)" in live and live_fields[0] == "2,00 / 6,00"
    page.click('button[name="action"][value="save"]')
    page.wait_for_load_state()
    assert (bar_text(page), subtotals(page)) == (live, live_fields)
    page.dispatch_event(value_input(index_set, "3.3"), "input")  # recomputed from the saved
    assert (bar_text(page), subtotals(page)) == (live, live_fields)


def test_the_form_fits_a_phone_without_sideways_scrolling(live_server, page, official_a, unit_a):
    index_set = open_set()
    field = make_criterion(index_set, "3", "1")
    make_criterion(index_set, "3.1", "1", parent=field, method="appraisal", rule=LONG_LEVELS)
    page.set_viewport_size({"width": 375, "height": 812})
    sign_in(page, live_server, official_a)
    page.goto(live_server.url + self_assessment_url(unit_a, index_set))
    page.click(f"#leaf-{leaf(index_set, '3.1').pk} details summary")  # the upload inputs too
    assert page.evaluate("document.scrollingElement.scrollWidth") <= 375
    select = page.locator(value_input(index_set, "3.1"))
    box = select.bounding_box()
    assert box is not None and box["x"] + box["width"] <= 375
    # The long level is still the one chosen and scored.
    select.select_option("0")
    assert page.locator(f'[data-points-for="{leaf(index_set, "3.1").pk}"]').inner_text() == "1,00"
