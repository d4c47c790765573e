"""The evidence library's writes: upload, update, remove, attach (plans/library_services.py)."""

from datetime import date

import pytest
from django.utils import translation

from assessments.models import Assessment, AssessmentStatus, Evidence
from assessments.services.common import Invalid, Refused
from plans.library_services import (
    library_document_attach,
    library_document_remove,
    library_document_update,
    library_document_upload,
)
from plans.models import LibraryDocument
from tests.factories import make_index_set
from tests.library_support import (
    docx,
    leaf,
    mark_not_applicable,
    open_year_set,
    pdf,
    stored_files,
    year_set,
)


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def upload(user, unit, index_set, codes=("1.1",), **kwargs):
    values = {
        "user": user,
        "unit": unit,
        "index_set": index_set,
        "file": kwargs.pop("file", None) or pdf(),
        "number": "12/QĐ-UBND",
        "date": date(index_set.year, 3, 15),
        "issuer": "UBND phường",
        "section": "Điều 2",
        "leaves": [leaf(index_set, code) for code in codes],
    }
    return library_document_upload(**(values | kwargs))


def test_an_official_uploads_outside_any_window_and_the_file_is_stored(
    official_a, unit_a, settings
):
    index_set = year_set()  # still in preparation: the library is open all year
    document = upload(official_a, unit_a, index_set, codes=("1.1", "1.2.1"))
    assert document.original_name == "quyet-dinh.pdf" and document.size > 0
    assert document.file.name.startswith(f"library/2024/{unit_a.code}/")
    assert sorted(document.leaves.values_list("code", flat=True)) == ["1.1", "1.2.1"]
    assert len(stored_files(settings)) == 1
    assert document.history.first().history_user == official_a


def test_word_files_are_accepted(official_a, unit_a):
    assert upload(official_a, unit_a, year_set(), file=docx()).original_name == "bao-cao.docx"


@pytest.mark.parametrize(
    "file, words",
    [
        ("renamed", "not a real PDF"),
        ("wrong_type", "not an accepted type"),
        ("empty", "is empty"),
    ],
)
def test_a_bad_file_is_refused_and_nothing_is_stored(official_a, unit_a, settings, file, words):
    from django.core.files.uploadedfile import SimpleUploadedFile

    files = {
        "renamed": SimpleUploadedFile("bao-cao.pdf", b"MZ\x90\x00 not a pdf"),
        "wrong_type": SimpleUploadedFile("virus.exe", b"MZ\x90\x00"),
        "empty": SimpleUploadedFile("rong.pdf", b""),
    }
    with pytest.raises(Invalid) as error:
        upload(official_a, unit_a, year_set(), file=files[file])
    assert words in error.value.message
    assert LibraryDocument.objects.count() == 0 and stored_files(settings) == []


def test_a_file_over_the_limit_is_refused(official_a, unit_a, settings):
    settings.UPLOAD_MAX_MB = 1
    big = pdf(content=b"%PDF-" + b"0" * (1024 * 1024 + 1))
    with pytest.raises(Invalid) as error:
        upload(official_a, unit_a, year_set(), file=big)
    assert "the limit is 1 MB" in error.value.message
    assert stored_files(settings) == []


def test_a_leaf_of_another_set_or_a_heading_is_refused(official_a, unit_a, settings):
    index_set, other = year_set(), year_set(year=2023)
    for foreign in (leaf(other, "1.1"), leaf(index_set, "1.2")):
        with pytest.raises(Invalid) as error:
            library_document_upload(
                user=official_a, unit=unit_a, index_set=index_set, file=pdf(), leaves=[foreign]
            )
        assert "is not a leaf of the set" in error.value.message
    assert LibraryDocument.objects.count() == 0 and stored_files(settings) == []


def test_a_leaf_that_does_not_apply_to_the_unit_is_refused_with_the_reason(
    official_a, unit_a, settings
):
    index_set = year_set()
    mark_not_applicable(unit_a, index_set, "1.2", reason="Không có TTHC")
    with pytest.raises(Invalid) as error:
        upload(official_a, unit_a, index_set, codes=("1.1", "1.2.1"))
    assert "1.2.1 does not apply to your unit: Không có TTHC" in error.value.message
    assert LibraryDocument.objects.count() == 0 and stored_files(settings) == []


def test_a_set_that_does_not_score_the_unit_is_refused(official_a, unit_a):
    departments = make_index_set(year=2024, unit_kinds=["department"])
    with pytest.raises(Invalid):
        upload(official_a, unit_a, departments)


def test_only_the_units_own_official_uploads(official_b, appraiser, leader, unit_a, settings):
    index_set = year_set()
    for user in (official_b, appraiser, leader):
        with pytest.raises(Refused):
            upload(user, unit_a, index_set)
    assert stored_files(settings) == []


