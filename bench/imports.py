"""Time and peak memory of reading uploaded workbooks: the streamed reading every import
uses (exchange/workbook.py) against loading the whole workbook first (openpyxl's default,
how imports read files before). Not part of the test suite; no database needed.

    .venv/bin/python bench/imports.py
"""

import io
import os
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cchc_tracker.settings")

import django  # noqa: E402

django.setup()

from openpyxl import Workbook, load_workbook  # noqa: E402

from exchange.score_sheets import SCORE_COLUMNS  # noqa: E402
from exchange.workbook import FileRefused, open_workbook, read_table  # noqa: E402


def saved(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def long_sheet(rows: int) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("khao-sat")
    for number in range(rows):
        sheet.append([f"u{number}", "2.1", 3])
    return saved(workbook)


def year_export(sheets: int, rows: int) -> bytes:
    """Shaped like the year export appraisers import: one sheet per unit."""
    workbook = Workbook(write_only=True)
    for number in range(sheets):
        sheet = workbook.create_sheet(f"u{number}")
        sheet.append(["unit", f"u{number}"])
        sheet.append(list(SCORE_COLUMNS))
        for row in range(rows):
            sheet.append([f"1.{row}", "Tiêu chí", "appraisal", 2, 1.5, 1, "giải trình"])
    return saved(workbook)


def measured(label: str, read, data: bytes) -> None:
    """Seconds of one plain run, then the peak of Python allocations in a traced run
    (tracing slows the run down, so it is not timed)."""
    started = time.monotonic()
    outcome = read(data)
    seconds = time.monotonic() - started
    tracemalloc.start()
    read(data)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    print(f"{label:<46} {seconds:6.2f} s {peak / 2**20:8.1f} MB peak  {outcome}")


def streamed(data: bytes):
    try:
        book = open_workbook(data)
    except FileRefused as error:
        return f"refused: {error.problems[0].text[:40]}…"
    rows = 0
    for sheet in book.worksheets:
        table, _problems = read_table(sheet, columns=SCORE_COLUMNS, required=["code"], first="code")
        rows += len(table.rows) if table else 0
    return f"{rows} rows"


def loaded_whole(data: bytes):
    workbook = load_workbook(io.BytesIO(data), data_only=False, keep_links=False)
    return f"{sum(sheet.max_row for sheet in workbook.worksheets)} rows loaded"


if __name__ == "__main__":
    for label, data in (
        ("100,000-row sheet", long_sheet(100_000)),
        ("year export, 300 sheets x 150 rows", year_export(300, 150)),
    ):
        print(f"{label}: {len(data) / 2**20:.1f} MB")
        measured("  streamed (every import now)", streamed, data)
        measured("  loaded whole (openpyxl default, before)", loaded_whole, data)
