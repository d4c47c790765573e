"""Reading uploaded .xlsx files defensively, and the cell conversions every importer shares.

Every refusal is a `Problem` naming the sheet and row, in the user's language; nothing here
raises anything else for a bad file. The checks run before openpyxl parses the XML: the
upload size, that it is a zip with a workbook inside, the unzipped size (a small zip can
inflate to gigabytes), then each sheet streamed up to the row limit (`sheet_scan`).
openpyxl then reads the file read-only, row by row. Expat (>= 2.4) itself refuses
entity-expansion bombs.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.worksheet._read_only import ReadOnlyWorksheet

from exchange.sheet_scan import (
    ScanError,
    SheetScan,
    merged_first_row,
    merged_sort_key,
    scan_sheet,
    worksheet_parts,
)
from indexes.scoring import ScoringError, to_decimal

MB = 1024 * 1024
HEADER_SEARCH_ROWS = 20
MAX_FORMULA_PROBLEMS = 20
MAX_COLUMNS = 100  # wider than any sheet the product writes; a row is read this wide at most


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


def read_upload(upload: Any, *, name: str, csv: bool = False) -> bytes:
    """The bytes of an uploaded file (anything with .size and .read()), or FileRefused.

    With `csv`, a .csv file is accepted too (the survey import), under the same size limit.
    """
    if csv and not name.lower().endswith((".xlsx", ".csv")):
        raise FileRefused([Problem(_("Choose a .csv or .xlsx file."))])
    if not csv and not name.lower().endswith(".xlsx"):
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


def open_workbook(data: bytes) -> Book:
    """The workbook in the bytes of an .xlsx file, or FileRefused saying why not.

    Every sheet is scanned as a stream first (`sheet_scan`): a sheet longer than the row
    limit refuses the file before openpyxl reads anything. Then openpyxl opens the file
    read-only: cells are read from the XML as the rows are walked, never all at once.
    """
    _check_zip(data)
    max_rows = int(settings.EXCHANGE_MAX_ROWS)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            scans = [
                scan_sheet(
                    archive,
                    title,
                    path,
                    max_rows=max_rows,
                    max_columns=MAX_COLUMNS,
                    max_formulas=MAX_FORMULA_PROBLEMS,
                )
                for title, path in worksheet_parts(archive)
            ]
    except ScanError as error:
        raise _unreadable(error) from error
    too_long = [
        Problem(
            _("The sheet has more than %(max)s rows; at most %(max)s can be imported at once.")
            % {"max": max_rows},
            sheet=scan.title,
        )
        for scan in scans
        if scan.too_many_rows
    ]
    if too_long:
        raise FileRefused(too_long)
    try:
        workbook = load_workbook(
            io.BytesIO(data), read_only=True, data_only=False, keep_links=False
        )
    except Exception as error:  # openpyxl raises many kinds for damaged files
        raise _unreadable(error) from error
    by_title = {scan.title: scan for scan in scans}
    sheets = [
        Sheet(worksheet, by_title[worksheet.title])
        for worksheet in workbook.worksheets
        if isinstance(worksheet, ReadOnlyWorksheet) and worksheet.title in by_title
    ]
    return Book(sheets)


def _unreadable(error: Exception) -> FileRefused:
    text = _("The file could not be read as an Excel workbook (%(error)s).")
    cause = error.__cause__ if isinstance(error, ScanError) and error.__cause__ else error
    return FileRefused([Problem(text % {"error": type(cause).__name__})])


class Sheet:
    """One worksheet of an opened file: its title, its scan, and its values row by row.

    The rows are read from the XML on each walk, bounded by the scan: never past the last
    row holding a cell (within the row limit) nor past the last column holding a value
    (within the column limit), whatever the file declares.
    """

    def __init__(self, worksheet: ReadOnlyWorksheet, scan: SheetScan) -> None:
        worksheet.reset_dimensions()  # the declared size is not trusted
        self._worksheet = worksheet
        self.scan = scan
        self.title = scan.title

    def iter_rows(self) -> Iterator[tuple[Any, ...]]:
        """The values of each row from row 1, as tuples of the sheet's width."""
        if not self.scan.last_row or not self.scan.last_column:
            return iter(())
        return self._worksheet.iter_rows(  # type: ignore[misc]  # the stubs know Worksheet only
            min_row=1,
            max_row=self.scan.last_row,
            max_col=self.scan.last_column,
            values_only=True,
        )

    def value(self, row: int, column: int) -> Any:
        """One cell's value (reading the rows down to it only)."""
        if row > self.scan.last_row or column > self.scan.last_column:
            return None
        for values in self._worksheet.iter_rows(  # type: ignore[misc]
            min_row=row, max_row=row, min_col=column, max_col=column, values_only=True
        ):
            return values[0] if values else None
        return None


class Book:
    """The sheets of an opened file, by order and by title."""

    def __init__(self, sheets: list[Sheet]) -> None:
        self.worksheets = sheets
        self.sheetnames = [sheet.title for sheet in sheets]

    def __getitem__(self, title: str) -> Sheet:
        return next(sheet for sheet in self.worksheets if sheet.title == title)


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


def sheet_problems(sheet: Sheet) -> list[Problem]:
    """Merged cells, formulas and values beyond the columns read: shapes an import cannot
    trust (a sheet too long never gets here: `open_workbook` refuses it)."""
    scan = sheet.scan
    found: list[tuple[str, int | None]] = [
        (
            _("cells %(range)s are merged; unmerge them so that each value has its own cell.")
            % {"range": ref},
            merged_first_row(ref),
        )
        for ref in sorted(scan.merged, key=merged_sort_key)
    ]
    found += [
        (_("cell %(cell)s holds a formula; paste its value instead.") % {"cell": cell}, _row(cell))
        for cell in scan.formulas
    ]
    if scan.formula_count > len(scan.formulas):
        more = scan.formula_count - len(scan.formulas)
        found.append((_("… and %(count)s more formulas.") % {"count": more}, None))
    if scan.wide_cell:
        text = _("cell %(cell)s is beyond the %(max)s columns an import reads; delete it.")
        found.append((text % {"cell": scan.wide_cell, "max": MAX_COLUMNS}, _row(scan.wide_cell)))
    return [Problem(text, sheet=sheet.title, row=row) for text, row in found]


def _row(cell: str) -> int:
    return int("".join(char for char in cell if char.isdigit()))


def normalise_key(value: Any) -> str:
    return str(value or "").strip().lower().replace(" ", "_")


def read_table(
    sheet: Sheet, *, columns: Sequence[str], required: Iterable[str], first: str = "code"
) -> tuple[Table | None, list[Problem]]:
    """The rows under the header row (the first whose column A is `first`), keyed by column.

    Rows above the header are read as key/value pairs (column A, column B). Blank rows are
    skipped; every other row keeps the number Excel shows, for the problem report.
    """
    problems = sheet_problems(sheet)
    if problems:
        return None, problems
    rows = list(sheet.iter_rows())
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
