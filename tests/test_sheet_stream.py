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
from cchc_tracker.spreadsheet_cells import (
    append_row,
    new_cell,
    row_head,
    styled_cell,
    workbook_bytes,
)

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
@pytest.mark.parametrize("straight", [False, True], ids=["via a file", "straight to the zip"])
def test_a_streamed_sheet_is_byte_for_byte_what_openpyxl_writes(guarded, height, straight):
    ours = xml_of(
        lambda workbook, title: stream_sheet(workbook, title, straight_to_archive=straight),
        guarded=guarded,
        height=height,
    )
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


def test_sheets_straight_to_the_zip_keep_their_places_beside_the_others():
    """Sheets written straight to the archive, in another order than the workbook's and
    one left open, beside a sheet that goes through a file and is written all along: each
    reads back under its title with its rows; a second one open at once is refused."""
    workbook = Workbook(write_only=True)
    summary = stream_sheet(workbook, "Tổng hợp")
    first, second, unopened = (
        stream_sheet(workbook, title, straight_to_archive=True) for title in ("x1", "x2", "x3")
    )
    append_row(summary, ["tổng", 1])
    append_row(second, ["hai", 2])
    with pytest.raises(ValueError):
        append_row(first, ["một", 1])  # while the second is open
    second.close()
    append_row(summary, ["tổng", 2])
    append_row(first, ["một", 1])
    first.close()
    append_row(unopened, ["ba", 3])  # left open: the save closes it
    read = load_workbook(BytesIO(workbook_bytes(workbook)))
    assert read.sheetnames == ["Tổng hợp", "x1", "x2", "x3"]
    assert [[cell.value for cell in row] for row in read["Tổng hợp"].iter_rows()] == [
        ["tổng", 1],
        ["tổng", 2],
    ]
    assert [
        [cell.value for cell in row]
        for title in ("x1", "x2", "x3")
        for row in read[title].iter_rows()
    ] == [["một", 1], ["hai", 2], ["ba", 3]]


def head_rows_xml(make_sheet) -> dict[str, bytes]:
    """Three sheets whose rows start with two heads made on the first sheet, on every
    row number in turn, one row of each kind openpyxl must write itself (a date)."""
    workbook = Workbook(write_only=True)
    heads: list = []
    for title in ("a", "b", "c"):
        sheet = make_sheet(workbook, title)
        if not heads:
            heads = [
                row_head(sheet, [styled_cell(sheet, "1.1", number_format="@"), "Tên", None, 2]),
                row_head(sheet, [styled_cell(sheet, "1", font=BOLD), "=x", Decimal("0.5")]),
            ]
        for number in range(6):
            tail = [Decimal(number), None, styled_cell(sheet, "ghi chú", font=BOLD)]
            append_row(sheet, [heads[number % 2], *tail])
        append_row(sheet, [heads[0], date(2024, 1, 2)])
        sheet.close()
    archive = zipfile.ZipFile(BytesIO(workbook_bytes(workbook)))
    return {name: archive.read(name) for name in archive.namelist() if "docProps" not in name}


def test_a_row_head_writes_what_its_cells_write_on_every_row_and_sheet():
    """A head is written as one, from the XML made for its row number: the bytes are those
    of its cells appended one by one (openpyxl's sheet, which gets the cells)."""
    ours = head_rows_xml(stream_sheet)
    theirs = head_rows_xml(lambda workbook, title: workbook.create_sheet(title))
    assert ours.keys() == theirs.keys()
    for name in ours:
        assert ours[name] == theirs[name], name
    # The first head on the fifth row of the third sheet: its name in its own row.
    assert (
        b'<c r="B5" t="inlineStr"><is><t>T&#234;n</t></is></c>' in ours["xl/worksheets/sheet3.xml"]
    )


def test_a_row_head_on_a_plain_sheet_is_its_cells_guarded():
    workbook = Workbook()
    sheet = workbook.worksheets[0]
    append_row(sheet, [row_head(sheet, ["1.1", "=HYPERLINK(1)", Decimal("2")]), "x"])
    read = load_workbook(BytesIO(workbook_bytes(workbook))).worksheets[0]
    assert [cell.value for cell in read[1]] == ["1.1", "=HYPERLINK(1)", 2, "x"]
    assert (read["B1"].data_type, read["B1"].quotePrefix) == ("s", True)
