"""Survey points imported from CSV or Excel in two steps (check, then import): every bad
row named with its sheet and row, nothing imported then."""

import io
import time
import zipfile
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from assessments.models import Assessment, AssessmentStatus, Score
from exchange.models import Action, Outcome
from exchange.survey_import import SurveyResult, survey_import, survey_preview
from indexes.models import NotApplicable, Phase
from tests.assessments.cycle_support import leaf, open_set
from tests.exchange.conftest import xlsx_bytes
from tests.exchange.test_workbook_streaming import rewritten

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey_set():
    return open_set(phase=Phase.APPRAISAL)


def checked_and_imported(*, user, index_set, upload) -> SurveyResult:
    """Both steps, as the page runs them: the check, then (when clean) the import."""
    result = survey_preview(user=user, index_set=index_set, upload=upload)
    if not result.ok or not result.plan or not result.plan.changes:
        return result
    return survey_import(user=user, index_set=index_set, preview=result.log)


def problems_of(result: SurveyResult) -> list[str]:
    assert not result.ok
    return [str(problem) for problem in result.problems]


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
    result = checked_and_imported(user=appraiser, index_set=survey_set, upload=upload)
    assert result.ok and result.log.outcome == Outcome.DONE
    assert (result.log.created_count, result.log.updated_count) == (2, 0)
    assert survey_points(unit_a, survey_set) == Decimal("3.80")
    assert survey_points(unit_b, survey_set) == Decimal("4.00")
    record = Score.history.filter(unit=unit_a).get()
    assert record.history_user == appraiser
    assert record.history_change_reason == "survey import: khao-sat.csv"


def test_a_semicolon_csv_as_excel_writes_it_in_vietnamese_is_read(appraiser, unit_a, survey_set):
    upload = csv_file("phuong-a;2.1;3,5\n")
    checked_and_imported(user=appraiser, index_set=survey_set, upload=upload)
    assert survey_points(unit_a, survey_set) == Decimal("3.50")


def test_an_excel_sheet_is_imported_and_reimporting_updates(appraiser, unit_a, survey_set):
    checked_and_imported(
        user=appraiser,
        index_set=survey_set,
        upload=xlsx_file([("unit", "leaf", "points"), ("phuong-a", "2.1", 2.85)]),
    )
    assert survey_points(unit_a, survey_set) == Decimal("2.85")
    checked_and_imported(
        user=appraiser, index_set=survey_set, upload=xlsx_file([("phuong-a", "2.1", 3)])
    )
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
    result = checked_and_imported(user=appraiser, index_set=survey_set, upload=upload)
    assert [problem.replace("sheet “khao-sat”, ", "") for problem in problems_of(result)] == [
        'row 3: no unit has the code "khong-co".',
        'row 4: the set has no leaf "9.9".',
        "row 5: 1.1 is not a survey leaf.",
        "row 6: Points: 5 is outside 0 to 4.00 points.",
        'row 7: "ba" is not a number.',
        "row 8: Points: 3.125 has more than two decimals.",
        "row 9: 2.1 does not apply to Xã B.",
        "row 10: needs three values: unit code, leaf code, points.",
        "row 11: repeats row 2.",
    ]
    assert result.log.outcome == Outcome.PREVIEWED and not result.log.stored_file
    assert not Score.objects.exists()


def test_a_finalised_unit_must_be_reopened_first(appraiser, unit_a, survey_set):
    Assessment.objects.create(unit=unit_a, index_set=survey_set, status=AssessmentStatus.APPRAISED)
    result = checked_and_imported(
        user=appraiser, index_set=survey_set, upload=csv_file("phuong-a,2.1,3\n")
    )
    assert "final" in problems_of(result)[0]


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
    result = checked_and_imported(user=appraiser, index_set=survey_set, upload=upload)
    assert problems_of(result)
    assert not Score.objects.exists()


