"""Reading uploaded .xlsx files defensively, and the cell conversions every importer shares.

Every refusal is a `Problem` naming the sheet and row, in the user's language; nothing here
raises anything else for a bad file. The checks run before openpyxl parses the XML: the
upload size, that it is a zip with a workbook inside, and the unzipped size (a small zip
can inflate to gigabytes). Expat (>= 2.4) itself refuses entity-expansion bombs.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from indexes.scoring import ScoringError, to_decimal

MB = 1024 * 1024
HEADER_SEARCH_ROWS = 20
MAX_FORMULA_PROBLEMS = 20


@dataclass(frozen=True)
class Problem:
    text: str
    sheet: str = ""
    row: int | None = None

    def __str__(self) -> str:
        where = []
        if self.sheet:
            where.append(_("sheet “%(sheet)s”") % {"sheet": self.sheet})
        if self.row is not None:
            where.append(_("row %(row)s") % {"row": self.row})
        return f"{', '.join(where)}: {self.text}" if where else self.text


class FileRefused(Exception):
    """The file as a whole cannot be read; `problems` says why."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("; ".join(str(problem) for problem in self.problems))


@dataclass
class Row:
    number: int  # the row number Excel shows
    values: dict[str, Any]


@dataclass
class Table:
    sheet: str
    header_row: int
    rows: list[Row] = field(default_factory=list)
    metadata: dict[str, Any] = field(default_factory=dict)  # key/value rows above the header
    metadata_rows: dict[str, int] = field(default_factory=dict)


def read_upload(upload: Any, *, name: str) -> bytes:
    """The bytes of an uploaded file (anything with .size and .read()), or FileRefused."""
    if not name.lower().endswith(".xlsx"):
        if name.lower().endswith((".xls", ".xlsm", ".xlsb", ".ods", ".csv")):
            raise FileRefused([Problem(_("Save the file as an Excel workbook (.xlsx) first."))])
        raise FileRefused([Problem(_("Only Excel workbooks (.xlsx) can be imported."))])
    max_bytes = int(settings.EXCHANGE_MAX_UPLOAD_MB * MB)
    size = getattr(upload, "size", None)
    if size is not None and size > max_bytes:
        raise FileRefused([_too_big(size, max_bytes)])
    data = upload.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise FileRefused([_too_big(len(data), max_bytes)])
    return data


def open_workbook(data: bytes) -> Workbook:
    """The workbook in the bytes of an .xlsx file, or FileRefused saying why not."""
    _check_zip(data)
    try:
        return load_workbook(io.BytesIO(data), data_only=False, keep_links=False)
    except Exception as error:  # openpyxl raises many kinds for damaged files
        text = _("The file could not be read as an Excel workbook (%(error)s).")
        raise FileRefused([Problem(text % {"error": type(error).__name__})]) from error


def _too_big(size: int, max_bytes: int) -> Problem:
    return Problem(
        _("The file is %(size)s MB; the largest accepted is %(max)s MB.")
        % {"size": round(size / MB, 1), "max": round(max_bytes / MB, 1)}
    )


def _check_zip(data: bytes) -> None:
    not_excel = Problem(
        _("This is not an Excel workbook (.xlsx), or it is protected with a password.")
    )
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise FileRefused([not_excel])
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise FileRefused([not_excel]) from error
    names = {member.filename for member in members}
    if "xl/workbook.xml" not in names:
        raise FileRefused([not_excel])
    unpacked = sum(member.file_size for member in members)
    max_unpacked = int(settings.EXCHANGE_MAX_UNPACKED_MB * MB)
    if unpacked > max_unpacked or len(members) > 2000:
        raise FileRefused(
            [Problem(_("The workbook is too large to import; split it into smaller files."))]
        )


def sheet_problems(sheet: Worksheet) -> list[Problem]:
    """Merged cells, formulas and too many rows: the shapes an import cannot trust."""
    max_rows = int(settings.EXCHANGE_MAX_ROWS)
    if sheet.max_row > max_rows:
        return [
            Problem(
                _("The sheet has %(rows)s rows; at most %(max)s can be imported at once.")
                % {"rows": sheet.max_row, "max": max_rows},
                sheet=sheet.title,
            )
        ]
    found: list[tuple[str, int | None]] = [
        (
            _("cells %(range)s are merged; unmerge them so that each value has its own cell.")
            % {"range": merged.coord},
            merged.min_row,
        )
        for merged in sorted(sheet.merged_cells.ranges, key=lambda r: (r.min_row, r.min_col))
    ]
    formulas = [cell for row in sheet.iter_rows() for cell in row if cell.data_type == "f"]
    found += [
        (
            _("cell %(cell)s holds a formula; paste its value instead.")
            % {"cell": cell.coordinate},
            cell.row,
        )
        for cell in formulas[:MAX_FORMULA_PROBLEMS]
    ]
    if len(formulas) > MAX_FORMULA_PROBLEMS:
        more = len(formulas) - MAX_FORMULA_PROBLEMS
        found.append((_("… and %(count)s more formulas.") % {"count": more}, None))
    return [Problem(text, sheet=sheet.title, row=row) for text, row in found]


