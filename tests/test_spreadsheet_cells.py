"""The cells every export writes (cchc_tracker.spreadsheet_cells), read back with openpyxl."""

from datetime import date
from decimal import Decimal
from io import BytesIO

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet.formula import ArrayFormula

from cchc_tracker.spreadsheet_cells import append_row, new_cell, styled_cell, workbook_bytes

RISKY = ['=HYPERLINK("http://x","bấm")', "+1", "-1", "@SUM(A1)", "\t=1"]


def reopened(workbook: Workbook):
    return load_workbook(BytesIO(workbook_bytes(workbook)), data_only=False).worksheets[0]


def sheet_of(workbook: Workbook):
    return workbook.create_sheet("s") if workbook.write_only else workbook.active


@pytest.mark.parametrize("write_only", [False, True], ids=["plain", "write-only"])
def test_a_risky_text_is_a_quoted_string_and_a_plain_one_a_string(write_only):
    workbook = Workbook(write_only=write_only)
    sheet = sheet_of(workbook)
    for text in [*RISKY, "Phường 1"]:
        append_row(sheet, [text])
    cells = [row[0] for row in reopened(workbook).iter_rows()]
    assert [(c.value, c.data_type, c.quotePrefix) for c in cells] == [
        *[(text, "s", True) for text in RISKY],
        ("Phường 1", "s", False),
    ]


@pytest.mark.parametrize("write_only", [False, True], ids=["plain", "write-only"])
def test_numbers_dates_and_booleans_stay_what_they_are(write_only):
    workbook = Workbook(write_only=write_only)
    append_row(sheet_of(workbook), [Decimal("-1.5"), 2, 0.25, date(2023, 3, 15), True, None])
    row = next(reopened(workbook).iter_rows())
    assert [cell.data_type for cell in row[:5]] == ["n", "n", "n", "d", "b"]
    assert [cell.value for cell in row[:3]] == [-1.5, 2, 0.25]
    assert row[3].value.date() == date(2023, 3, 15) and row[4].value is True
    assert not any(cell.quotePrefix for cell in row)


def test_a_styled_cell_of_a_write_only_sheet_keeps_its_style_and_is_text():
    workbook = Workbook(write_only=True)
    sheet = sheet_of(workbook)
    cell = new_cell(sheet, "=1+1")
    cell.font = Font(bold=True)
    append_row(sheet, [cell, new_cell(sheet, 3)])
    first, second = next(reopened(workbook).iter_rows())
    assert (first.value, first.data_type, first.quotePrefix, first.font.b) == (
        "=1+1",
        "s",
        True,
        True,
    )
    assert (second.value, second.data_type) == (3, "n")


def test_a_text_set_on_a_plain_sheet_without_append_row_leaves_as_text():
    workbook = Workbook()
    workbook.active["B2"] = '=HYPERLINK("http://x","bấm")'
    workbook.active.cell(3, 1, "-1")
    sheet = reopened(workbook)
    assert (sheet["B2"].data_type, sheet["B2"].quotePrefix) == ("s", True)
    assert (sheet["A3"].value, sheet["A3"].quotePrefix) == ("-1", True)


def test_a_formula_the_product_means_is_an_openpyxl_formula_object_and_stays_one():
    workbook = Workbook()
    workbook.active["A1"] = 2
    workbook.active["B1"] = ArrayFormula("B1", "=A1*2")
    assert reopened(workbook)["B1"].data_type == "f"


def test_control_characters_an_xlsx_cannot_hold_do_not_fail_the_download():
    workbook = Workbook()
    append_row(workbook.active, ["dòng một\x0bdòng hai\x0ctrang\x01 ba\x00"])
    assert reopened(workbook)["A1"].value == "dòng một\ndòng hai\ntrang ba"


def _styled_by_hand(sheet, value, font=None, fill=None, number_format=None):
    cell = new_cell(sheet, value)
    if font is not None:
        cell.font = font
    if fill is not None:
        cell.fill = fill
    if number_format is not None:
        cell.number_format = number_format
    return cell


@pytest.mark.parametrize("write_only", [False, True], ids=["plain", "write-only"])
def test_a_styled_cell_is_the_cell_styled_by_hand_and_a_risky_text_keeps_its_quote(write_only):
    """styled_cell copies the style of the workbook's first cell of each kind: the cells
    read back as if each had been styled one attribute at a time."""
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="EEF2F7")
    kinds = [
        {"font": bold, "fill": fill},
        {"font": bold},
        {"font": bold, "number_format": "@"},
        {"number_format": "@"},
        {},
    ]
    values = ["1.1", "=HYPERLINK(1)", None, Decimal("2.5"), "-1", "Phường 1"]

    def written(make):
        workbook = Workbook(write_only=write_only)
        sheet = sheet_of(workbook)
        for _round in range(2):  # the second round copies what the first registered
            for kind in kinds:
                append_row(sheet, [make(sheet, value, **kind) for value in values])
        return [
            [
                (c.value, c.data_type, c.quotePrefix, c.font.b, c.fill.fgColor.rgb, c.number_format)
                for c in row
            ]  # fmt: skip
            for row in reopened(workbook).iter_rows()
        ]

    by_hand = written(_styled_by_hand)
    copied = written(lambda sheet, value, **kind: styled_cell(sheet, value, **kind))
    assert copied == by_hand
    assert copied[0][1][2] is True and copied[5][1][2] is True  # "=…" quoted, styled or not
    assert copied[0][0][3:] == (True, "00EEF2F7", "General")
    assert copied[7][0][3:] == (True, "00000000", "@")
