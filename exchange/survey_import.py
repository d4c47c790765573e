"""The appraisers' survey sheet in two steps, like every import: a dry run that lists what
would change and every problem, then the import of the kept file, checked again, all or
nothing (the rows are checked and written by `assessments.services.survey_import`).

The sheet: unit code, leaf code, points (a composite leaf: unit, leaf, the component's
percent, the component's code), in columns A to D of the first sheet; a first row of
headings is skipped. An Excel workbook goes through `exchange.workbook` (size, unpacked
size, row limit streamed, formulas and merged cells refused). A CSV file (UTF-8 or
Windows-1258, cells separated by ";", "," or tabs) has the same size and row limits and
is read row by row; there are no formulas in a CSV file, only text.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from assessments.services.common import WorkflowError
from assessments.services.survey_import import (
    SheetRow,
    SurveyPlan,
    survey_points_check,
    survey_points_import,
)
from exchange.models import Action, ExchangeLog, Outcome
from exchange.services import exchange_log
from exchange.workbook import FileRefused, Problem, open_workbook, read_upload, sheet_problems
from indexes import scoring
from indexes.models import IndexSet

ACTION = Action.SURVEY_IMPORT
LEAF_CODE = re.compile(r"\d+(\.\d+)*")
COLUMNS = 4  # unit, leaf, points, component


@dataclass
class SurveyResult:
    log: ExchangeLog
    plan: SurveyPlan | None = None
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return repr(value)  # the shortest spelling: 2.85, not 2.8500000000000001
    return str(value).strip()


def _is_header(row: SheetRow) -> bool:
    """Headings, not data: no number where the points go and no dotted code where the leaf
    goes (a data row with bad points is still a data row, reported as such)."""
    if LEAF_CODE.fullmatch(row.leaf_code):
        return False
    try:
        scoring.to_decimal(row.points)
    except scoring.ScoringError:
        return True
    return False


def _sheet_rows(raw: Iterable[Iterable[Any]]) -> list[SheetRow]:
    rows = []
    for number, cells in enumerate(raw, start=1):
        values = [_cell(value) for value in cells][:COLUMNS]
        if not any(values):
            continue
        values += [""] * (COLUMNS - len(values))
        rows.append(SheetRow(number, *values))
    if rows and _is_header(rows[0]):
        rows = rows[1:]
    return rows


def _csv_lines(data: bytes, sheet: str) -> Iterator[list[str]]:
    for encoding in ("utf-8-sig", "cp1258"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise FileRefused([Problem(_("The CSV file is neither UTF-8 nor Windows-1258 text."))])
    # Excel writes ";" between cells where the decimal mark is a comma (Vietnamese
    # settings), "," elsewhere; "3,5" in a comma-separated file comes quoted.
    first = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = ";" if ";" in first else "\t" if "\t" in first else ","
    max_rows = int(settings.EXCHANGE_MAX_ROWS)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for cells in reader:
            if reader.line_num > max_rows:
                text = _(
                    "The sheet has more than %(max)s rows; at most %(max)s can be imported at once."
                )
                raise FileRefused([Problem(text % {"max": max_rows}, sheet=sheet)])
            yield cells
    except csv.Error as error:
        text = _("The CSV file cannot be read (%(error)s).") % {"error": error}
        raise FileRefused([Problem(text, sheet=sheet, row=reader.line_num)]) from error


def read_survey_file(data: bytes, *, name: str) -> tuple[list[SheetRow], str, list[Problem]]:
    """The rows of the file, the sheet they come from, and what refuses the file."""
    try:
        if PurePath(name).suffix.lower() == ".csv":
            sheet = PurePath(name).stem
            rows = _sheet_rows(_csv_lines(data, sheet))
        else:
            worksheets = open_workbook(data).worksheets
            if not worksheets:
                raise FileRefused([Problem(_("The sheet has no rows to import."))])
            first = worksheets[0]
            sheet = first.title
            problems = sheet_problems(first)
            if problems:
                return [], sheet, problems
            rows = _sheet_rows(first.iter_rows())
    except FileRefused as error:
        return [], "", error.problems
    if not rows:
        return [], sheet, [Problem(_("The sheet has no rows to import."), sheet=sheet)]
    return rows, sheet, []


def _plan_problems(plan: SurveyPlan, sheet: str) -> list[Problem]:
    return [Problem(problem.text, sheet=sheet, row=problem.row) for problem in plan.problems]


def _log(user, index_set, name, outcome, rows, plan, problems, *, stored=None, done=False):
    return exchange_log(
        user=user,
        action=ACTION,
        outcome=outcome,
        file_name=name,
        index_set=index_set,
        row_count=len(rows),
        created=plan.created if plan and done else 0,
        updated=plan.updated if plan and done else 0,
        problems=problems,
        stored=stored,
        versions=plan.versions if plan and not problems else None,
    )


def survey_preview(*, user, index_set: IndexSet, upload) -> SurveyResult:
    """The dry run: every problem, or what the file would change; a clean file is kept."""
    name = getattr(upload, "name", "") or ""
    try:
        data = read_upload(upload, name=name, csv=True)
    except FileRefused as error:
        log = _log(user, index_set, name, Outcome.PREVIEWED, [], None, error.problems)
        return SurveyResult(log=log, problems=list(error.problems))
    rows, sheet, problems = read_survey_file(data, name=name)
    plan = None
    if not problems:
        try:
            plan = survey_points_check(user=user, index_set=index_set, rows=rows)
        except WorkflowError as error:  # the window closed since the page was shown
            problems = [Problem(error.message)]
        else:
            problems = _plan_problems(plan, sheet)
    stored = ContentFile(data, name=name) if not problems else None
    log = _log(user, index_set, name, Outcome.PREVIEWED, rows, plan, problems, stored=stored)
    return SurveyResult(log=log, plan=plan, problems=problems)


def survey_import(*, user, index_set: IndexSet, preview: ExchangeLog) -> SurveyResult:
    """The kept file of a clean dry run, read and checked again now, written all or nothing."""
    with preview.stored_file.open("rb") as stored:
        data = stored.read()
    rows, sheet, problems = read_survey_file(data, name=preview.file_name)
    plan = None
    if not problems:
        reason = _("survey import: %(file)s") % {"file": preview.file_name}
        try:
            with transaction.atomic():
                # The set's row first, so that a phase change cannot slip in between.
                IndexSet.objects.select_for_update().filter(pk=index_set.pk).first()
                plan = survey_points_import(
                    user=user,
                    index_set=index_set,
                    rows=rows,
                    versions=preview.versions,
                    reason=reason,
                )
        except WorkflowError as error:  # rolled back: nothing of the file is kept
            problems = [Problem(text) for text in [error.message, *error.problems]]
        else:
            problems = _plan_problems(plan, sheet)
    outcome = Outcome.REFUSED if problems else Outcome.DONE
    log = _log(
        user,
        index_set,
        preview.file_name,
        outcome,
        rows,
        plan,
        problems,
        stored=preview.stored_file.name,
        done=not problems,
    )
    return SurveyResult(log=log, plan=plan, problems=problems)
