"""Drawing up a year's commitments, committing to stricter targets, signing."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from commitments import services
from commitments.models import Commitment, CommitmentStatus, CommittedTarget
from tests.commitments.conftest import SIGNED_ON, pdf_upload
from tests.factories import make_index_set, make_unit

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def test_drafts_are_created_for_every_unit_the_years_sets_score(index_set, unit_a, unit_b):
    department = make_unit(code="phong-tu-phap", name="Phòng Tư pháp", kind="department")
    make_index_set(code="phong-2023", year=2023, unit_kinds=["department"])
    make_unit(code="phuong-2", kind="ward", valid_to=date(2022, 12, 31))  # merged before 2023
    make_unit(code="xa-2024", kind="commune", valid_from=date(2024, 1, 1))  # created later

    outcome = services.commitments_create_drafts(
        year=2023, counterpart_name="Nguyễn Văn Thành", counterpart_title="Chủ tịch"
    )

    assert {c.unit.code for c in outcome.created} == {unit_a.code, unit_b.code, department.code}
    drafts = Commitment.objects.filter(year=2023)
    assert drafts.count() == 3
    assert set(drafts.values_list("status", flat=True)) == {CommitmentStatus.DRAFT}
    assert set(drafts.values_list("counterpart_name", flat=True)) == {"Nguyễn Văn Thành"}
    assert dict(
        CommittedTarget.objects.filter(commitment__unit=unit_a).values_list("method", "pct")
    ) == {"appraisal": Decimal("100"), "survey": Decimal("95"), "other": Decimal("90")}


def test_creating_the_drafts_twice_creates_nothing_new(index_set, unit_a, unit_b):
    services.commitments_create_drafts(year=2023)
    again = services.commitments_create_drafts(year=2023)
    assert again.created == [] and again.existing == 2
    assert Commitment.objects.count() == 2
    assert CommittedTarget.objects.count() == 6


def test_a_year_without_sets_creates_nothing(unit_a):
    outcome = services.commitments_create_drafts(year=2030)
    assert outcome.created == [] and Commitment.objects.count() == 0


def test_a_unit_may_commit_to_stricter_targets(commitment_a):
    services.commitment_set_target(commitment=commitment_a, method="survey", pct=Decimal("97.5"))
    assert commitment_a.targets.get(method="survey").pct == Decimal("97.5")


def test_a_weaker_target_is_refused_and_nothing_is_saved(commitment_a):
    with pytest.raises(ValidationError) as error:
        services.commitment_set_target(
            commitment=commitment_a, method="appraisal", pct=Decimal("98")
        )
    assert "weaker than the year's target of 100" in str(error.value)
    assert commitment_a.targets.get(method="appraisal").pct == Decimal("100")


def test_signing_records_the_date_scan_and_status(commitment_a):
    services.commitment_sign(commitment=commitment_a, signed_on=SIGNED_ON, scan=pdf_upload())
    commitment = Commitment.objects.get(pk=commitment_a.pk)
    assert commitment.status == CommitmentStatus.SIGNED
    assert commitment.signed_on == SIGNED_ON
    assert commitment.scan.name.startswith("commitments/2023/phuong-a-")
    assert commitment.scan.read(5) == b"%PDF-"


def test_signing_with_a_file_that_is_not_a_pdf_saves_nothing(commitment_a):
    from django.core.files.uploadedfile import SimpleUploadedFile

    with pytest.raises(ValidationError):
        services.commitment_sign(
            commitment=commitment_a,
            signed_on=SIGNED_ON,
            scan=SimpleUploadedFile("scan.pdf", b"GIF89a pretending"),
        )
    commitment = Commitment.objects.get(pk=commitment_a.pk)
    assert commitment.status == CommitmentStatus.DRAFT and not commitment.scan
