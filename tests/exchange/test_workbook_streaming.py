"""Stream, then count: a sheet is read as a stream and refused at the row limit, never
loaded whole first (a 100,000-row sheet under 5 MB took 30 s and 370 MB that way)."""

import io
import time
import zipfile

import pytest
from openpyxl import Workbook

from exchange.score_services import score_excel_preview
from exchange.services import index_set_excel_preview
from exchange.unit_attributes import unit_attributes_preview
from exchange.workbook import FileRefused, open_workbook, read_table
from tests.exchange.conftest import upload, xlsx_bytes
from tests.factories import make_index_set, make_unit

GENEROUS = 5.0  # seconds: a guard against loading the whole sheet (30 s), not a benchmark


@pytest.fixture(scope="module")
def hundred_thousand_rows() -> bytes:
    """A 100,000-row workbook, written as streams so that building it is quick."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("criteria")
    sheet.append(["code", "name", "max_points"])
    for number in range(1, 100_001):
        sheet.append([f"u{number}", "x", number])
    data = xlsx_bytes(workbook)
    assert len(data) < 5 * 1024 * 1024
    return data


def test_a_100000_row_sheet_is_refused_at_the_limit_without_being_loaded(hundred_thousand_rows):
    started = time.monotonic()
    with pytest.raises(FileRefused) as caught:
        open_workbook(hundred_thousand_rows)
    assert time.monotonic() - started < GENEROUS
    assert str(caught.value) == (
        "sheet “criteria”: The sheet has more than 5000 rows; at most 5000 can be imported at once."
    )


@pytest.mark.django_db
def test_every_import_refuses_the_100000_rows_quickly_and_says_why(
    hundred_thousand_rows, admin_user, appraiser
):
    index_set = make_index_set()
    make_unit(code="u1")
    checks = {
        "set": lambda file: index_set_excel_preview(user=admin_user, upload=file),
        "scores": lambda file: score_excel_preview(
            user=appraiser, index_set=index_set, kind="appraised", upload=file
        ),
        "attributes": lambda file: unit_attributes_preview(user=admin_user, upload=file),
    }
    for name, check in checks.items():
        started = time.monotonic()
        result = check(upload(hundred_thousand_rows, "big.xlsx"))
        assert time.monotonic() - started < GENEROUS, name
        assert [str(problem) for problem in result.problems] == [
            "sheet “criteria”: The sheet has more than 5000 rows; "
            "at most 5000 can be imported at once."
        ], name
        assert result.log.problem_count == 1


def rows_workbook(count: int) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("criteria")
    sheet.append(["code"])
    for number in range(1, count):
        sheet.append([f"c{number}"])
    return xlsx_bytes(workbook)


def test_5000_rows_are_read_and_5001_are_refused():
    table, problems = read_table(
        open_workbook(rows_workbook(5000))["criteria"], columns=["code"], required=["code"]
    )
    assert problems == [] and len(table.rows) == 4999
    with pytest.raises(FileRefused, match="more than 5000 rows"):
        open_workbook(rows_workbook(5001))


def rewritten(data: bytes, part: str, change) -> bytes:
    """The .xlsx with one part's XML changed, as a hand-made or hostile file would be."""
    source, buffer = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            body = source.read(item.filename)
            if item.filename == part:
                body = change(body.decode()).encode()
            target.writestr(item, body)
    return buffer.getvalue()


def small_sheet() -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "criteria"
    for row in [["code", "name"], ["1", "A"], ["2", "B"], ["3", "C"]]:
        sheet.append(row)
    return xlsx_bytes(workbook)


def test_a_lying_dimension_neither_hides_rows_nor_widens_them():
    data = rewritten(
        small_sheet(),
        "xl/worksheets/sheet1.xml",
        lambda xml: xml.replace('<dimension ref="A1:B4"/>', '<dimension ref="A1:XFD1"/>'),
    )
    sheet = open_workbook(data)["criteria"]
    assert list(sheet.iter_rows()) == [("code", "name"), ("1", "A"), ("2", "B"), ("3", "C")]


def test_a_value_far_to_the_right_is_refused_naming_its_cell():
    data = rewritten(
        small_sheet(),
        "xl/worksheets/sheet1.xml",
        lambda xml: xml.replace(
            "</row></sheetData>",
            '<c r="XFD4" t="inlineStr"><is><t>x</t></is></c></row></sheetData>',
        ),
    )
    table, problems = read_table(
        open_workbook(data)["criteria"], columns=["code", "name"], required=["code"]
    )
    assert table is None
    assert [str(problem) for problem in problems] == [
        "sheet “criteria”, row 4: cell XFD4 is beyond the 100 columns an import reads; delete it."
    ]


def test_a_sheet_too_long_anywhere_in_the_workbook_refuses_it_naming_the_sheet(settings):
    settings.EXCHANGE_MAX_ROWS = 10
    workbook = Workbook()
    workbook.active.title = "set"
    notes = workbook.create_sheet("notes")
    for number in range(12):
        notes.append([number])
    with pytest.raises(FileRefused, match="“notes”: The sheet has more than 10 rows"):
        open_workbook(xlsx_bytes(workbook))


def test_a_sheet_declaring_entities_is_refused_without_expanding_them():
    laughs = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
    )
    data = rewritten(
        small_sheet(),
        "xl/worksheets/sheet1.xml",
        lambda xml: laughs + xml.split("?>", 1)[-1].replace("<v>0</v>", "<v>&lol2;</v>", 1),
    )
    with pytest.raises(FileRefused, match="could not be read as an Excel workbook"):
        open_workbook(data)


def test_empty_formatted_rows_below_the_limit_do_not_count_as_rows(settings):
    settings.EXCHANGE_MAX_ROWS = 5
    data = rewritten(
        small_sheet(),
        "xl/worksheets/sheet1.xml",
        lambda xml: xml.replace(
            "</sheetData>", '<row r="900" ht="30" customHeight="1"/></sheetData>'
        ),
    )
    assert len(list(open_workbook(data)["criteria"].iter_rows())) == 4
