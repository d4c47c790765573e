"""Survey points imported from CSV or Excel: every bad row named, nothing imported then."""

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from assessments.models import Assessment, AssessmentStatus, Score
from assessments.services.common import Invalid, Refused
from assessments.services.survey_import import survey_import
from indexes.models import NotApplicable, Phase
from tests.assessments.cycle_support import leaf, open_set

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey_set():
    return open_set(phase=Phase.APPRAISAL)


def csv_file(text: str, name="khao-sat.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode("utf-8-sig"), content_type="text/csv")


def xlsx_file(rows) -> SimpleUploadedFile:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("khao-sat.xlsx", buffer.getvalue())


def survey_points(unit, index_set):
    score = Score.objects.filter(unit=unit, criterion=leaf(index_set, "2.1")).first()
    return score and score.appraised_points


def test_a_csv_with_a_header_and_decimal_commas_is_imported(appraiser, unit_a, unit_b, survey_set):
    upload = csv_file('Mã đơn vị,Mã tiêu chí,Điểm\nphuong-a,2.1,"3,8"\nxa-b,2.1,4\n')
    report = survey_import(user=appraiser, index_set=survey_set, upload=upload)
    assert report.imported == 2
    assert survey_points(unit_a, survey_set) == Decimal("3.80")
    assert survey_points(unit_b, survey_set) == Decimal("4.00")
    record = Score.history.filter(unit=unit_a).get()
    assert record.history_user == appraiser
    assert record.history_change_reason == "survey import: khao-sat.csv"


def test_a_semicolon_csv_as_excel_writes_it_in_vietnamese_is_read(appraiser, unit_a, survey_set):
    upload = csv_file("phuong-a;2.1;3,5\n")
    survey_import(user=appraiser, index_set=survey_set, upload=upload)
    assert survey_points(unit_a, survey_set) == Decimal("3.50")


def test_an_excel_sheet_is_imported_and_reimporting_updates(appraiser, unit_a, survey_set):
    survey_import(
        user=appraiser,
        index_set=survey_set,
        upload=xlsx_file([("unit", "leaf", "points"), ("phuong-a", "2.1", 2.85)]),
    )
    assert survey_points(unit_a, survey_set) == Decimal("2.85")
    survey_import(user=appraiser, index_set=survey_set, upload=xlsx_file([("phuong-a", "2.1", 3)]))
    score = Score.objects.get()
    assert score.appraised_points == Decimal("3.00") and score.version == 2


def test_every_bad_row_is_named_and_nothing_is_imported(appraiser, unit_a, unit_b, survey_set):
    NotApplicable.objects.create(unit=unit_b, criterion=leaf(survey_set, "2"))
    upload = csv_file(
        "unit,leaf,points\n"
        "phuong-a,2.1,3\n"  # row 2 is fine
        "khong-co,2.1,3\n"
        "phuong-a,9.9,3\n"
        "phuong-a,1.1,1\n"
        "phuong-a,2.1,5\n"
        "phuong-a,2.1,ba\n"
        "phuong-a,2.1,3.125\n"
        "xa-b,2.1,3\n"
        "phuong-a,2.1\n"
        "phuong-a,2.1,3\n"
    )
    with pytest.raises(Invalid) as error:
        survey_import(user=appraiser, index_set=survey_set, upload=upload)
    problems = error.value.problems
    assert problems == [
        'Row 3: no unit has the code "khong-co".',
        'Row 4: the set has no leaf "9.9".',
        "Row 5: 1.1 is not a survey leaf.",
        "Row 6: points: 5 is outside 0 to 4.00 points.",
        'Row 7: "ba" is not a number.',
        "Row 8: points: 3.125 has more than two decimals.",
        "Row 9: 2.1 does not apply to Xã B.",
        "Row 10: needs three values: unit code, leaf code, points.",
        "Row 11: repeats row 2.",
    ]
    assert not Score.objects.exists()


def test_a_finalised_unit_must_be_reopened_first(appraiser, unit_a, survey_set):
    Assessment.objects.create(unit=unit_a, index_set=survey_set, status=AssessmentStatus.APPRAISED)
    with pytest.raises(Invalid) as error:
        survey_import(user=appraiser, index_set=survey_set, upload=csv_file("phuong-a,2.1,3\n"))
    assert "final" in error.value.problems[0]


@pytest.mark.parametrize(
    "upload",
    [
        SimpleUploadedFile("khao-sat.txt", b"phuong-a,2.1,3"),
        SimpleUploadedFile("khao-sat.xlsx", b"not a workbook"),
        SimpleUploadedFile("khao-sat.csv", b""),
        SimpleUploadedFile("khao-sat.csv", "phuong-a,2.1,3".encode("utf-16")),
    ],
)
def test_unreadable_files_are_refused_with_a_reason(appraiser, survey_set, upload):
    with pytest.raises(Invalid):
        survey_import(user=appraiser, index_set=survey_set, upload=upload)
    assert not Score.objects.exists()


def test_survey_results_are_imported_by_appraisers_during_appraisal(
    appraiser, leader, unit_a, survey_set
):
    with pytest.raises(Refused):
        survey_import(user=leader, index_set=survey_set, upload=csv_file("phuong-a,2.1,3\n"))
    survey_set.phase = Phase.PUBLISHED
    survey_set.save()
    with pytest.raises(Refused):
        survey_import(user=appraiser, index_set=survey_set, upload=csv_file("phuong-a,2.1,3\n"))
    assert not Score.objects.exists()


def test_a_first_row_with_bad_points_is_reported_not_taken_for_headings(
    appraiser, unit_a, survey_set
):
    with pytest.raises(Invalid) as error:
        survey_import(user=appraiser, index_set=survey_set, upload=csv_file("phuong-a,2.1,ba\n"))
    assert error.value.problems == ['Row 1: "ba" is not a number.']
