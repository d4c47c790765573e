"""The commitment round in Django admin: list, drafts for a year, signing, export, history."""

from decimal import Decimal
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from accounts.models import Role
from commitments.models import Commitment, CommitmentStatus, CommittedTarget
from tests.commitments.conftest import pdf_upload, publish, score_unit
from tests.conftest import client_for, english_client
from tests.factories import make_unit, make_user

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:commitments_commitment_changelist"
CREATE_DRAFTS = "admin:commitments_commitment_create_drafts"


def change_form_data(commitment, *, comma: bool = False, **overrides):
    """What the admin change form posts, with the three target rows."""
    targets = list(commitment.targets.order_by("method"))
    data = {
        "status": commitment.status,
        "signer_name": commitment.signer_name,
        "signer_title": commitment.signer_title,
        "counterpart_name": commitment.counterpart_name,
        "counterpart_title": commitment.counterpart_title,
        "signed_on": "",
        "place": commitment.place,
        "pledges": "",
        "targets-TOTAL_FORMS": str(len(targets)),
        "targets-INITIAL_FORMS": str(len(targets)),
        "targets-MIN_NUM_FORMS": "0",
        "targets-MAX_NUM_FORMS": "3",
        "_save": "Save",
    }
    for index, target in enumerate(targets):
        data.update(
            {
                f"targets-{index}-id": str(target.pk),
                f"targets-{index}-commitment": str(commitment.pk),
                f"targets-{index}-method": target.method,
                f"targets-{index}-pct": str(target.pct).replace(".", ",")
                if comma
                else str(target.pct),
            }
        )
    data.update(overrides)
    return data


def add_form_data(unit, *targets: tuple[str, str]):
    """What the admin add form posts for a 2023 draft of `unit`, with (method, pct) rows."""
    data = {
        "unit": str(unit.pk),
        "year": "2023",
        "status": "draft",
        "targets-TOTAL_FORMS": str(len(targets)),
        "targets-INITIAL_FORMS": "0",
        "targets-MIN_NUM_FORMS": "0",
        "targets-MAX_NUM_FORMS": "3",
    }
    for index, (method, pct) in enumerate(targets):
        data.update({f"targets-{index}-method": method, f"targets-{index}-pct": pct})
    return data


def test_the_list_shows_unit_kind_year_signer_date_status_and_result(
    admin_user, index_set, signed_a, commitment_b, unit_a
):
    score_unit(index_set, unit_a)
    publish(index_set)
    html = english_client(admin_user).get(reverse(CHANGELIST)).content.decode()
    for text in (
        "Phường A",
        "Xã B",
        "Ward",
        "2023",
        "Trần Thị Mai",
        "Signed",
        "Draft",
        "status-met",
    ):
        assert text in html


def test_the_list_filters_by_computed_result(admin_user, index_set, signed_a, commitment_b, unit_a):
    score_unit(index_set, unit_a, survey="2")
    publish(index_set)
    client = english_client(admin_user)
    missed = client.get(reverse(CHANGELIST), {"result": "missed"}).context["cl"].result_list
    assert [c.pk for c in missed] == [signed_a.pk]
    assert list(client.get(reverse(CHANGELIST), {"result": "met"}).context["cl"].result_list) == []
    pending = client.get(reverse(CHANGELIST), {"result": "pending"}).context["cl"].result_list
    assert [c.pk for c in pending] == [commitment_b.pk]


def test_the_list_searches_by_unit_and_signer(admin_user, commitment_a, commitment_b):
    client = english_client(admin_user)
    assert [
        c.pk for c in client.get(reverse(CHANGELIST), {"q": "Lê Văn"}).context["cl"].result_list
    ] == [commitment_b.pk]
    assert [
        c.pk for c in client.get(reverse(CHANGELIST), {"q": "Phường A"}).context["cl"].result_list
    ] == [commitment_a.pk]


def test_the_list_does_not_query_per_commitment(
    admin_user, index_set, django_assert_max_num_queries
):
    publish(index_set)
    for _ in range(12):
        make_unit(kind="ward")
    client = english_client(admin_user)
    client.post(reverse(CREATE_DRAFTS), {"year": "2023"})
    with django_assert_max_num_queries(24):
        response = client.get(reverse(CHANGELIST))
    assert len(response.context["cl"].result_list) == 12


