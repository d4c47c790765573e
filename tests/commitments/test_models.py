"""The rules of commitments, awards and initiatives, in the models and in the database."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from commitments.models import (
    AwardKind,
    Commitment,
    CommitmentStatus,
    CommittedTarget,
    Initiative,
)
from commitments.validators import validate_scan
from tests.commitments.conftest import PNG_BYTES, award, pdf_upload
from tests.factories import make_unit

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def test_a_weaker_committed_target_is_refused_with_the_years_target_in_the_message(commitment_a):
    target = commitment_a.targets.get(method="survey")
    target.pct = Decimal("90")
    with pytest.raises(ValidationError) as error:
        target.full_clean()
    assert "95" in str(error.value) and "weaker" in str(error.value)


def test_the_database_refuses_a_weaker_target_even_without_validation(commitment_a):
    with pytest.raises(IntegrityError), transaction.atomic():
        CommittedTarget.objects.filter(commitment=commitment_a, method="appraisal").update(
            pct=Decimal("99")
        )


def test_the_database_refuses_a_percent_above_100(commitment_a):
    with pytest.raises(IntegrityError), transaction.atomic():
        CommittedTarget.objects.filter(commitment=commitment_a, method="other").update(
            pct=Decimal("100.5")
        )


def test_a_stricter_target_is_accepted(commitment_a):
    target = commitment_a.targets.get(method="other")
    target.pct = Decimal("97.5")
    target.full_clean()
    target.save()
    assert CommittedTarget.objects.get(pk=target.pk).pct == Decimal("97.5")


def test_signing_needs_a_date_and_a_scan(commitment_a):
    commitment_a.status = CommitmentStatus.SIGNED
    with pytest.raises(ValidationError) as error:
        commitment_a.full_clean()
    assert set(error.value.message_dict) >= {"signed_on", "scan"}


def test_the_database_refuses_a_signed_commitment_without_its_scan(commitment_a):
    with pytest.raises(IntegrityError), transaction.atomic():
        Commitment.objects.filter(pk=commitment_a.pk).update(
            status=CommitmentStatus.SIGNED, signed_on=date(2023, 3, 1)
        )


def test_a_duplicate_commitment_for_the_same_unit_and_year_is_refused(commitment_a, unit_a):
    duplicate = Commitment(unit=unit_a, year=2023)
    with pytest.raises(ValidationError) as error:
        duplicate.full_clean()
    assert "already has a commitment" in str(error.value)
    with pytest.raises(IntegrityError), transaction.atomic():
        Commitment.objects.create(unit=unit_a, year=2023, index_set=commitment_a.index_set)


@pytest.mark.parametrize(
    "signed_on", [date(2022, 6, 30), date(2024, 1, 1), date(1923, 3, 15)], ids=str
)
def test_a_signing_date_outside_the_plausible_range_is_refused(commitment_a, signed_on):
    commitment_a.signed_on = signed_on
    with pytest.raises(ValidationError) as error:
        commitment_a.full_clean()
    assert "signed_on" in error.value.message_dict


def test_a_signing_date_in_the_future_is_refused(index_set, unit_a):
    year = timezone.localdate().year
    index_set.year = year
    index_set.save()
    commitment = Commitment(
        unit=unit_a, year=year, signed_on=timezone.localdate() + timedelta(days=1)
    )
    with pytest.raises(ValidationError) as error:
        commitment.full_clean()
    assert "signed_on" in error.value.message_dict
    if (timezone.localdate() + timedelta(days=1)).year == year:  # else it is outside the window
        assert "future" in str(error.value.message_dict["signed_on"])


def test_a_commitment_finds_the_set_that_scores_its_kind(index_set, unit_a):
    commitment = Commitment(unit=unit_a, year=2023)
    commitment.full_clean()
    assert commitment.index_set == index_set


def test_a_commitment_without_a_set_for_its_kind_and_year_is_refused(index_set):
    department = make_unit(code="phong-noi-vu", name="Phòng Nội vụ", kind="department")
    with pytest.raises(ValidationError) as error:
        Commitment(unit=department, year=2023).full_clean()
    assert "No index set of 2023" in str(error.value)


def test_a_unit_that_no_longer_existed_cannot_commit(index_set):
    merged = make_unit(kind="ward", valid_to=date(2022, 12, 31))
    with pytest.raises(ValidationError) as error:
        Commitment(unit=merged, year=2023).full_clean()
    assert "did not exist in 2023" in str(error.value)


def test_a_pdf_and_a_png_are_accepted_as_scans():
    validate_scan(pdf_upload())
    validate_scan(SimpleUploadedFile("scan.png", PNG_BYTES))
    validate_scan(SimpleUploadedFile("SCAN.JPG", b"\xff\xd8\xff\xe0" + b"\x00" * 20))


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("scan.docx", b"PK\x03\x04", "must be a PDF"),
        ("scan", b"%PDF-1.4", "must be a PDF"),
        ("scan.pdf", b"MZ\x90\x00 not a pdf", "not really a PDF"),
        ("scan.png", b"%PDF-1.4 renamed", "not really a PNG"),
    ],
)
def test_a_file_that_is_not_a_pdf_or_image_is_refused(name, content, expected):
    with pytest.raises(ValidationError) as error:
        validate_scan(SimpleUploadedFile(name, content))
    assert expected in str(error.value)


def test_a_scan_over_the_size_limit_is_refused(settings):
    settings.UPLOAD_MAX_MB = 1
    big = SimpleUploadedFile("big.pdf", b"%PDF-1.4\n" + b"0" * (1024 * 1024))
    with pytest.raises(ValidationError) as error:
        validate_scan(big)
    assert "larger than 1 MB" in str(error.value)


def test_an_individual_award_names_the_person_and_a_collective_does_not(unit_a):
    individual = award(unit_a, kind=AwardKind.INDIVIDUAL)
    with pytest.raises(ValidationError) as error:
        individual.full_clean()
    assert "person_name" in error.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        individual.save()
    collective = award(unit_a, kind=AwardKind.COLLECTIVE, person_name="Ai đó")
    with pytest.raises(ValidationError):
        collective.full_clean()


def test_an_award_decided_years_later_is_refused(unit_a):
    late = award(unit_a, decision_date=date(2025, 1, 1))
    with pytest.raises(ValidationError) as error:
        late.full_clean()
    assert "decision_date" in error.value.message_dict


def test_an_initiative_title_is_unique_per_unit_and_year(unit_a):
    Initiative.objects.create(year=2022, unit=unit_a, title="Zalo OA")
    with pytest.raises(ValidationError):
        Initiative(year=2022, unit=unit_a, title="Zalo OA").full_clean()
    Initiative(year=2023, unit=unit_a, title="Zalo OA").full_clean()


def test_every_change_of_a_commitment_is_kept_in_its_history(signed_a):
    assert [h.status for h in signed_a.history.order_by("history_id")] == ["draft", "signed"]
    assert signed_a.targets.first().history.count() == 1
