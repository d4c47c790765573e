"""A write-only sheet whose plain rows go to its file as text, for the year workbook.

openpyxl's write-only sheet turns every appended value into a cell object, works out
its coordinate and type, and writes it through two nested lxml contexts; building lxml
elements instead (an earlier version of this module) still cost half the year
workbook's time (1,000 sheets, 1.4 million cells). Here a row made only of what the
product writes (texts, finite numbers, None, cells styled by `spreadsheet_cells` holding
those, and their light form `StyledValue`) is written as the very bytes openpyxl's lxml
writer gives for it (ASCII, other characters as numeric references), straight to the
sheet's file; any other row (a formula, an error code, a date, a boolean, a comment or
link, a row height) is written by openpyxl itself, after what lxml holds is flushed, so
the order stays. Texts reach the sheet through `append_row` as ever, so the
text-not-formula guard is unchanged. tests/test_sheet_stream.py compares the sheets'
XML with openpyxl's, byte for byte.

A sheet written whole and closed before another such sheet writes its first row
(`stream_sheet(..., straight_to_archive=True)`: each unit's sheet of the year workbook)
goes straight into the workbook's zip as its rows come (cchc_tracker/sheet_archive.py).
Cells that come again at the start of many rows (a node's code, name and points on each
unit's sheet) can be given as one `RowHead`, whose XML is made once per row number.
"""

from __future__ import annotations

from decimal import Decimal
from math import isfinite
from typing import Any
from weakref import WeakKeyDictionary

from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.compat import safe_string
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.workbook.child import INVALID_TITLE_REGEX
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet._writer import WorksheetWriter
from openpyxl.xml.constants import SHEET_MAIN_NS
from openpyxl.xml.functions import xmlfile

from cchc_tracker.memo import memo_short
from cchc_tracker.sheet_archive import archive_of

MAX_TEXT = 32767  # Excel's limit: openpyxl cuts a longer text, so such a row is left to it
MAX_TITLE = 31  # Excel's limit for a sheet's title
_letters: list[str] = []  # A, B, …: filled by _letter
_lights: WeakKeyDictionary[Workbook, dict[tuple, StyledValue]] = WeakKeyDictionary()
_titles: WeakKeyDictionary[Workbook, set[str]] = WeakKeyDictionary()  # lower-cased


class StyledValue:
    """A styled cell's value, kind and style as a streamed sheet writes it: what
    `styled_cell` gives there instead of a Cell (building one cost a fifth of the year
    workbook's time). `as_cell` makes the Cell for a row openpyxl must write."""

    __slots__ = ("value", "kind", "style")

    def __init__(self, value: Any, kind: str, style: StyleArray | None):
        # `style` is shared by every value of that style: never changed.
        self.value, self.kind, self.style = value, kind, style

    def as_cell(self, sheet: Any) -> Cell:
        cell = Cell(sheet, row=1, column=1, value=self.value)
        cell.data_type = self.kind
        if self.style is not None:
            cell._style = StyleArray(self.style)  # type: ignore[attr-defined]  # a copy
        return cell


def stream_sheet(workbook: Workbook, title: str, *, straight_to_archive: bool = False) -> Any:
    """A new sheet of the write-only `workbook`, as `workbook.create_sheet(title)` (typed
    Any as openpyxl's stubs type what that returns: they miss the write-only sheet's
    dimensions and panes). With `straight_to_archive`, its rows are compressed into the
    workbook's archive as they come: the caller writes it whole and closes it before
    another such sheet writes (the archive refuses a second one open).

    The title must be valid and unique (case aside): openpyxl renames a duplicate, and to
    find one reads every sheet's title for each new sheet, a million comparisons in a
    year's workbook; here the caller names its sheets (exchange.score_sheets.sheet_title)
    and a duplicate is a fault."""
    if not title or INVALID_TITLE_REGEX.search(title) or len(title) > MAX_TITLE:
        raise ValueError(f"Not a sheet title: {title!r}")
    taken = _titles.get(workbook)
    if taken is None:  # not setdefault: that would read every sheet's title each time
        taken = _titles[workbook] = {name.lower() for name in workbook.sheetnames}
    if title.lower() in taken:
        raise ValueError(f"Two sheets titled {title!r}")
    taken.add(title.lower())
    # Made without a parent, openpyxl's title setter returns at once; the title and the
    # parent are then set as the setter and create_sheet would set them.
    sheet = _StreamedSheet(parent=None, title=title)
    sheet._parent = workbook  # type: ignore[attr-defined]  # openpyxl's own attribute
    sheet._WorkbookChild__title = title  # type: ignore[attr-defined]  # the setter's
    workbook._add_sheet(sheet)  # type: ignore[attr-defined]  # as create_sheet does
    if straight_to_archive:
        # Its name in the archive, where openpyxl's ExcelWriter will look for it: sheets
        # are numbered by their place in the workbook (checked by _ArchiveWriter).
        sheet.archived_as = f"xl/worksheets/sheet{len(workbook._sheets)}.xml"  # type: ignore[attr-defined]  # _sheets
    # The workbook's light values, shared by its sheets (spreadsheet_cells.styled_cell).
    sheet.lights = _lights.setdefault(workbook, {})
    return sheet