def test_the_action_page_creates_the_years_drafts_once(admin_user, index_set, unit_a, unit_b):
    client = english_client(admin_user)
    page = client.get(reverse(CREATE_DRAFTS))
    assert page.status_code == 200 and page.context["form"].initial["year"] == 2023

    response = client.post(
        reverse(CREATE_DRAFTS),
        {"year": "2023", "counterpart_name": "Nguyễn Văn Thành", "counterpart_title": "Chủ tịch"},
        follow=True,
    )
    assert "2 draft commitments created for 2023" in response.content.decode()
    again = client.post(reverse(CREATE_DRAFTS), {"year": "2023"}, follow=True)
    assert (
        "0 draft commitments created for 2023; 2 units already had one." in again.content.decode()
    )
    assert Commitment.objects.filter(year=2023).count() == 2


def test_the_action_page_refuses_a_year_without_sets(admin_user, index_set, unit_a):
    response = english_client(admin_user).post(reverse(CREATE_DRAFTS), {"year": "2031"})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert Commitment.objects.count() == 0


def test_the_draft_action_in_the_list_leads_to_the_year_page(admin_user, commitment_a):
    response = english_client(admin_user).post(
        reverse(CHANGELIST),
        {"action": "create_drafts_for_year", "_selected_action": [commitment_a.pk]},
    )
    assert response.status_code == 302 and response.url.endswith("create-drafts/?year=2023")


def test_an_admin_uploads_the_scan_and_marks_the_commitment_signed(admin_user, commitment_a):
    url = reverse("admin:commitments_commitment_change", args=[commitment_a.pk])
    data = change_form_data(
        commitment_a, status="signed", signed_on="15/03/2023", scan=pdf_upload()
    )
    response = english_client(admin_user).post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    commitment = Commitment.objects.get(pk=commitment_a.pk)
    assert commitment.status == CommitmentStatus.SIGNED and commitment.scan
    assert commitment.history.first().history_user == admin_user


def test_marking_signed_without_the_scan_is_refused_with_a_message(admin_user, commitment_a):
    url = reverse("admin:commitments_commitment_change", args=[commitment_a.pk])
    response = english_client(admin_user).post(
        url, change_form_data(commitment_a, status="signed", signed_on="15/03/2023")
    )
    assert response.status_code == 200
    assert "Upload the signed scan before marking it signed." in response.content.decode()
    assert Commitment.objects.get(pk=commitment_a.pk).status == CommitmentStatus.DRAFT


def test_a_scan_that_is_not_a_pdf_or_image_is_refused_and_nothing_saved(admin_user, commitment_a):
    url = reverse("admin:commitments_commitment_change", args=[commitment_a.pk])
    fake = SimpleUploadedFile("scan.pdf", b"PK\x03\x04 a spreadsheet")
    response = english_client(admin_user).post(
        url, change_form_data(commitment_a, status="signed", signed_on="15/03/2023", scan=fake)
    )
    assert response.status_code == 200
    assert "is not really a PDF file" in response.content.decode()
    assert not Commitment.objects.get(pk=commitment_a.pk).scan


def test_a_signing_date_outside_the_range_is_refused_in_the_form(admin_user, commitment_a):
    url = reverse("admin:commitments_commitment_change", args=[commitment_a.pk])
    response = english_client(admin_user).post(
        url, change_form_data(commitment_a, signed_on="15/03/2021")
    )
    assert "A commitment for 2023 is signed between" in response.content.decode()
    assert Commitment.objects.get(pk=commitment_a.pk).signed_on is None


def test_a_weaker_target_in_the_inline_is_refused_and_nothing_saved(admin_user, commitment_a):
    url = reverse("admin:commitments_commitment_change", args=[commitment_a.pk])
    client = english_client(admin_user)
    weaker = change_form_data(commitment_a, **{"targets-2-pct": "93.5"})  # survey, year's 95
    response = client.post(url, weaker)
    assert response.status_code == 200
    assert "weaker than the year&#x27;s target of 95" in response.content.decode()
    assert commitment_a.targets.get(method="survey").pct == Decimal("95")


def test_a_stricter_target_typed_with_a_decimal_comma_is_saved(admin_user, commitment_a):
    url = reverse("admin:commitments_commitment_change", args=[commitment_a.pk])
    client = client_for(admin_user)  # Vietnamese, the default language
    stricter = change_form_data(commitment_a, comma=True, **{"targets-2-pct": "97,5"})
    assert client.post(url, stricter).status_code == 302
    assert commitment_a.targets.get(method="survey").pct == Decimal("97.5")


def test_adding_a_commitment_fills_in_the_years_targets(admin_user, index_set, unit_a):
    data = add_form_data(unit_a, ("other", "95"))
    response = english_client(admin_user).post(reverse("admin:commitments_commitment_add"), data)
    assert response.status_code == 302
    commitment = Commitment.objects.get(unit=unit_a, year=2023)
    assert dict(commitment.targets.values_list("method", "pct")) == {
        "appraisal": Decimal("100"),
        "survey": Decimal("95"),
        "other": Decimal("95"),
    }


