"""A real Chromium plays one unit's cycle: self-assessment with evidence, appraisal,
one item returned, the unit's explanation, finalisation."""

from datetime import timedelta
from decimal import Decimal

import pytest

from assessments.models import Assessment, AssessmentStatus, Evidence, ReturnedItem, Score
from indexes.models import Phase
from tests.assessments.cycle_support import PDF, leaf, open_set, today
from tests.browser_support import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def field(index_set, code, part):
    return f'[name="leaf-{leaf(index_set, code).pk}-{part}"]'


def type_in(page, index_set, values):
    """Types `values` ({code: {part: text}}) into the form's fields, in that order."""
    for code, parts in values.items():
        for part, text in parts.items():
            page.fill(field(index_set, code, part), text)


def press(page, action):
    """Clicks the form's button for `action` and waits for the page it leads to."""
    page.click(f'button[name="action"][value="{action}"]')
    page.wait_for_load_state()


def status(unit):
    return Assessment.objects.get(unit=unit).status


def test_a_unit_and_an_appraiser_play_the_cycle_in_the_browser(
    live_server, page, official_a, appraiser, unit_a
):
    index_set = open_set(
        explanation_opens=today() - timedelta(days=1),
        explanation_closes=today() + timedelta(days=10),
    )

    # The official lands on the to-do board and opens the form.
    sign_in(page, live_server, official_a)
    assert page.url.endswith("/my-unit/")
    page.click(f'a[href$="/sets/{index_set.code}/self-assessment/"].primary')
    page.select_option(field(index_set, "1.1", "value"), "yes")
    type_in(
        page,
        index_set,
        {
            "1.2.1": {"value": "100", "explanation": "Báo cáo số 12/BC-UBND"},
            "1.2.2": {"value": "87,5", "explanation": "Số liệu hệ thống một cửa"},
        },
    )
    # The live preview shows the points the rate gives before anything is saved.
    preview = page.locator(f'[data-points-for="{leaf(index_set, "1.2.2").pk}"]')
    assert preview.inner_text() == "0,88"
    page.click(f"#leaf-{leaf(index_set, '1.1').pk} details summary")
    page.set_input_files(
        field(index_set, "1.1", "files"),
        files=[{"name": "ke-hoach-cchc.pdf", "mimeType": "application/pdf", "buffer": PDF}],
    )
    page.fill(field(index_set, "1.1", "doc_number"), "15/KH-UBND")
    press(page, "submit")
    assert status(unit_a) == AssessmentStatus.SUBMITTED
    assert Evidence.objects.get().original_name == "ke-hoach-cchc.pdf"
    assert page.locator('button[name="action"]').count() == 0  # read-only now
    assert page.get_by_text("ke-hoach-cchc.pdf").first.is_visible()

    # The appraisers' turn: survey points, a deduction with a comment, one item returned.
    index_set.phase = Phase.APPRAISAL
    index_set.save()
    sign_in(page, live_server, appraiser)
    assert page.url.endswith("/appraisal/")
    page.click(f'a[href$="/units/{unit_a.code}/sets/{index_set.code}/appraisal/"]')
    type_in(
        page,
        index_set,
        {
            "2.1": {"appraised": "3,8"},
            "1.2.2": {"appraised": "0,5", "comment": "Cung cấp số liệu gốc của hệ thống"},
        },
    )
    page.check(field(index_set, "1.2.2", "return"))
    press(page, "return")
    assert status(unit_a) == AssessmentStatus.RETURNED
    assert ReturnedItem.objects.get().question == "Cung cấp số liệu gốc của hệ thống"

    # The unit explains the returned item.
    sign_in(page, live_server, official_a)
    page.click(f'a[href$="/sets/{index_set.code}/explanation/"]')
    page.fill(field(index_set, "1.2.2", "answer"), "Số liệu trích từ hệ thống một cửa ngày 30/11")
    press(page, "send")
    assert status(unit_a) == AssessmentStatus.EXPLAINED

    # The appraiser reads the answer and finalises.
    sign_in(page, live_server, appraiser)
    page.goto(f"{live_server.url}/units/{unit_a.code}/sets/{index_set.code}/appraisal/")
    assert page.get_by_text("Số liệu trích từ hệ thống một cửa ngày 30/11").is_visible()
    press(page, "finalise")
    assert status(unit_a) == AssessmentStatus.APPRAISED
    scores = dict(Score.objects.values_list("criterion__code", "appraised_points"))
    assert scores["1.2.2"] == Decimal("0.50") and scores["2.1"] == Decimal("3.80")
