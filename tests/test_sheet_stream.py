"""A streamed sheet (cchc_tracker/sheet_stream.py) writes the very XML openpyxl's
write-only sheet writes, for the rows it writes itself and for those it leaves to openpyxl."""

import zipfile
from datetime import date
from decimal import Decimal
from io import BytesIO

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill

from cchc_tracker.sheet_stream import stream_sheet
from cchc_tracker.spreadsheet_cells import append_row, new_cell, styled_cell, workbook_bytes

BOLD, FILL = Font(bold=True), PatternFill("solid", fgColor="EEF2F7")


def rows(sheet) -> list[list]:
    """Rows of every kind: plain (written here) and others (left to openpyxl)."""
    styled = lambda value, **kind: styled_cell(sheet, value, **kind)  # noqa: E731
    commented = new_cell(sheet, "ghi chú")
    commented.comment = Comment("xem lại", "appraiser")
    linked = new_cell(sheet, "liên kết")
    linked.hyperlink = "https://example.invalid/"
    return [
        ["unit", "phuong-1", "Phường 1", None, ""],
        [" khoảng trắng ", "a\nb", 'Tiêu chí <1> & "2"', "x" * 40],
        [1, -2, 0.25, Decimal("12.50"), Decimal("-0.00"), Decimal("1E+3"), 10**15],
        [styled("#", font=BOLD, fill=FILL), styled(None, font=BOLD), styled(Decimal("2"))],
        [styled("1.1", number_format="@"), None, None, styled(None, font=BOLD, number_format="@")],
        [new_cell(sheet, "=HYPERLINK(1)"), new_cell(sheet, "-1"), "@SUM(A1)", "#N/A"],
        [True, False, "ok"],
        [date(2023, 3, 15), "ngày"],
        # On the second sheet these styles are known: the light StyledValue, in a row
        # openpyxl writes (a date) and with a text that keeps its quote prefix.
        [styled("1.2", number_format="@"), date(2024, 1, 2), styled(Decimal("2"))],
        [styled("-1", font=BOLD), styled(" Việt & <b> ", font=BOLD), styled(3, font=BOLD)],
        [Decimal("NaN"), float("inf"), 3],
        # Equal values written differently: -0 is "-0", 0 is "0", whichever came first.
        [0, Decimal("-0.00"), 0.0, -0.0, Decimal("0"), styled(0, font=BOLD)],
        [styled(Decimal("-0.00"), font=BOLD), styled(-0.0, font=BOLD), 1.0, 1],
        ["=", "=1+1", "y" * 40000],
        [commented, "bình luận"],
        [linked, "link"],
        [],
        ["sau"],
    ]


def xml_of(make_sheet, *, guarded: bool, height: bool = False) -> dict[str, bytes]:
    workbook = Workbook(write_only=True)
    for title in ("a", "b"):
        sheet = make_sheet(workbook, title)
        sheet.column_dimensions["B"].width = 40
        sheet.freeze_panes = "C3"
        if height:
            sheet.row_dimensions[2].height = 30
        for row in rows(sheet):
            append_row(sheet, row) if guarded else sheet.append(row)
        sheet.close()
    archive = zipfile.ZipFile(BytesIO(workbook_bytes(workbook)))
    return {name: archive.read(name) for name in archive.namelist() if "docProps" not in name}


@pytest.mark.parametrize("guarded", [True, False], ids=["append_row", "sheet.append"])
@pytest.mark.parametrize("height", [False, True], ids=["plain rows", "a row height"])
def test_a_streamed_sheet_is_byte_for_byte_what_openpyxl_writes(guarded, height):
    ours = xml_of(stream_sheet, guarded=guarded, height=height)
    theirs = xml_of(
        lambda workbook, title: workbook.create_sheet(title), guarded=guarded, height=height
    )
    assert ours.keys() == theirs.keys()
    for name in ours:
        assert ours[name] == theirs[name], name


def test_a_streamed_sheet_reads_back_with_its_values_styles_and_guards():
    workbook = Workbook(write_only=True)
    sheet = stream_sheet(workbook, "Tổng hợp")
    append_row(sheet, [styled_cell(sheet, "1", font=BOLD, number_format="@"), Decimal("7.5")])
    append_row(sheet, ["=HYPERLINK(1)", " x ", None, 3])
    sheet.close()
    read = load_workbook(BytesIO(workbook_bytes(workbook)))["Tổng hợp"]
    assert (read["A1"].value, read["A1"].font.b, read["A1"].number_format) == ("1", True, "@")
    assert read["B1"].value == 7.5
    assert (read["A2"].value, read["A2"].quotePrefix, read["A2"].data_type) == (
        "=HYPERLINK(1)",
        True,
        "s",
    )
    assert (read["B2"].value, read["C2"].value, read["D2"].value) == (" x ", None, 3)


@pytest.mark.parametrize("title", ["a", "A", "", "x/y", "t" * 32], ids=repr)
def test_a_streamed_sheet_refuses_a_title_taken_or_not_allowed(title):
    """Titles are checked here, not renamed by openpyxl (which would scan every sheet's
    title for each new one): a second "a", in any case, is refused, as are Excel's
    forbidden characters and a title over 31 characters."""
    workbook = Workbook(write_only=True)
    stream_sheet(workbook, "a")
    with pytest.raises(ValueError):
        stream_sheet(workbook, title)
    assert workbook.sheetnames == ["a"]
    stream_sheet(workbook, "b")
    assert workbook.sheetnames == ["a", "b"]