def is_streamed(sheet: Any) -> bool:
    """Whether `sheet` was made by `stream_sheet`."""
    return type(sheet) is _StreamedSheet


def light_value(value: Any, style: StyleArray | None) -> StyledValue | None:
    """`value` (as `new_cell` would hold it) with that style, or None where it needs a
    real cell: an error code, a date, a text openpyxl would cut..."""
    if value is None or _plain_number(value):
        return StyledValue(value, "n", style)
    if type(value) is str and _plain_tail(value) is not None:
        return StyledValue(value, "s", style)
    return None


def _letter(column: int) -> str:
    while len(_letters) < column:
        _letters.append(get_column_letter(len(_letters) + 1))
    return _letters[column - 1]


def _plain_text(value: str) -> bool:
    """A text openpyxl writes as an inline string (not a formula, an error code or a
    text it would cut or refuse)."""
    return (
        not value.startswith("=")
        and value not in ERROR_CODES
        and len(value) <= MAX_TEXT
        and ILLEGAL_CHARACTERS_RE.search(value) is None
    )


def _plain_number(value: Any) -> bool:
    kind = type(value)
    if kind is int:
        return True
    if kind is Decimal:
        return value.is_finite()
    return kind is float and isfinite(value)


@memo_short(8192)  # a set's names and labels come again on every unit's sheet
def _text_xml(value: str) -> str:
    """The <is> of an inline string, escaped as lxml escapes a text."""
    escaped = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    escaped = escaped.replace("\r", "&#13;")
    keep = ' xml:space="preserve"' if value != value.strip() else ""
    return f"<is><t{keep}>{escaped}</t></is>"


def _number_xml(value: Any) -> str:
    return f"<v>{safe_string(value)}</v>"


# Each cell after its reference (`<c r="B7"` + tail): the same for the same value and
# style on every unit's sheet, so made once.
@memo_short(16384)
def _plain_tail(value: Any) -> str | None:
    """The tail of a str or number appended as it is, or None where openpyxl must
    write it (see _plain_text, _plain_number)."""
    if type(value) is str:
        if value == "":
            return ' t="inlineStr"></c>'
        return f' t="inlineStr">{_text_xml(value)}</c>' if _plain_text(value) else None
    return f' t="n">{_number_xml(value)}</c>' if _plain_number(value) else None


@memo_short(16384)
def _styled_tail(style_id: str | None, value: Any) -> str:
    """The tail of a StyledValue's value (a plain text, a finite number or None)."""
    style = "" if style_id is None else f' s="{style_id}"'
    if value is None:
        return "" if style_id is None else f'{style} t="n"></c>'
    if type(value) is str:
        return f'{style} t="inlineStr">{_text_xml(value) if value else ""}</c>'
    return f'{style} t="n">{_number_xml(value)}</c>'


def _cell_tail(cell: Cell) -> str | None:
    """The tail of an openpyxl Cell, or None where openpyxl must write it."""
    if cell.comment is not None or cell.hyperlink is not None:
        return None
    style = f' s="{cell.style_id}"' if cell.has_style else ""
    data_type, value = cell.data_type, cell.value
    if value is None:
        return f'{style} t="{data_type}"></c>' if style else ""
    if data_type == "s" and isinstance(value, str):
        return f'{style} t="inlineStr">{_text_xml(value) if value else ""}</c>'
    if data_type == "n" and _plain_number(value):
        return f'{style} t="n">{_number_xml(value)}</c>'
    return None


class RowHead:
    """The first cells of a row that come again, the same, on many sheets of a workbook
    (a node's code, name, method and points on every unit's sheet): a streamed sheet
    writes their XML once per row number, the very XML the cells give, and reuses it.
    Made by `spreadsheet_cells.row_head`, which guards its texts as `append_row` does;
    only ever the first value of a row, and only on a streamed sheet."""

    __slots__ = ("cells", "_xml", "_workbook")

    def __init__(self, cells: list):
        self.cells = cells
        self._xml: dict[int, str] = {}  # by row number, in `_workbook` (its style ids)
        self._workbook: Workbook | None = None


def expanded(row: list) -> list:
    """The row with its head's cells in place of the head."""
    return [*row[0].cells, *row[1:]] if row and type(row[0]) is RowHead else row


