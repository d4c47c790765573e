"""The cells of every workbook the product writes: a text is text, never a formula.

A text that a spreadsheet would run — starting with =, +, -, @, a tab or a carriage return,
the starts OWASP's CSV-injection advice names — must reach the reader as the characters
typed. openpyxl makes a formula of any str starting with "=" (`=HYPERLINK(…)` becomes a
live link); Excel turns "+1", "-1" and "@SUM(A1)" into a number or a formula as soon as
someone edits the cell. So every str is written as a string cell, and one of those starts
also gets the quotePrefix style (Excel's leading apostrophe, not shown and not part of
the value), which keeps it text when the cell is edited. Numbers, dates and booleans
stay what they are. The product writes no formulas of its own; should it ever need one,
it passes an openpyxl formula object (`ArrayFormula`), never a str.

Writers append their rows with `append_row` (plain and write-only sheets alike) and turn
the workbook into bytes with `workbook_bytes`, which also makes text of any str cell set
another way (`sheet["B2"] = …`), so that a plain workbook cannot carry a formula from a
writer that forgot. A write-only sheet streams its rows as they come: there, `append_row`
and `new_cell` are the only guard.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from copy import copy
from decimal import Decimal
from typing import Any
from weakref import WeakKeyDictionary

from django.http import HttpResponse
from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Font, PatternFill
from openpyxl.styles.cell_style import StyleArray
from openpyxl.workbook.workbook import Workbook

from cchc_tracker.memo import memo_short, worth_keeping
from cchc_tracker.sheet_archive import saved_workbook
from cchc_tracker.sheet_stream import RowHead, StyledValue, expanded, is_streamed, light_value

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Vertical tab and form feed (Word's line and page breaks, pasted into a text box) cannot
# be written in an .xlsx; openpyxl raises on them and on the other control characters,
# which would turn the download into an error page. They become line breaks; the others,
# invisible anyway, are left out.
_BREAKS = re.compile("[\x0b\x0c]")


def runs_as_formula(text: str) -> bool:
    """Whether a spreadsheet would read `text` as a formula (or a signed number)."""
    return text.startswith(FORMULA_STARTS)


@memo_short(8192)  # a year's workbook writes each set's names on 1,000 sheets
def writable_text(text: str) -> str:
    r"""`text` as an .xlsx can hold it (see _BREAKS), each carriage return a line break:
    what readers always got back (XML reads "\r\n" and "\r" as "\n" where a writer puts
    them raw), written so whichever XML writer openpyxl uses (lxml keeps a "\r")."""
    text = ILLEGAL_CHARACTERS_RE.sub("", _BREAKS.sub("\n", text))
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_back(text: str) -> str:
    """`text` as a workbook written here gives it back to a reader."""
    return writable_text(text)


def _guarded(written: str) -> bool:
    """Whether a written text needs the quotePrefix: a formula start, or a line break that
    was a carriage return (a formula start) as typed."""
    return runs_as_formula(written) or written.startswith("\n")


def as_text(cell: Cell) -> Cell:
    """Make a cell holding a str a string cell; any other cell is left as it is."""
    value = cell.value
    if isinstance(value, str):
        cell.data_type = "s"
        if _guarded(value):
            cell.quotePrefix = True
    return cell


def new_cell(sheet: Any, value: Any) -> Cell:
    """A cell of `sheet` (plain or write-only) holding `value`, a str as text; for writers
    that style a cell before appending it."""
    # Row and column are placeholders (as openpyxl's WriteOnlyCell has them): append sets them.
    if isinstance(value, str):
        return as_text(Cell(sheet, row=1, column=1, value=writable_text(value)))
    return Cell(sheet, row=1, column=1, value=value)


# Per workbook, the style of each (font, fill, number format) a writer asked `styled_cell`
# for: the objects themselves (their ids are the key) and the cell style they make there.
_styles: WeakKeyDictionary[Workbook, dict[tuple, tuple[Any, Any, StyleArray]]] = WeakKeyDictionary()


def styled_cell(
    sheet: Any,
    value: Any,
    *,
    font: Font | None = None,
    fill: PatternFill | None = None,
    number_format: str | None = None,
) -> Cell | StyledValue:
    """`new_cell` with these styles, the same cell as setting `cell.font`, `cell.fill` and
    `cell.number_format` one by one gives (on a streamed sheet, once the style is known,
    its light form: what the sheet writes the same). Setting them looks each style up in the
    workbook's lists (hashing the Font: most of a unit sheet's time), so each combination
    is set so once per workbook and copied onto every later cell.

    A write-only workbook (the year's, 1,000 sheets) gains most: a third of its time was
    spent registering the same bold font again for each of 100,000 cells."""
    lights = getattr(sheet, "lights", None)  # a streamed sheet's, by style and value
    if lights is not None:
        light = lights.get((id(font), id(fill), number_format, value))
        if light is not None:  # the commonest case: a set's codes on each unit's sheet
            return light
    workbook = sheet.parent
    known = _styles.setdefault(workbook, {})
    key = (id(font), id(fill), number_format)
    hit = known.get(key)
    if hit is not None and lights is not None:
        written = writable_text(value) if isinstance(value, str) else value
        if not (isinstance(written, str) and _guarded(written)):
            light = light_value(written, hit[2])
            if light is not None:
                if worth_keeping(value):
                    lights[(*key, value)] = light
                return light
    cell = new_cell(sheet, value)
    if hit is not None and not cell.quotePrefix:
        # The style array openpyxl keeps per cell (indexes into the workbook's lists);
        # the stubs do not declare it.
        cell._style = copy(hit[2])  # type: ignore[attr-defined]
        return cell
    if font is not None:
        cell.font = font
    if fill is not None:
        cell.fill = fill
    if number_format is not None:
        cell.number_format = number_format
    if not cell.quotePrefix:  # a text kept as text (as_text) carries a style of its own
        known[key] = (font, fill, copy(cell._style))  # type: ignore[attr-defined]
    return cell


# What `_safe` passes on as it is (StyledValue: made safe by `styled_cell`, RowHead by
# `row_head`).
_AS_THEY_ARE = frozenset({int, float, Decimal, type(None), StyledValue, RowHead})


def _safe(sheet: Any, value: Any) -> Any:
    if type(value) in _AS_THEY_ARE:  # first: a year's workbook writes 1.4 million cells
        return value
    if isinstance(value, Cell):
        return as_text(value)
    if isinstance(value, str):
        text = _plain_text(value)
        return new_cell(sheet, value) if text is None else text
    return value  # numbers, dates, booleans and None as they are


@memo_short(8192)
def _plain_text(value: str) -> str | None:
    """`value` as written, where openpyxl itself writes it as a string cell (only "=…"
    would be a formula and "#N/A" & co. an error): no cell object needed, which saves a
    large export (a province's year, 1.4 million cells) a third of its time. None for a
    text that needs its cell (a quote prefix)."""
    text = writable_text(value)
    return None if _guarded(text) or text in ERROR_CODES else text


def append_row(sheet: Any, values: Iterable[Any]) -> None:
    """`sheet.append(values)` with every str (or cell holding one) written as text."""
    row = []
    for value in values:  # `_safe` of each, its commonest cases first, without a call
        kind = type(value)
        if kind in _AS_THEY_ARE:
            row.append(value)
        elif kind is str and value in _plain_text:
            row.append(_plain_text[value])
        else:
            row.append(_safe(sheet, value))
    if row and type(row[0]) is RowHead and not is_streamed(sheet):
        row = expanded(row)  # only a streamed sheet writes a head as one
    sheet.append(row)


def row_head(sheet: Any, values: Iterable[Any]) -> RowHead:
    """The first cells of rows to come, each guarded as `append_row` guards it, to give
    `append_row` as the first value of each of those rows (see sheet_stream.RowHead).
    On a sheet that is not streamed, a head is for one row: its cells are placed there."""
    return RowHead(
        [value if type(value) in _AS_THEY_ARE else _safe(sheet, value) for value in values]
    )


def workbook_bytes(workbook: Workbook) -> bytes:
    """The .xlsx bytes of `workbook`; a plain workbook's str cells are made text first."""
    if not workbook.write_only:
        for sheet in workbook.worksheets:
            for row in sheet.iter_rows():
                for cell in row:
                    if isinstance(cell, Cell):  # not the empty rest of a merged range
                        as_text(cell)
    return saved_workbook(workbook)


def xlsx_response(content: Workbook | bytes, filename: str) -> HttpResponse:
    """A download of the workbook (or of its bytes from `workbook_bytes`)."""
    if isinstance(content, Workbook):
        content = workbook_bytes(content)
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
