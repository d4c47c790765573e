"""Hostile and malformed files are refused with a clear message, before anything is read."""

import io
import zipfile

import pytest
from openpyxl import Workbook

from exchange.workbook import (
    CellError,
    FileRefused,
    cell_code,
    cell_decimal,
    open_workbook,
    read_table,
    read_upload,
)
from tests.exchange.conftest import upload, xlsx_bytes


def refusal(data: bytes, name: str = "file.xlsx") -> str:
    with pytest.raises(FileRefused) as caught:
        open_workbook(read_upload(upload(data, name), name=name))
    return str(caught.value)


def test_a_csv_or_an_old_xls_file_is_asked_to_be_saved_as_xlsx():
    assert ".xlsx" in refusal(b"code;name\n1;A\n", "scores.csv")
    assert ".xlsx" in refusal(b"\xd0\xcf\x11\xe0", "scores.xls")


def test_a_pdf_renamed_to_xlsx_is_not_an_excel_workbook():
    assert "not an Excel workbook" in refusal(b"%PDF-1.4 not a zip", "scores.xlsx")


def test_a_zip_without_a_workbook_inside_is_not_an_excel_workbook():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "hi")
    assert "not an Excel workbook" in refusal(buffer.getvalue())


def test_a_damaged_workbook_is_refused_without_a_crash():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<<< not xml")
    assert "could not be read" in refusal(buffer.getvalue())


def test_a_file_above_the_size_limit_is_refused_before_it_is_read(settings):
    settings.EXCHANGE_MAX_UPLOAD_MB = 0.001  # about 1 kB
    assert "largest accepted" in refusal(b"x" * 5000)


def test_a_zip_that_inflates_beyond_the_limit_is_refused(settings):
    settings.EXCHANGE_MAX_UNPACKED_MB = 0.01
    workbook = Workbook()
    workbook.active["A1"] = "x" * 20000
    assert "too large" in refusal(xlsx_bytes(workbook))


def sheet_with(rows, change=None):
    """The sheet "criteria" holding these rows, saved and opened as an import opens it."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "criteria"
    for row in rows:
        sheet.append(row)
    if change:
        change(sheet)
    return open_workbook(xlsx_bytes(workbook))["criteria"]


def test_merged_cells_are_refused_naming_the_range():
    sheet = sheet_with([["code", "name"], ["1", "A"], ["2", "B"]], lambda s: s.merge_cells("B2:B3"))
    table, problems = read_table(sheet, columns=["code", "name"], required=["code"])
    assert table is None
    assert "B2:B3" in str(problems[0]) and "row 2" in str(problems[0])


def test_formulas_are_refused_naming_the_cell_even_once_saved_and_reopened():
    def add_formula(sheet):
        sheet["C4"] = "=SUM(C2:C3)"

    sheet = sheet_with([["code", "name", "max_points"], ["1", "A", 2], ["2", "B", 3]], add_formula)
    _table, problems = read_table(sheet, columns=["code", "name", "max_points"], required=["code"])
    assert any("C4" in str(problem) and "formula" in str(problem) for problem in problems)


def test_too_many_rows_are_refused(settings):
    settings.EXCHANGE_MAX_ROWS = 3
    with pytest.raises(FileRefused) as caught:
        sheet_with([["code"], ["1"], ["2"], ["3"], ["4"]])
    assert "“criteria”: The sheet has more than 3 rows; at most 3" in str(caught.value)


def test_unknown_duplicate_and_missing_columns_are_each_named():
    sheet = sheet_with([["code", "nam", "code"], ["1", "A", "1"]])
    _table, problems = read_table(sheet, columns=["code", "name"], required=["code", "name"])
    text = " | ".join(str(problem) for problem in problems)
    assert "unknown column “nam”" in text
    assert "“code” appears twice" in text
    assert "“name” is missing" in text


def test_a_sheet_without_the_header_row_says_what_the_header_must_be():
    sheet = sheet_with([["Mã", "Tên"], ["1", "A"]])
    _table, problems = read_table(sheet, columns=["code"], required=["code"])
    assert "header" in str(problems[0])


def test_rows_keep_the_number_excel_shows_and_blank_rows_are_skipped():
    sheet = sheet_with([["unit", "phuong-1"], [], ["code", "name"], ["1", "A"], [], ["2", " B "]])
    table, problems = read_table(sheet, columns=["code", "name"], required=["code"])
    assert problems == []
    assert table.metadata == {"unit": "phuong-1"}
    assert [(row.number, row.values["name"]) for row in table.rows] == [(4, "A"), (6, "B")]


def test_numbers_are_read_with_a_decimal_comma_or_point_and_codes_must_stay_text():
    assert str(cell_decimal("7,5", "points")) == "7.5"
    assert str(cell_decimal(0.25, "points")) == "0.25"
    with pytest.raises(CellError):
        cell_decimal("7,5 điểm", "points")
    assert cell_code(3, "code") == "3"
    with pytest.raises(CellError, match="format the column as text"):
        cell_code(2.1, "code")
