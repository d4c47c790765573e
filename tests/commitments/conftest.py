"""Fixtures of the commitment tests: a 2023 set scoring wards and communes, scans, scores,
awards."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from commitments import services
from commitments.models import Award, AwardKind
from demo.commitments import minimal_pdf
from indexes.models import Phase
from tests.factories import make_index_set, make_score

SIGNED_ON = date(2023, 3, 15)
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def pdf_upload(name: str = "scan.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, minimal_pdf(["signed"]), content_type="application/pdf")


@pytest.fixture
def index_set(db):
    """The 2023 set of wards and communes (targets 100 / 95 / 90), in preparation."""
    return make_index_set(code="xa-2023", year=2023, name="Bộ chỉ số xã 2023")


@pytest.fixture
def commitment_a(index_set, unit_a):
    return services.commitment_create(
        unit=unit_a,
        year=2023,
        signer_name="Trần Thị Mai",
        signer_title="Chủ tịch UBND Phường A",
        counterpart_name="Nguyễn Văn Thành",
        counterpart_title="Chủ tịch UBND thành phố",
        place="Cao Lãnh",
    )


@pytest.fixture
def signed_a(commitment_a):
    return services.commitment_sign(commitment=commitment_a, signed_on=SIGNED_ON, scan=pdf_upload())


@pytest.fixture
def commitment_b(index_set, unit_b):
    return services.commitment_create(
        unit=unit_b, year=2023, signer_name="Lê Văn Hùng", counterpart_name="Nguyễn Văn Thành"
    )


def award(unit, **overrides) -> Award:
    """A collective award of 2022 to `unit`, decided on 31 January 2023; not saved yet."""
    values = {
        "year": 2022,
        "kind": AwardKind.COLLECTIVE,
        "unit": unit,
        "decision_number": "45/QĐ-UBND",
        "decision_date": date(2023, 1, 31),
        "reason": "Hoàn thành xuất sắc nhiệm vụ CCHC",
    }
    values.update(overrides)
    return Award(**values)


def make_award(unit, **overrides) -> Award:
    created = award(unit, **overrides)
    created.save()
    return created


def score_unit(index_set, unit, *, survey: str = "4", appraisal_full: bool = True) -> None:
    """Final (appraised) scores: full marks except the survey leaf (max 4) when told."""
    leaves = {c.code: c for c in index_set.criteria.exclude(method="")}
    for code, criterion in leaves.items():
        points = criterion.max_points
        if code == "2.1":
            points = Decimal(survey)
        elif criterion.method == "appraisal" and not appraisal_full:
            points = Decimal("0")
        make_score(unit, criterion, self_points=points, appraised_points=points)


def publish(index_set) -> None:
    index_set.phase = Phase.PUBLISHED
    index_set.save()


@pytest.fixture
def english():
    """Model and service messages read in English; Vietnamese wording is checked in test_i18n."""
    from django.utils import translation

    with translation.override("en"):
        yield