def _row_xml(row: list, row_idx: int, style_ids: dict[int, str | None], workbook) -> str | None:
    """The <row> openpyxl would write, or None for a row it must write."""
    number = str(row_idx)
    if row and type(row[0]) is RowHead:
        head = row[0]
        if head._workbook is not workbook:
            head._xml, head._workbook = {}, workbook
        head_xml = head._xml.get(row_idx)
        if head_xml is None:
            head_xml = _cells_xml(head.cells, 0, number, style_ids, workbook)
            if head_xml is None:
                return None
            head._xml[row_idx] = head_xml
        rest = _cells_xml(row[1:], len(head.cells), number, style_ids, workbook)
        return None if rest is None else f'<row r="{number}">{head_xml}{rest}</row>'
    cells = _cells_xml(row, 0, number, style_ids, workbook)
    return None if cells is None else f'<row r="{number}">{cells}</row>'


def _cells_xml(
    values: list, first: int, number: str, style_ids: dict[int, str | None], workbook
) -> str | None:
    """The <c> elements of `values` from column `first` (0 for A) of row `number`, or
    None where openpyxl must write the row. A StyledValue's style is registered in the
    workbook when it is first written, as a Cell's is, so the styles are numbered as
    openpyxl numbers them. A tail of "" is a cell openpyxl leaves out (no value, no
    style)."""
    parts = []
    if first + len(values) > len(_letters):
        _letter(first + len(values))
    letters, plain_tails, styled_tails = _letters, _plain_tail, _styled_tail
    for column, value in enumerate(values, first):
        if value is None:
            continue
        kind = type(value)
        if kind is str or kind is int or kind is Decimal or kind is float:
            tail = plain_tails.get(value)
            if tail is None:
                tail = _plain_tail(value)
        elif kind is StyledValue:
            known = id(value.style)
            if known not in style_ids:
                array = value.style
                has_style = array is not None and any(array)
                style_ids[known] = str(workbook._cell_styles.add(array)) if has_style else None
            key = (style_ids[known], value.value)
            tail = styled_tails.get(key)
            if tail is None:
                tail = _styled_tail(*key)
        elif isinstance(value, Cell):
            tail = _cell_tail(value)
        else:
            return None
        if tail is None:
            return None
        if tail:
            parts.append(f'<c r="{letters[column]}{number}"{tail}')
    return "".join(parts)


class _StreamedSheet(WriteOnlyWorksheet):
    lights: dict[tuple, StyledValue]
    archived_as: str | None = None  # the sheet's member of the archive, if written there

    def _values_to_row(self, values, row_idx):
        return list(values)  # _RowWriter.write_row takes the values as they came

    def _get_writer(self):
        if self._writer is None:
            # Straight to the archive: no temporary file (`out` names the member).
            self._writer = _RowWriter(self, out=self.archived_as)
            self._writer.write_top()

    def _write_rows(self):
        """openpyxl's, but the rows written here still waiting go out before the end of
        sheetData."""
        xf = self._writer.xf.send(True)
        with xf.element("sheetData"):
            row_idx = 1
            try:
                while True:
                    row = yield
                    self._writer.write_row(xf, row, row_idx)
                    row_idx += 1
            except GeneratorExit:
                pass
            self._writer.write_pending(xf)
        self._writer.xf.send(None)


class _RowWriter(WorksheetWriter):
    """openpyxl's sheet writer with its lxml output going to a file it holds, so that
    rows written as text can go to the same file in order."""

    def get_stream(self):
        if self.ws.archived_as:
            self._file = archive_of(self.ws.parent).open(self.ws.archived_as, "w")
        else:
            self._file = open(self.out, "wb")  # noqa: SIM115  # closed in close()
        self._pending = []  # rows written as text, not yet in the file
        self._style_ids = {}  # id of a StyledValue's style: its index, or None
        with xmlfile(self._file) as xf, xf.element("worksheet", xmlns=SHEET_MAIN_NS):
            try:
                while True:
                    element = yield
                    if element is True:
                        yield xf
                    elif element is not None:
                        xf.write(element)
            except GeneratorExit:
                pass

    def write_row(self, xf, row, row_idx):
        if row_idx in self.ws.row_dimensions:
            text = None
        else:
            text = _row_xml(row, row_idx, self._style_ids, self.ws.parent)
        if text is not None:
            self._pending.append(text)
            if len(self._pending) >= 512:
                self.write_pending(xf)
            return
        self.write_pending(xf)  # before openpyxl writes this row through lxml
        cells = [
            value.as_cell(self.ws) if type(value) is StyledValue else value
            for value in expanded(row)
        ]
        super().write_row(xf, WriteOnlyWorksheet._values_to_row(self.ws, cells, row_idx), row_idx)

    def write_pending(self, xf) -> None:
        """The rows written as text so far, after what lxml still holds."""
        if self._pending:
            xf.flush()
            self._file.write("".join(self._pending).encode("ascii", "xmlcharrefreplace"))
            self._pending.clear()

    def close(self):
        super().close()
        self._file.close()
