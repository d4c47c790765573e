"""A real Chromium: an official keeps a document in the library, tags it to a leaf, opens
the self-assessment and attaches it with one click; the evidence appears on the leaf."""

import pytest
from django.utils import timezone

from assessments.models import Evidence
from plans.models import LibraryDocument
from tests.browser_support import sign_in
from tests.library_support import PDF, leaf, open_year_set

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_official_attaches_a_library_document_with_one_click(
    live_server, page, official_a, unit_a
):
    index_set = open_year_set(year=timezone.localdate().year)
    target = leaf(index_set, "1.2.1")
    sign_in(page, live_server, official_a)

    # The library, from the menu: upload a document and tag it to 1.2.1.
    page.click("nav >> text=Kho tài liệu kiểm chứng")
    page.wait_for_load_state()
    page.set_input_files(
        "#id_file",
        files=[{"name": "bao-cao-quy-2.pdf", "mimeType": "application/pdf", "buffer": PDF}],
    )
    page.fill("#id_number", "88/BC-UBND")
    page.fill("#id_date", f"{timezone.localdate().year}-06-30")
    page.fill("#id_issuer", "UBND Phường A")
    page.check(f'input[name="leaves"][value="{target.pk}"]')
    page.click("button[type=submit].primary")
    page.wait_for_load_state()
    assert "bao-cao-quy-2.pdf" in page.locator("table.library-documents").inner_text()
    document = LibraryDocument.objects.get()
    assert list(document.leaves.all()) == [target]

    # The to-do board no longer lists 1.2.1 among the leaves without evidence.
    page.goto(f"{live_server.url}/my-unit/")
    gaps = page.locator(".library-board .codes").inner_text()
    assert "1.2.1" not in gaps and "1.1" in gaps

    # The self-assessment shows it waiting on 1.2.1; one click attaches it.
    page.click(f'a[href$="/sets/{index_set.code}/self-assessment/"].primary')
    waiting = page.locator(f"#leaf-{target.pk} .library-waiting")
    assert "bao-cao-quy-2.pdf" in waiting.inner_text()
    waiting.locator("button", has_text="Đính kèm").click()
    page.wait_for_load_state()

    evidence = Evidence.objects.get()
    assert evidence.file.name == document.file.name  # the same file, not a copy
    assert evidence.score.criterion == target
    on_leaf = page.locator(f"#leaf-{target.pk} .evidence-list").first.inner_text()
    assert "bao-cao-quy-2.pdf" in on_leaf and "88/BC-UBND" in on_leaf
    assert page.locator(f"#leaf-{target.pk} .library-waiting").count() == 0
