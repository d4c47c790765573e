"""A real Chromium runs a commitment round in Django admin, from drafts to the print-out."""

import pytest

from commitments.models import Commitment
from demo.commitments import minimal_pdf
from tests.factories import PASSWORD, make_index_set

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_admin_drafts_the_years_commitments_signs_one_and_prints_it(
    live_server, page, admin_user, unit_a, unit_b
):
    make_index_set(code="xa-2023", year=2023, name="Bộ chỉ số xã 2023")
    page.goto(f"{live_server.url}/admin/commitments/commitment/")
    page.fill("#id_username", admin_user.username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")

    # The round: one click and a year give every unit its draft.
    page.click("a[href$='/create-drafts/']")
    page.select_option("#id_year", "2023")
    page.fill("#id_counterpart_name", "Nguyễn Văn Thành")
    page.fill("#id_counterpart_title", "Chủ tịch UBND thành phố")
    page.fill("#id_place", "Cao Lãnh")
    page.click("input[name=create]")
    page.wait_for_selector(".messagelist .success")
    assert Commitment.objects.filter(year=2023, status="draft").count() == 2

    # Open Phường A's, upload the scan, mark it signed.
    page.click("#result_list a:text('Phường A')")
    page.fill("#id_signer_name", "Trần Thị Mai")
    page.fill("#id_signer_title", "Chủ tịch UBND Phường A")
    page.fill("#id_signed_on", "15/03/2023")
    page.set_input_files(
        "#id_scan",
        files=[
            {"name": "cam-ket.pdf", "mimeType": "application/pdf", "buffer": minimal_pdf(["ky"])}
        ],
    )
    page.select_option("#id_status", "signed")
    page.click("input[name=_continue]")
    page.wait_for_selector(".messagelist .success")
    commitment = Commitment.objects.get(unit=unit_a, year=2023)
    assert commitment.status == "signed" and commitment.scan.read(5) == b"%PDF-"

    # Print the document to sign on paper.
    with page.context.expect_page() as opened:
        page.click("a[href$='/print/']")
    document = opened.value
    document.wait_for_load_state()
    text = document.inner_text("#commitment-document")
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Độc lập - Tự do - Hạnh phúc" in text
    assert "BẢN CAM KẾT" in text and "Trần Thị Mai" in text
