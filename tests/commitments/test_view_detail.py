"""A commitment's page, its printable document and its scan, walked through every persona."""

import pytest
from django.urls import reverse

from commitments import services
from tests.commitments.conftest import publish, score_unit
from tests.conftest import assert_sent_to_login, client_for, english_client
from tests.factories import make_unit

pytestmark = pytest.mark.django_db

KWARGS = {"year": 2023, "unit_code": "phuong-a"}
DETAIL = reverse("commitments:detail", kwargs=KWARGS)
PRINT = reverse("commitments:print", kwargs=KWARGS)
SCAN = reverse("commitments:scan", kwargs=KWARGS)
PAGES = [DETAIL, PRINT, SCAN]


def test_anonymous_visitors_are_sent_to_login(anonymous_client, signed_a):
    for url in PAGES:
        assert_sent_to_login(anonymous_client.get(url))


def test_an_official_of_another_unit_gets_a_404(official_b, signed_a):
    client = client_for(official_b)
    for url in PAGES:
        assert client.get(url).status_code == 404


@pytest.mark.parametrize("persona", ["official_a", "leader", "appraiser", "admin_user"])
def test_every_page_refuses_a_post(request, persona, signed_a):
    client = client_for(request.getfixturevalue(persona))
    for url in PAGES:
        assert client.post(url).status_code == 405


@pytest.mark.parametrize("persona", ["official_a", "leader", "appraiser"])
def test_readers_see_the_commitment_without_edit_controls(request, persona, signed_a):
    response = english_client(request.getfixturevalue(persona)).get(DETAIL)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Trần Thị Mai" in html and "Nguyễn Văn Thành" in html
    assert 'id="commitment-status">Signed<' in html
    assert "Edit in administration" not in html
    assert SCAN in html and PRINT in html


def test_an_admin_sees_the_link_to_edit_it(admin_user, signed_a):
    html = english_client(admin_user).get(DETAIL).content.decode()
    assert reverse("admin:commitments_commitment_change", args=[signed_a.pk]) in html


def test_after_publication_the_page_shows_each_target_against_the_result(
    leader, index_set, signed_a, unit_a
):
    score_unit(index_set, unit_a, survey="3.6")
    publish(index_set)
    response = english_client(leader).get(DETAIL)
    html = response.content.decode()
    assert 'id="commitment-status">Missed<' in html
    assert "90.00 %" in html and "0.20 points short" in html


def test_the_detail_page_queries_a_fixed_number_of_times(
    leader, index_set, signed_a, unit_a, django_assert_max_num_queries
):
    score_unit(index_set, unit_a)
    publish(index_set)
    client = client_for(leader)
    with django_assert_max_num_queries(16):
        assert client.get(DETAIL).status_code == 200


def test_the_printable_document_has_the_administrative_layout(official_a, signed_a):
    response = client_for(official_a).get(PRINT)  # Vietnamese
    html = response.content.decode()
    assert response.status_code == 200
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in html
    assert "Độc lập - Tự do - Hạnh phúc" in html
    assert "BẢN CAM KẾT" in html
    assert "Thực hiện Chỉ số cải cách hành chính năm 2023" in html
    assert "ỦY BAN NHÂN DÂN THÀNH PHỐ CAO LÃNH" in html  # the governing body, then
    assert "ỦY BAN NHÂN DÂN PHƯỜNG A" in html  # the ward's committee as issuer, in capitals
    assert "Số: ……/CK-UBND" in html
    assert "Nơi nhận:" in html and "Lưu: VT." in html
    assert "Cao Lãnh, ngày 15 tháng 03 năm 2023" in html  # day and month on two digits
    assert "95,00 %" in html  # the survey target with a decimal comma
    assert "Trần Thị Mai" in html and "CHỦ TỊCH UBND THÀNH PHỐ" in html
    assert "css/commitments.css" in html


def test_a_draft_prints_with_blanks_for_the_date(leader, commitment_a):
    html = english_client(leader).get(PRINT).content.decode()
    assert "Cao Lãnh, day …… month …… year ……" in html


def test_a_signed_document_prints_its_date_in_english_form(leader, signed_a):
    html = english_client(leader).get(PRINT).content.decode()
    assert "Cao Lãnh, 15 March 2023" in html
    assert "Recipients:" in html


def test_a_department_issues_in_its_own_name_under_its_parent(leader, index_set):
    city = make_unit(code="tp-x", name="Thành phố X", kind="district")
    department = make_unit(code="phong-noi-vu", name="Phòng Nội vụ", kind="department", parent=city)
    index_set.unit_kinds = [*index_set.unit_kinds, "department"]
    index_set.save()
    services.commitment_create(unit=department, year=2023, place="X")
    url = reverse("commitments:print", kwargs={"year": 2023, "unit_code": "phong-noi-vu"})
    html = client_for(leader).get(url).content.decode()
    assert "ỦY BAN NHÂN DÂN THÀNH PHỐ X" in html and "PHÒNG NỘI VỤ" in html
    assert "Số: ……/CK-PNV" in html


def test_the_scan_is_served_to_the_units_official_as_a_pdf(official_a, signed_a):
    response = client_for(official_a).get(SCAN)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("inline")
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_a_commitment_without_a_scan_has_no_scan_to_serve(leader, commitment_a):
    assert client_for(leader).get(SCAN).status_code == 404


def test_an_unknown_commitment_is_a_404(leader, signed_a):
    url = reverse("commitments:detail", kwargs={"year": 2022, "unit_code": "phuong-a"})
    assert client_for(leader).get(url).status_code == 404