def normalise_key(value: Any) -> str:
    return str(value or "").strip().lower().replace(" ", "_")


def read_table(
    sheet: Worksheet, *, columns: Sequence[str], required: Iterable[str], first: str = "code"
) -> tuple[Table | None, list[Problem]]:
    """The rows under the header row (the first whose column A is `first`), keyed by column.

    Rows above the header are read as key/value pairs (column A, column B). Blank rows are
    skipped; every other row keeps the number Excel shows, for the problem report.
    """
    problems = sheet_problems(sheet)
    if problems:
        return None, problems
    rows = list(sheet.iter_rows(values_only=True))
    header_index = next(
        (
            index
            for index, row in enumerate(rows[:HEADER_SEARCH_ROWS])
            if row and normalise_key(row[0]) == first
        ),
        None,
    )
    if header_index is None:
        text = _("no header row: the first column of the header must read “%(first)s”.")
        return None, [Problem(text % {"first": first}, sheet=sheet.title)]
    table = Table(sheet=sheet.title, header_row=header_index + 1)
    for index, row in enumerate(rows[:header_index]):
        key = normalise_key(row[0] if row else "")
        if key:
            table.metadata[key] = clean_value(row[1] if len(row) > 1 else None)
            table.metadata_rows[key] = index + 1
    keys = [normalise_key(cell) for cell in rows[header_index]]
    problems = _header_problems(keys, columns, required, sheet.title, header_index + 1)
    if problems:
        return None, problems
    for index, row in enumerate(rows[header_index + 1 :], start=header_index + 2):
        values = {key: clean_value(value) for key, value in zip(keys, row, strict=False) if key}
        if any(value is not None for value in values.values()):
            table.rows.append(Row(number=index, values=values))
    return table, []


def _header_problems(
    keys: list[str], columns: Sequence[str], required: Iterable[str], sheet: str, row: int
) -> list[Problem]:
    problems = []
    known = set(columns)
    expected = ", ".join(columns)
    for key in keys:
        if key and key not in known:
            text = _("unknown column “%(column)s”; the columns are: %(expected)s.")
            problems.append(Problem(text % {"column": key, "expected": expected}, sheet, row))
    for key in sorted({key for key in keys if key and keys.count(key) > 1}):
        problems.append(
            Problem(_("column “%(column)s” appears twice.") % {"column": key}, sheet, row)
        )
    for key in required:
        if key not in keys:
            text = _("the column “%(column)s” is missing; the columns are: %(expected)s.")
            problems.append(Problem(text % {"column": key, "expected": expected}, sheet, row))
    return problems


def clean_value(value: Any) -> Any:
    """Text stripped (empty text is no value); numbers, dates and booleans as openpyxl read them."""
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


# --- cell conversions (each raises CellError with a translated message) --------------


class CellError(ValueError):
    pass


def cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat()
    return str(value)


def cell_code(value: Any, column: str) -> str:
    """A dotted code. A number with decimals would lose digits (2.10 reads as 2.1): refused."""
    if isinstance(value, float) and not value.is_integer():
        raise CellError(
            _("%(column)s %(value)s is stored as a number; format the column as text.")
            % {"column": column, "value": value}
        )
    return cell_text(value)


def cell_decimal(value: Any, column: str) -> Decimal | None:
    """A number as Decimal; "7,5" and "7.5" are both read. None when the cell is empty."""
    if value is None:
        return None
    if isinstance(value, (bool, date, datetime)):
        raise CellError(
            _("%(column)s: “%(value)s” is not a number.")
            % {"column": column, "value": cell_text(value)}
        )
    try:
        return to_decimal(repr(value) if isinstance(value, float) else value)
    except ScoringError as error:
        raise CellError(
            _("%(column)s: “%(value)s” is not a number.") % {"column": column, "value": value}
        ) from error


def cell_date(value: Any, column: str) -> date | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    for parse in (date.fromisoformat, lambda t: datetime.strptime(t, "%d/%m/%Y").date()):
        try:
            return parse(text)
        except ValueError:
            continue
    raise CellError(
        _("%(column)s: “%(value)s” is not a date (write 31/01/2024 or 2024-01-31).")
        % {"column": column, "value": text}
    )