def test_adding_a_duplicate_commitment_is_refused_with_a_message(admin_user, commitment_a, unit_a):
    data = add_form_data(unit_a)
    response = english_client(admin_user).post(reverse("admin:commitments_commitment_add"), data)
    assert response.status_code == 200
    assert "This unit already has a commitment for that year." in response.content.decode()
    assert Commitment.objects.count() == 1


def test_the_selected_commitments_are_exported_to_excel_with_numbers(
    admin_user, signed_a, commitment_b
):
    response = english_client(admin_user).post(
        reverse(CHANGELIST),
        {"action": "export_xlsx", "_selected_action": [signed_a.pk, commitment_b.pk]},
    )
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Unit" and len(rows) == 3
    by_unit = {row[0]: dict(zip(rows[0], row, strict=True)) for row in rows[1:]}
    assert by_unit["Phường A"]["Unit code"] == "phuong-a"
    assert by_unit["Phường A"]["Year"] == 2023
    assert by_unit["Phường A"]["Status"] == "Signed"
    assert by_unit["Phường A"]["Target: Survey (%)"] == 95  # a number
    assert by_unit["Phường A"]["Signing date"].year == 2023  # a date
    assert by_unit["Phường A"]["Result: Survey"] is None  # nothing published yet


def test_once_published_the_export_says_which_method_was_met(
    admin_user, index_set, signed_a, commitment_b, unit_a
):
    score_unit(index_set, unit_a, survey="3.6")  # 90 % of the survey's 4 points: below 95
    publish(index_set)
    response = english_client(admin_user).post(
        reverse(CHANGELIST),
        {"action": "export_xlsx", "_selected_action": [signed_a.pk, commitment_b.pk]},
    )
    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))
    by_unit = {row[0]: dict(zip(rows[0], row, strict=True)) for row in rows[1:]}
    phuong_a = by_unit["Phường A"]
    assert phuong_a["Status"] == "Missed"
    assert phuong_a["Result: Appraisal"] == "Met"
    assert phuong_a["Result: Survey"] == "Missed"
    assert by_unit["Xã B"]["Result: Survey"] is None  # a draft is not judged


def test_the_history_of_a_commitment_lists_every_change(admin_user, signed_a):
    url = reverse("admin:commitments_commitment_history", args=[signed_a.pk])
    response = english_client(admin_user).get(url)
    assert response.status_code == 200
    assert response.context["page_obj"].paginator.count == 2
    assert "Signed" in response.content.decode()


def test_the_change_form_links_to_the_printable_document(admin_user, signed_a):
    html = (
        english_client(admin_user)
        .get(reverse("admin:commitments_commitment_change", args=[signed_a.pk]))
        .content.decode()
    )
    assert reverse("commitments:print", kwargs={"year": 2023, "unit_code": "phuong-a"}) in html
    assert reverse("commitments:scan", kwargs={"year": 2023, "unit_code": "phuong-a"}) in html


@pytest.mark.parametrize("persona", ["leader", "official_a", "appraiser"])
def test_only_admins_reach_the_commitments_admin(request, persona, commitment_a):
    client = client_for(request.getfixturevalue(persona))
    for url in (reverse(CHANGELIST), reverse(CREATE_DRAFTS)):
        response = client.get(url)
        assert response.status_code == 302 and "/admin/login/" in response.url


def test_a_staff_member_who_is_not_an_admin_cannot_manage_commitments(commitment_a, index_set):
    staff_leader = make_user(role=Role.LEADER, is_staff=True)
    client = client_for(staff_leader)
    assert client.get(reverse(CHANGELIST)).status_code == 403
    assert client.post(reverse(CREATE_DRAFTS), {"year": "2023"}).status_code == 403
    assert client.get(reverse("admin:commitments_award_changelist")).status_code == 403
    assert Commitment.objects.count() == 1
    assert CommittedTarget.objects.count() == 3


def test_each_input_of_the_target_rows_is_labelled_by_its_column_and_row(admin_user, signed_a):
    url = reverse("admin:commitments_commitment_change", args=[signed_a.pk])
    html = client_for(admin_user).get(url).content.decode()
    assert 'aria-label="Phương pháp chấm, dòng 1"' in html
    assert 'aria-label="Chỉ tiêu cam kết (% điểm tối đa), dòng 3"' in html
    assert 'aria-label="Xóa, dòng 2"' in html
