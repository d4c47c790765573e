"""A real Chromium through the year: a leader drafts the plan from last year's results and
issues it; an official reports a task done with a file, tags the same file to a leaf in
the library, and finds it waiting on the self-assessment form."""

from datetime import timedelta

import pytest
from django.utils import timezone

from indexes.cloning import index_set_clone
from indexes.models import Phase
from plans.models import ImprovementPlan, LibraryDocument, PlanPhase, ProgressReport
from tests.browser_support import sign_in
from tests.factories import make_score
from tests.plan_support import PDF

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def this_year(published, unit_a, unit_b):
    """Last year's results published, this year's set cloned from it and open today."""
    today = timezone.localdate()
    published.year = today.year - 1
    published.save()
    index_set = index_set_clone(source=published, year=today.year).index_set
    index_set.phase = Phase.SELF_ASSESSMENT
    index_set.self_assessment_opens = today - timedelta(days=5)
    index_set.self_assessment_closes = today + timedelta(days=10)
    index_set.save()
    make_score(unit_b, published.criteria.get(code="1.2.1"), self_points=0, appraised_points=0)
    return index_set


def test_a_leader_issues_the_plan_and_an_official_reports_with_a_file_that_waits_on_the_form(
    live_server, page, leader, official_b, unit_b, this_year
):
    year = this_year.year
    sign_in(page, live_server, leader)

    # From the published year's dashboard to the draft.
    page.goto(f"{live_server.url}/dashboards/?year={year - 1}")
    page.click("#draft-plan-link a")
    page.click(f"#draft-plan button:has-text('{year}')")
    page.wait_for_load_state()
    plan = ImprovementPlan.objects.get(year=year)
    assert plan.tasks.count() == 3
    assert page.locator("#plan-tasks tbody tr").count() == 3

    # Number, date and signer, then issue.
    page.click("text=Sửa số, ngày, người ký và kỳ báo cáo")
    page.fill("#id_number", "25/KH-UBND")
    page.fill("#id_issued_on", f"{year}-01-15")
    page.fill("#id_signer_name", "Nguyễn Văn Thành")
    page.fill("#id_signer_title", "Chủ tịch")
    page.click("#plan-form button[type=submit]")
    page.wait_for_load_state()
    page.click("#issue-plan")
    page.wait_for_load_state()
    assert page.locator("#plan-phase").inner_text() == "Đã ban hành"
    plan.refresh_from_db()
    assert plan.phase == PlanPhase.ISSUED

    # The printed document: the header of an administrative document and the annex.
    page.click("text=In văn bản")
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in page.inner_text("#plan-document")
    assert page.locator("#plan-annex tbody tr").count() == 3

    # The official: the to-do board lists the reports due; report one task done with a file.
    sign_in(page, live_server, official_b)
    page.goto(f"{live_server.url}/my-unit/")
    page.locator("#plan-todo li a").first.click()
    page.wait_for_load_state()
    page.select_option("#id_status", "done")
    page.fill("#id_text", "Đã ban hành quy chế")
    page.set_input_files(
        "#id_files",
        files=[{"name": "quy-che.pdf", "mimeType": "application/pdf", "buffer": PDF}],
    )
    page.click("#report-form button[type=submit]")
    page.wait_for_load_state()
    report = ProgressReport.objects.get()
    assert report.status == "done" and report.task.lead_unit == unit_b
    assert "Hoàn thành" in page.inner_text("#unit-tasks")
    document = LibraryDocument.objects.get()
    assert document.unit == unit_b and document.index_set == this_year

    # The same file, tagged to a leaf in the library, waits on the self-assessment form.
    target = this_year.criteria.get(code="1.2.1")
    page.goto(f"{live_server.url}/plans/library/documents/{document.pk}/edit/")
    page.check(f'input[name="leaves"][value="{target.pk}"]')
    page.click(".library-form button[type=submit]")
    page.wait_for_load_state()
    assert list(document.leaves.all()) == [target]
    page.goto(f"{live_server.url}/units/{unit_b.code}/sets/{this_year.code}/self-assessment/")
    waiting = page.locator(f"#leaf-{target.pk} .library-waiting")
    assert "quy-che.pdf" in waiting.inner_text()
