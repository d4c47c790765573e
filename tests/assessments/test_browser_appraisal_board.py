"""A real Chromium at phone size: the appraisal board's table scrolls in its own box, the
page itself never sideways (issue 14)."""

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments.models import Assessment, AssessmentStatus
from indexes.models import Phase
from tests.assessments.cycle_support import open_set
from tests.browser_support import sign_in
from tests.factories import make_unit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_board_fits_a_phone_and_its_table_scrolls_in_its_own_box(
    live_server, page, appraiser, unit_a, unit_b
):
    index_set = open_set(phase=Phase.APPRAISAL, name="Bộ chỉ số phường, xã năm 2024")
    for n in range(3):
        unit = make_unit(name=f"Ủy ban nhân dân phường Hòa Thuận số {n}", kind="ward")
        Assessment.objects.create(
            unit=unit,
            index_set=index_set,
            status=AssessmentStatus.SUBMITTED,
            submitted_at=timezone.now(),
        )
    page.set_viewport_size({"width": 375, "height": 812})
    sign_in(page, live_server, appraiser)
    page.goto(live_server.url + reverse("assessments:appraisal-board"))
    page.wait_for_selector("table.board")
    width = page.evaluate("document.scrollingElement.scrollWidth")
    assert width <= 375, width
    box = page.locator(".table-scroll:has(table.board)")
    # The table is wider than the phone: it scrolls inside its box, which a keyboard reaches.
    assert box.evaluate("el => el.scrollWidth > el.clientWidth")
    assert box.get_attribute("tabindex") == "0"
    assert box.get_attribute("aria-labelledby") == "board-caption"
    box.focus()
    for _n in range(5):
        page.keyboard.press("ArrowRight")
    page.wait_for_timeout(300)
    assert box.evaluate("el => el.scrollLeft") > 0


def test_the_compact_appraisal_table_fits_a_phone(live_server, page, appraiser, unit_a):
    index_set = open_set(phase=Phase.APPRAISAL)
    Assessment.objects.create(
        unit=unit_a,
        index_set=index_set,
        status=AssessmentStatus.SUBMITTED,
        submitted_at=timezone.now(),
    )
    page.set_viewport_size({"width": 375, "height": 812})
    sign_in(page, live_server, appraiser)
    kwargs = {"unit_code": unit_a.code, "set_code": index_set.code}
    page.goto(live_server.url + reverse("assessments:appraisal", kwargs=kwargs) + "?view=compact")
    page.wait_for_selector("table.appraisal-table")
    width = page.evaluate("document.scrollingElement.scrollWidth")
    assert width <= 375, width
    box = page.locator(".table-scroll:has(table.appraisal-table)")
    assert box.evaluate("el => el.scrollWidth > el.clientWidth")