def test_survey_results_are_imported_by_appraisers_during_appraisal(
    appraiser, leader, unit_a, survey_set
):
    upload = csv_file("phuong-a,2.1,3\n")
    result = checked_and_imported(user=leader, index_set=survey_set, upload=upload)
    assert problems_of(result) == ["Only appraisers import survey results."]
    survey_set.phase = Phase.PUBLISHED
    survey_set.save()
    result = checked_and_imported(user=appraiser, index_set=survey_set, upload=upload)
    assert len(problems_of(result)) == 1
    assert not Score.objects.exists()


def test_a_first_row_with_bad_points_is_reported_not_taken_for_headings(
    appraiser, unit_a, survey_set
):
    result = checked_and_imported(
        user=appraiser, index_set=survey_set, upload=csv_file("phuong-a,2.1,ba\n")
    )
    assert problems_of(result) == ['sheet “khao-sat”, row 1: "ba" is not a number.']


# --- the same limits as every import ---------------------------------------------------


def test_the_check_writes_nothing_and_the_import_writes_the_kept_file(
    appraiser, unit_a, survey_set
):
    preview = survey_preview(
        user=appraiser, index_set=survey_set, upload=csv_file("phuong-a;2.1;3,5\n")
    )
    assert preview.ok and [c.points for c in preview.plan.changes] == [Decimal("3.50")]
    assert not Score.objects.exists()
    assert (preview.log.action, preview.log.outcome) == (Action.SURVEY_IMPORT, Outcome.PREVIEWED)
    assert preview.log.stored_file and preview.log.index_set == survey_set
    done = survey_import(user=appraiser, index_set=survey_set, preview=preview.log)
    assert done.ok and survey_points(unit_a, survey_set) == Decimal("3.50")
    assert (done.log.outcome, done.log.created_count) == (Outcome.DONE, 1)
    assert done.log.stored_file.name == preview.log.stored_file.name


def test_a_score_changed_after_the_check_refuses_the_whole_import_naming_it(
    appraiser, unit_a, unit_b, survey_set
):
    preview = survey_preview(
        user=appraiser, index_set=survey_set, upload=csv_file("phuong-a,2.1,3\nxa-b,2.1,2\n")
    )
    assert preview.ok
    score = Score.on_leaf(unit_b, leaf(survey_set, "2.1"), version=1)
    score.appraised_points = Decimal("1")
    score.save()  # someone else saves the leaf in between
    done = survey_import(user=appraiser, index_set=survey_set, preview=preview.log)
    assert not done.ok and "someone else changed 2.1 (xa-b)" in str(done.problems[0])
    assert done.log.outcome == Outcome.REFUSED
    assert Score.objects.get().appraised_points == Decimal("1")  # phuong-a not written


def test_a_unit_finalised_after_the_check_refuses_the_import(appraiser, unit_a, survey_set):
    preview = survey_preview(
        user=appraiser, index_set=survey_set, upload=csv_file("phuong-a,2.1,3\n")
    )
    Assessment.objects.create(unit=unit_a, index_set=survey_set, status=AssessmentStatus.APPRAISED)
    done = survey_import(user=appraiser, index_set=survey_set, preview=preview.log)
    assert "sheet “khao-sat”, row 1: the appraisal of Phường A is final" in str(done.problems[0])
    assert not Score.objects.exists()


def test_a_zip_bomb_is_refused_before_it_is_unpacked(appraiser, unit_a, survey_set, settings):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr(
            "xl/media/image1.png", bytes(int(settings.EXCHANGE_MAX_UNPACKED_MB + 4) << 20)
        )
    data = buffer.getvalue()
    assert len(data) < 200_000  # a small file...
    result = survey_preview(
        user=appraiser, index_set=survey_set, upload=SimpleUploadedFile("khao-sat.xlsx", data)
    )
    assert problems_of(result) == [
        "The workbook is too large to import; split it into smaller files."
    ]


