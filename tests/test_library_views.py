"""The library's pages walked through every persona, bad input and the query counts."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from plans.library_services import library_document_upload
from plans.models import LibraryDocument
from tests.conftest import assert_sent_to_login, client_for, english_client
from tests.factories import make_criterion
from tests.library_support import leaf, mark_not_applicable, pdf, stored_files, year_set


@pytest.fixture(autouse=True)
def _fast_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def index_set():
    return year_set()


@pytest.fixture
def document(official_a, unit_a, index_set):
    return library_document_upload(
        user=official_a,
        unit=unit_a,
        index_set=index_set,
        file=pdf("ke-hoach.pdf"),
        number="05/KH-UBND",
        date=date(2023, 12, 20),  # the year before: warned
        issuer="UBND phường",
        section="Mục II",
        leaves=[leaf(index_set, "1.1")],
    )


def library_url(unit, year=2024):
    return reverse("plans:library", kwargs={"unit_code": unit.code, "year": year})


def upload_data(index_set, codes=("1.1",), **overrides):
    data = {
        "file": pdf(),
        "number": "12/QĐ-UBND",
        "date": "15/03/2024",
        "issuer": "UBND phường",
        "section": "Điều 2",
        "leaves": [str(leaf(index_set, code).pk) for code in codes],
    }
    return data | overrides


# --- who sees what -------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_sign_in(anonymous_client, unit_a, document):
    for url in (
        library_url(unit_a),
        reverse("plans:library-mine"),
        reverse("plans:library-download", kwargs={"pk": document.pk}),
        reverse("plans:library-edit", kwargs={"pk": document.pk}),
    ):
        assert_sent_to_login(anonymous_client.get(url))
    assert_sent_to_login(
        anonymous_client.post(reverse("plans:library-remove", kwargs={"pk": document.pk}))
    )


def test_the_official_sees_the_list_with_its_warning_and_the_upload_form(
    official_a, unit_a, document
):
    response = english_client(official_a).get(library_url(unit_a))
    html = response.content.decode()
    assert response.status_code == 200
    assert "ke-hoach.pdf" in html and "05/KH-UBND" in html
    assert "outside the assessed year 2024" in html
    assert 'enctype="multipart/form-data"' in html
    assert reverse("plans:library-edit", kwargs={"pk": document.pk}) in html


def test_readers_read_without_edit_controls_and_cannot_post(
    appraiser, leader, unit_a, index_set, document, settings
):
    for user in (appraiser, leader):
        client = client_for(user)
        html = client.get(library_url(unit_a)).content.decode()
        assert "ke-hoach.pdf" in html
        assert reverse("plans:library-edit", kwargs={"pk": document.pk}) not in html
        assert 'enctype="multipart/form-data"' not in html
        assert client.post(library_url(unit_a), upload_data(index_set)).status_code == 403
        edit = reverse("plans:library-edit", kwargs={"pk": document.pk})
        assert client.get(edit).status_code == 403
        remove = reverse("plans:library-remove", kwargs={"pk": document.pk})
        assert client.post(remove).status_code == 403
        download = reverse("plans:library-download", kwargs={"pk": document.pk})
        assert client.get(download).status_code == 200
    assert LibraryDocument.objects.count() == 1 and len(stored_files(settings)) == 1


def test_another_units_official_gets_404_everywhere(
    official_b, unit_a, index_set, document, settings
):
    client = client_for(official_b)
    pk = {"pk": document.pk}
    assert client.get(library_url(unit_a)).status_code == 404
    assert client.post(library_url(unit_a), upload_data(index_set)).status_code == 404
    assert client.get(reverse("plans:library-download", kwargs=pk)).status_code == 404
    assert client.get(reverse("plans:library-edit", kwargs=pk)).status_code == 404
    assert client.post(reverse("plans:library-remove", kwargs=pk)).status_code == 404
    document.refresh_from_db()
    assert document.removed_at is None and len(stored_files(settings)) == 1


def test_the_download_serves_the_file_under_its_name(official_a, document):
    response = client_for(official_a).get(
        reverse("plans:library-download", kwargs={"pk": document.pk})
    )
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert "ke-hoach.pdf" in response["Content-Disposition"]


def test_the_media_url_never_serves_library_files(official_a, document):
    from django.conf import settings

    response = client_for(official_a).get(settings.MEDIA_URL + document.file.name)
    assert response.status_code == 404


def test_wrong_methods_are_refused(official_a, document):
    client = client_for(official_a)
    assert (
        client.get(reverse("plans:library-remove", kwargs={"pk": document.pk})).status_code == 405
    )
    assert (
        client.post(reverse("plans:library-download", kwargs={"pk": document.pk})).status_code
        == 405
    )


def test_my_library_takes_an_official_to_the_years_library(official_a, unit_a, index_set):
    client = client_for(official_a)
    response = client.get(reverse("plans:library-mine"), follow=True)
    assert response.redirect_chain[-1][0] == library_url(unit_a, 2024)


def test_my_library_is_for_officials(leader):
    assert client_for(leader).get(reverse("plans:library-mine")).status_code == 403


def test_a_year_without_a_set_for_the_unit_is_a_404(official_a, unit_a, index_set):
    assert client_for(official_a).get(library_url(unit_a, 2019)).status_code == 404


# --- uploading -----------------------------------------------------------------------


def test_an_official_uploads_and_tags_a_document(official_a, unit_a, index_set, settings):
    client = english_client(official_a)
    response = client.post(library_url(unit_a), upload_data(index_set, ("1.1", "1.2.2")))
    assert response.status_code == 302
    document = LibraryDocument.objects.get()
    assert document.document_date == date(2024, 3, 15) and document.uploaded_by == official_a
    assert sorted(document.leaves.values_list("code", flat=True)) == ["1.1", "1.2.2"]
    assert len(stored_files(settings)) == 1
    html = client.get(response.url).content.decode()
    assert "quyet-dinh.pdf" in html and "is in the library" in html


BAD = {
    "renamed file": ({"file": SimpleUploadedFile("bao-cao.pdf", b"MZ not a pdf")}, "không khớp"),
    "wrong type": ({"file": SimpleUploadedFile("a.exe", b"MZ")}, "không thuộc loại"),
    "no file": ({"file": ""}, "Chọn tệp"),
    "impossible date": ({"date": "31/02/2024"}, "ngày/tháng/năm"),
    "date in words": ({"date": "hôm qua"}, "ngày/tháng/năm"),
    "no leaf": ({"leaves": []}, "ít nhất một"),
    "a leaf of no set": ({"leaves": ["999999"]}, "không phải là tiêu chí"),
}


@pytest.mark.parametrize("case", list(BAD))
def test_bad_input_is_refused_in_vietnamese_and_nothing_is_saved(
    official_a, unit_a, index_set, settings, case
):
    overrides, words = BAD[case]
    response = client_for(official_a).post(library_url(unit_a), upload_data(index_set, **overrides))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Chưa lưu gì" in html and words in html, html[html.find("field-error") - 200 :][:800]
    assert LibraryDocument.objects.count() == 0 and stored_files(settings) == []


def test_a_file_too_large_is_refused(official_a, unit_a, index_set, settings):
    settings.UPLOAD_MAX_MB = 1
    big = pdf(content=b"%PDF-" + b"0" * (1024 * 1024 + 10))
    response = client_for(official_a).post(library_url(unit_a), upload_data(index_set, file=big))
    assert "1 MB" in response.content.decode()
    assert LibraryDocument.objects.count() == 0 and stored_files(settings) == []


def test_a_leaf_of_another_set_or_not_applicable_is_refused_with_its_code(
    official_a, unit_a, index_set, settings
):
    other = year_set(year=2023)
    client = client_for(official_a)
    foreign = upload_data(index_set, leaves=[str(leaf(other, "1.1").pk)])
    assert "không phải là tiêu chí" in client.post(library_url(unit_a), foreign).content.decode()
    mark_not_applicable(unit_a, index_set, "1.2.2", reason="Không có TTHC")
    html = client.post(library_url(unit_a), upload_data(index_set, ("1.2.2",))).content.decode()
    assert "1.2.2" in html and "Không có TTHC" in html
    survey = client.post(library_url(unit_a), upload_data(index_set, ("2.1",))).content.decode()
    assert "2.1" in survey and "điều tra" in survey
    assert LibraryDocument.objects.count() == 0 and stored_files(settings) == []


def test_the_form_lists_only_the_leaves_that_apply(official_a, unit_a, index_set):
    mark_not_applicable(unit_a, index_set, "1.2.2")
    form = client_for(official_a).get(library_url(unit_a)).context["form"]
    codes = [label.split(".")[0] for _value, label in form.fields["leaves"].choices]
    listed = {str(value) for value, _label in form.fields["leaves"].choices}
    assert str(leaf(index_set, "1.1").pk) in listed
    assert str(leaf(index_set, "1.2.2").pk) not in listed  # not applicable
    assert str(leaf(index_set, "2.1").pk) not in listed  # survey
    assert len(codes) == 2


# --- filtering, editing, removing ----------------------------------------------------


def test_the_list_filters_by_leaf(official_a, unit_a, index_set, document):
    library_document_upload(
        user=official_a,
        unit=unit_a,
        index_set=index_set,
        file=pdf("bao-cao-quy.pdf"),
        leaves=[leaf(index_set, "1.2.1")],
    )
    client = client_for(official_a)
    html = client.get(library_url(unit_a), {"leaf": leaf(index_set, "1.2.1").pk}).content.decode()
    assert "bao-cao-quy.pdf" in html and "ke-hoach.pdf" not in html
    everything = client.get(library_url(unit_a), {"leaf": "x"}).content.decode()
    assert "bao-cao-quy.pdf" in everything and "ke-hoach.pdf" in everything


def test_the_official_edits_details_and_tags(official_a, unit_a, index_set, document):
    url = reverse("plans:library-edit", kwargs={"pk": document.pk})
    client = client_for(official_a)
    assert client.get(url).status_code == 200
    data = {
        "number": "06/KH",
        "date": "2024-01-10",
        "issuer": "Phòng Nội vụ",
        "section": "",
        "leaves": [str(leaf(index_set, "1.2.1").pk)],
    }
    assert client.post(url, data).status_code == 302
    document.refresh_from_db()
    assert document.document_number == "06/KH" and document.document_date == date(2024, 1, 10)
    assert list(document.leaves.values_list("code", flat=True)) == ["1.2.1"]
    history = client.get(url).content.decode()
    assert "05/KH-UBND" in history and "06/KH" in history  # the old values stay readable
    records = client.get(url).context["history"]
    assert records[0].tag_codes == ["1.2.1"] and records[-1].tag_codes in ([], ["1.1"])
    assert ["1.1"] in [record.tag_codes for record in records]  # the old tags too


def test_a_bad_edit_changes_nothing(official_a, document):
    url = reverse("plans:library-edit", kwargs={"pk": document.pk})
    response = client_for(official_a).post(url, {"date": "2024-13-45", "leaves": []})
    assert response.status_code == 200 and "Chưa lưu gì" in response.content.decode()
    document.refresh_from_db()
    assert document.document_number == "05/KH-UBND" and document.leaves.count() == 1


def test_removing_stamps_the_document_and_it_leaves_the_list(
    official_a, unit_a, document, settings
):
    client = client_for(official_a)
    assert (
        client.post(reverse("plans:library-remove", kwargs={"pk": document.pk})).status_code == 302
    )
    document.refresh_from_db()
    assert document.removed_at is not None
    listed = client.get(library_url(unit_a)).content.decode()
    assert reverse("plans:library-download", kwargs={"pk": document.pk}) not in listed
    assert len(stored_files(settings)) == 1  # the file stays for evidence pointing at it
    edit = reverse("plans:library-edit", kwargs={"pk": document.pk})
    assert client.get(edit).status_code == 403


def test_a_document_on_many_leaves_is_warned(official_a, unit_a):
    index_set = year_set(with_tree=False)
    field = make_criterion(index_set, "1", "5")
    leaves = [
        make_criterion(index_set, f"1.{n}", "1", parent=field, method="appraisal")
        for n in range(1, 6)
    ]
    library_document_upload(
        user=official_a, unit=unit_a, index_set=index_set, file=pdf(), leaves=leaves[:3]
    )
    client = english_client(official_a)
    assert "more than 3" not in client.get(library_url(unit_a)).content.decode()
    library_document_upload(
        user=official_a, unit=unit_a, index_set=index_set, file=pdf("nhieu.pdf"), leaves=leaves[:4]
    )
    assert "Tagged to 4 leaves (more than 3)" in client.get(library_url(unit_a)).content.decode()


def test_the_list_reads_in_the_same_queries_for_3_or_30_documents(official_a, unit_a, index_set):
    client = client_for(official_a)
    counts = []
    for total in (3, 30):
        while LibraryDocument.objects.count() < total:
            library_document_upload(
                user=official_a,
                unit=unit_a,
                index_set=index_set,
                file=pdf(),
                leaves=[leaf(index_set, "1.1"), leaf(index_set, "1.2.1")],
            )
        with CaptureQueriesContext(connection) as context:
            assert client.get(library_url(unit_a)).status_code == 200
        counts.append(len(context.captured_queries))
    assert counts[0] == counts[1], counts
