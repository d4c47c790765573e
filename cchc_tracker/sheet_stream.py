"""A write-only sheet whose plain rows go to its XML in one step, for the year workbook.

openpyxl's write-only sheet turns every appended value into a cell object, works out
its coordinate and type, and writes it through two nested lxml contexts: about 60 % of
the year workbook's time (1,000 sheets, 1.2 million cells). Here a row made only of
what the product writes (texts, finite numbers, None, and cells styled by
`spreadsheet_cells` holding those) is built as one lxml element and written once, as
the same XML openpyxl writes for it; any other row (a formula, an error code, a date, a
boolean, a comment or link, a row height) is written by openpyxl itself. Texts reach
the sheet through `append_row` as ever, so the text-not-formula guard is unchanged.
tests/test_sheet_stream.py compares the sheets' XML with openpyxl's, byte for byte.
"""

from __future__ import annotations

from decimal import Decimal
from math import isfinite
from typing import Any

from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.compat import safe_string
from openpyxl.utils import get_column_letter
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet._writer import WorksheetWriter
from openpyxl.xml.functions import Element, SubElement  # lxml's, as openpyxl.LXML

MAX_TEXT = 32767  # Excel's limit: openpyxl cuts a longer text, so such a row is left to it
_PRESERVE = {"{http://www.w3.org/XML/1998/namespace}space": "preserve"}
_letters: list[str] = []


def stream_sheet(workbook: Workbook, title: str) -> Any:
    """A new sheet of the write-only `workbook`, as `workbook.create_sheet(title)` (typed
    Any as openpyxl's stubs type what that returns: they miss the write-only sheet's
    dimensions and panes)."""
    sheet = _StreamedSheet(parent=workbook, title=title)
    workbook._add_sheet(sheet)  # type: ignore[attr-defined]  # as create_sheet does
    return sheet


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


class _StreamedSheet(WriteOnlyWorksheet):
    def _values_to_row(self, values, row_idx):
        return list(values)  # _RowWriter.write_row takes the values as they came

    def _get_writer(self):
        if self._writer is None:
            self._writer = _RowWriter(self)
            self._writer.write_top()


class _RowWriter(WorksheetWriter):
    def write_row(self, xf, row, row_idx):
        element = None if row_idx in self.ws.row_dimensions else self._row_element(row, row_idx)
        if element is None:  # not one of ours: openpyxl converts and writes it
            cells = WriteOnlyWorksheet._values_to_row(self.ws, row, row_idx)
            super().write_row(xf, cells, row_idx)
        else:
            xf.write(element)

    def _row_element(self, row: list, row_idx: int):
        """The <row> element openpyxl would write, or None for a row it must write."""
        number = str(row_idx)
        element: Any = Element("row", {"r": number})
        for column, value in enumerate(row, 1):
            if value is None:
                continue
            style = None
            if isinstance(value, Cell):
                if value.comment is not None or value.hyperlink is not None:
                    return None
                if value.has_style:
                    style = str(value.style_id)
                elif value.value is None:
                    continue  # openpyxl leaves out an empty cell without a style
                kind, value = value.data_type, value.value
                if not (
                    value is None
                    or (kind == "s" and isinstance(value, str))
                    or (kind == "n" and _plain_number(value))
                ):
                    return None
            elif type(value) is str:
                if not _plain_text(value):
                    return None
                kind = "s"
            elif _plain_number(value):
                kind = "n"
            else:
                return None
            attrs = {"r": _letter(column) + number}
            if style is not None:
                attrs["s"] = style
            attrs["t"] = "inlineStr" if kind == "s" else kind
            cell = SubElement(element, "c", attrs)
            if value is None or value == "":
                cell.text = ""  # <c …></c>, as openpyxl's lxml context writes it
                continue
            if kind == "s":
                keep = _PRESERVE if value != value.strip() else {}
                SubElement(SubElement(cell, "is"), "t", keep).text = value
            else:
                SubElement(cell, "v").text = safe_string(value)
        if len(element) == 0:
            element.text = ""  # <row …></row> for an empty row, as openpyxl writes it
        return element