@pytest.mark.parametrize("name", ["khao-sat.xlsx", "khao-sat.csv"])
def test_a_file_above_5_mb_is_refused(appraiser, survey_set, name):
    upload = SimpleUploadedFile(name, b"phuong-a,2.1,3\n" * 400_000)  # 6 MB
    result = survey_preview(user=appraiser, index_set=survey_set, upload=upload)
    assert problems_of(result) == ["The file is 5.7 MB; the largest accepted is 5.0 MB."]


def test_a_formula_is_refused_not_its_cached_value_imported(appraiser, unit_a, survey_set):
    workbook = Workbook()
    workbook.active.append(["phuong-a", "2.1", 3])
    data = rewritten(
        xlsx_bytes(workbook),
        "xl/worksheets/sheet1.xml",
        lambda xml: xml.replace('<c r="C1" t="n"><v>3</v></c>', '<c r="C1"><f>1+2</f><v>3</v></c>'),
    )
    assert b"<f>" in zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml")
    result = checked_and_imported(
        user=appraiser, index_set=survey_set, upload=SimpleUploadedFile("khao-sat.xlsx", data)
    )
    assert problems_of(result) == [
        "sheet “Sheet”, row 1: cell C1 holds a formula; paste its value instead."
    ]
    assert not Score.objects.exists()


def test_merged_cells_are_refused_naming_the_range(appraiser, unit_a, survey_set):
    workbook = Workbook()
    for row in [("phuong-a", "2.1", 3), ("xa-b", "2.1", 3)]:
        workbook.active.append(row)
    workbook.active.merge_cells("B1:B2")
    result = checked_and_imported(
        user=appraiser,
        index_set=survey_set,
        upload=SimpleUploadedFile("k.xlsx", xlsx_bytes(workbook)),
    )
    assert problems_of(result) == [
        "sheet “Sheet”, row 1: cells B1:B2 are merged; unmerge them so that each value has "
        "its own cell."
    ]


def survey_rows(count: int) -> list[tuple]:
    return [("phuong-a", "2.1", 3)] + [("xa-b", "2.1", 3)] * (count - 1)


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_5001_rows_are_refused_where_5000_are_read(appraiser, unit_a, unit_b, survey_set, kind):
    def upload(count):
        if kind == "csv":
            return csv_file("".join(",".join(map(str, row)) + "\n" for row in survey_rows(count)))
        return xlsx_file(survey_rows(count))

    five_thousand = survey_preview(user=appraiser, index_set=survey_set, upload=upload(5000))
    assert "row 3: repeats row 2." in str(five_thousand.problems[0])  # read to the end
    too_many = survey_preview(user=appraiser, index_set=survey_set, upload=upload(5001))
    assert [problem.text for problem in too_many.problems] == [
        "The sheet has more than 5000 rows; at most 5000 can be imported at once."
    ]


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_100000_rows_are_refused_at_the_limit_quickly(appraiser, survey_set, kind):
    if kind == "csv":
        data = b"phuong-a;2.1;3\n" * 100_000
    else:
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet("khao-sat")
        for _ in range(100_000):
            sheet.append(["phuong-a", "2.1", 3])
        data = xlsx_bytes(workbook)
    started = time.monotonic()
    result = survey_preview(
        user=appraiser, index_set=survey_set, upload=SimpleUploadedFile(f"khao-sat.{kind}", data)
    )
    assert time.monotonic() - started < 5.0  # a guard against loading it whole, not a benchmark
    assert problems_of(result) == [
        "sheet “khao-sat”: The sheet has more than 5000 rows; at most 5000 can be imported at once."
    ]


def test_a_csv_that_breaks_the_csv_rules_is_refused_with_its_row(appraiser, survey_set):
    upload = csv_file('phuong-a,2.1,3\nphuong-a,2.1,"' + "x" * 200_000 + '"\n')
    result = survey_preview(user=appraiser, index_set=survey_set, upload=upload)
    assert problems_of(result)[0].startswith("sheet “khao-sat”, row 2: The CSV file cannot be read")