def test_update_changes_details_and_tags_with_history(official_a, unit_a):
    index_set = year_set()
    document = upload(official_a, unit_a, index_set)
    library_document_update(
        user=official_a,
        document=document,
        number="15/KH",
        date=date(2024, 6, 1),
        issuer="Phòng Nội vụ",
        section="Mục II",
        leaves=[leaf(index_set, "1.2.2")],
    )
    document.refresh_from_db()
    assert document.document_number == "15/KH" and document.issuer == "Phòng Nội vụ"
    assert list(document.leaves.values_list("code", flat=True)) == ["1.2.2"]
    old = document.history.last()
    assert old.document_number == "12/QĐ-UBND"
    assert document.history.count() >= 3


def test_an_update_naming_a_leaf_not_applicable_changes_nothing(official_a, unit_a):
    index_set = year_set()
    document = upload(official_a, unit_a, index_set)
    mark_not_applicable(unit_a, index_set, "1.2.2")
    with pytest.raises(Invalid):
        library_document_update(
            user=official_a,
            document=document,
            number="khác",
            date=None,
            issuer="",
            section="",
            leaves=[leaf(index_set, "1.2.2")],
        )
    document.refresh_from_db()
    assert document.document_number == "12/QĐ-UBND"
    assert list(document.leaves.values_list("code", flat=True)) == ["1.1"]


def test_remove_stamps_and_keeps_the_file(official_a, official_b, unit_a, settings):
    document = upload(official_a, unit_a, year_set())
    with pytest.raises(Refused):
        library_document_remove(user=official_b, document=document)
    library_document_remove(user=official_a, document=document)
    document.refresh_from_db()
    assert document.removed_at is not None and document.removed_by == official_a
    assert LibraryDocument.objects.count() == 1 and len(stored_files(settings)) == 1


def test_attach_points_evidence_at_the_same_file_without_a_copy(official_a, unit_a, settings):
    index_set = open_year_set()
    document = upload(official_a, unit_a, index_set)
    evidence = library_document_attach(
        user=official_a, document=document, leaf=leaf(index_set, "1.1")
    )
    assert evidence.file.name == document.file.name
    assert evidence.score.unit == unit_a and evidence.score.criterion.code == "1.1"
    assert (evidence.document_number, evidence.issuer) == ("12/QĐ-UBND", "UBND phường")
    assert len(stored_files(settings)) == 1  # one file, two rows pointing at it
    assert evidence.file.open("rb").read().startswith(b"%PDF-")
    again = library_document_attach(user=official_a, document=document, leaf=leaf(index_set, "1.1"))
    assert again.pk == evidence.pk and Evidence.objects.count() == 1
    assessment = Assessment.objects.get(unit=unit_a, index_set=index_set)
    assert assessment.status == AssessmentStatus.DRAFT


def test_attach_keeps_the_evidence_rules(official_a, official_b, unit_a, submitted_assessment):
    index_set, document = submitted_assessment
    with pytest.raises(Refused) as error:
        library_document_attach(user=official_a, document=document, leaf=leaf(index_set, "1.1"))
    assert "submitted" in error.value.message
    with pytest.raises(Refused):
        library_document_attach(user=official_b, document=document, leaf=leaf(index_set, "1.1"))
    assert Evidence.objects.count() == 0


@pytest.fixture
def submitted_assessment(official_a, unit_a):
    from django.utils import timezone

    index_set = open_year_set()
    document = upload(official_a, unit_a, index_set)
    Assessment.objects.create(
        unit=unit_a,
        index_set=index_set,
        status=AssessmentStatus.SUBMITTED,
        submitted_by=official_a,
        submitted_at=timezone.now(),
    )
    return index_set, document


def test_attach_only_while_the_window_is_open_and_on_a_tagged_leaf(official_a, unit_a):
    closed = year_set()
    with pytest.raises(Refused) as error:
        library_document_attach(
            user=official_a, document=upload(official_a, unit_a, closed), leaf=leaf(closed, "1.1")
        )
    assert "not opened yet" in error.value.message
    index_set = open_year_set()
    document = upload(official_a, unit_a, index_set)
    with pytest.raises(Invalid) as error:
        library_document_attach(user=official_a, document=document, leaf=leaf(index_set, "1.2.1"))
    assert "not tagged to 1.2.1" in error.value.message
    library_document_remove(user=official_a, document=document)
    with pytest.raises(Refused):
        library_document_attach(user=official_a, document=document, leaf=leaf(index_set, "1.1"))
    assert Evidence.objects.count() == 0


def test_attach_refuses_a_leaf_that_stopped_applying(official_a, unit_a):
    index_set = open_year_set()
    document = upload(official_a, unit_a, index_set)
    mark_not_applicable(unit_a, index_set, "1.1")
    with pytest.raises(Invalid):
        library_document_attach(user=official_a, document=document, leaf=leaf(index_set, "1.1"))
    assert Evidence.objects.count() == 0


def test_a_write_that_fails_after_storing_the_file_leaves_no_file_behind(
    official_a, unit_a, settings, monkeypatch
):
    from indexes.models import Criterion
    from plans import library_services

    index_set = year_set()
    unsaved = Criterion(index_set=index_set, code="9.9", name="?")
    monkeypatch.setattr(library_services, "_checked_leaves", lambda **kwargs: [unsaved])
    with pytest.raises(ValueError):
        upload(official_a, unit_a, index_set)
    assert LibraryDocument.objects.count() == 0 and stored_files(settings) == []
