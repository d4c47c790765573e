"""A real Chromium shows the points of two counts and of a deduction line as they are
typed, with the band edges as the set writes them."""

import pytest
from playwright.sync_api import expect

from tests.assessments.cycle_support import self_assessment_url
from tests.assessments.test_browser_cycle import field, sign_in
from tests.assessments.test_view_multi_input import (
    index_set,  # noqa: F401 - fixture
    leaf,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def form_page(live_server, page, official_a, unit_a, index_set):  # noqa: F811
    """The official's self-assessment form of unit A, open in Chromium."""
    sign_in(page, live_server, official_a)
    page.goto(live_server.url + self_assessment_url(unit_a, index_set))
    return page


def test_the_preview_scores_two_counts_and_a_deduction_as_they_are_typed(
    form_page,
    index_set,  # noqa: F811
):
    page = form_page
    preview = page.locator(f'[data-points-for="{leaf(index_set, "3.1").pk}"]')
    page.fill(field(index_set, "3.1", "value_numerator"), "45")
    page.fill(field(index_set, "3.1", "value_denominator"), "50")
    assert preview.inner_text() == "1,00 (90,00 %)"  # 90 % exactly: "từ 70 % đến 90 %"
    page.fill(field(index_set, "3.1", "value_numerator"), "46")
    assert preview.inner_text() == "2,00 (92,00 %)"  # 92 %: "trên 90 %"
    page.fill(field(index_set, "3.1", "value_numerator"), "51")
    assert preview.inner_text() == "—"  # more done than in all
    deduction = page.locator(f'[data-points-for="{leaf(index_set, "3.3").pk}"]')
    page.fill(field(index_set, "3.3", "value"), "3")
    assert deduction.inner_text() == "-1,50"
    page.fill(field(index_set, "3.3", "value"), "9")
    assert deduction.inner_text() == "-2,00"  # the cap


def test_the_preview_asks_the_server_for_a_formulas_points(
    live_server,
    page,
    official_a,
    unit_a,
    index_set,  # noqa: F811
):
    sign_in(page, live_server, official_a)
    page.goto(live_server.url + self_assessment_url(unit_a, index_set))
    preview = page.locator(f'[data-points-for="{leaf(index_set, "3.2").pk}"]')
    page.fill(field(index_set, "3.2", "value_dung_han"), "3")
    page.fill(field(index_set, "3.2", "value_ke_hoach"), "4")
    expect(preview).to_have_text("3,00")  # min(3 / 4 × 4, 4)
    page.fill(field(index_set, "3.2", "value_ke_hoach"), "0")
    expect(preview).to_have_text("—")  # divides by zero: no points
