"""Survey points from a CSV or Excel sheet: unit code, leaf code, points — all or nothing.

A composite leaf (the five SIPAS components, say) takes one row per component instead:
unit code, leaf code, the component's percent, the component's code; its points are the
set's mix of them (scoring.score_composite). Every row is checked before anything is
written; if any row is wrong the report names each bad row (its number in the sheet and
what is wrong) and nothing is imported.
"""

import csv
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import islice
from pathlib import PurePath
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import access
from assessments.evidence import max_bytes
from assessments.membership import unit_takes_part
from assessments.models import AssessmentStatus, Score
from assessments.services import rules
from assessments.services.common import Invalid, Refused, locked_assessments, write_scores
from indexes import scoring
from indexes.applicability import applicability
from indexes.messages import describe_problem
from indexes.models import Criterion, IndexSet, Method
from indexes.rule_inputs import checked_points
from units.models import Unit

MAX_ROWS = 20_000
LEAF_CODE = re.compile(r"\d+(\.\d+)*")


@dataclass(frozen=True)
class SheetRow:
    number: int  # as the spreadsheet numbers it: the header is row 1
    unit_code: str
    leaf_code: str
    points: str
    component: str = ""  # a composite leaf's component: `points` is then its percent


@dataclass
class ImportReport:
    imported: int = 0
    problems: list[str] = field(default_factory=list)


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return repr(value)  # the shortest spelling: 2.85, not 2.8500000000000001
    return str(value).strip()


def read_sheet(upload: UploadedFile) -> list[SheetRow]:
    """The rows of a .csv or .xlsx file; raises Invalid when the file cannot be read."""
    name = upload.name or ""
    suffix = PurePath(name).suffix.lower()
    if upload.size and upload.size > max_bytes():
        raise Invalid(_("The file is larger than the upload limit."))
    raw_rows: Sequence[Sequence[Any]]
    if suffix == ".csv":
        raw_rows = _csv_rows(upload)
    elif suffix == ".xlsx":
        raw_rows = _xlsx_rows(upload)
    else:
        raise Invalid(_("Choose a .csv or .xlsx file."))
    rows = []
    for number, cells in enumerate(raw_rows, start=1):
        values = [_cell(value) for value in cells]
        if not any(values):
            continue
        if number > MAX_ROWS:
            raise Invalid(_("The sheet has more than %(count)s rows.") % {"count": MAX_ROWS})
        values += [""] * (4 - len(values))
        rows.append(SheetRow(number, *values[:4]))
    if rows and _is_header(rows[0]):
        rows = rows[1:]
    if not rows:
        raise Invalid(_("The sheet has no rows to import."))
    return rows


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


def _csv_rows(upload: UploadedFile) -> list[list[str]]:
    data = upload.read()
    for encoding in ("utf-8-sig", "cp1258"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise Invalid(_("The CSV file is neither UTF-8 nor Windows-1258 text."))
    # Excel writes ";" between cells where the decimal mark is a comma (Vietnamese
    # settings), "," elsewhere; "3,5" in a comma-separated file comes quoted.
    first = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = ";" if ";" in first else "\t" if "\t" in first else ","
    return list(csv.reader(io.StringIO(text), delimiter=delimiter))


def _xlsx_rows(upload: UploadedFile) -> list[tuple]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(upload, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds on a damaged or fake file
        raise Invalid(_("The Excel file cannot be read; save it again as .xlsx.")) from error
    try:
        sheet = workbook.worksheets[0]
        return list(islice(sheet.iter_rows(values_only=True), MAX_ROWS + 1))
    finally:
        workbook.close()


@transaction.atomic
def survey_import(*, user, index_set: IndexSet, upload: UploadedFile) -> ImportReport:
    """Check every row, then write all of them as appraised points of survey leaves."""
    if not access.may_appraise(user):
        raise Refused(_("Only appraisers import survey results."))
    window = rules.appraisal_window(index_set)
    if not window.is_open:
        raise Refused(window.reason)
    rows = read_sheet(upload)
    units = {
        unit.code: unit for unit in Unit.objects.filter(code__in={row.unit_code for row in rows})
    }
    leaves = {leaf.code: leaf for leaf in index_set.criteria.all()}
    marks = applicability(index_set, [unit.pk for unit in units.values()])
    # Like every write of scores, first lock the units' assessments (in unit order): a
    # finalisation or a form save of one of them waits for the import, or it for them.
    assessments = locked_assessments(index_set=index_set, unit_ids=[u.pk for u in units.values()])
    final = {pk for pk, a in assessments.items() if a.status == AssessmentStatus.APPRAISED}

    problems: list[str] = []
    accepted: list[tuple[Unit, Criterion, Decimal | None, dict | None]] = []
    seen: dict[tuple[str, str, str], int] = {}
    composed: dict[tuple[str, str], tuple[int, dict[str, str]]] = {}  # first row, parts
    for row in rows:
        problem, points = _check_row(row, units, leaves, marks, final, index_set)
        key = (row.unit_code, row.leaf_code, row.component)
        if not problem and key in seen:
            problem = _("repeats row %(number)s.") % {"number": seen[key]}
        seen.setdefault(key, row.number)
        if problem:
            problems.append(_row_problem(row.number, problem))
        elif row.component:
            first, parts = composed.setdefault(key[:2], (row.number, {}))
            parts[row.component] = row.points
        else:
            accepted.append((units[row.unit_code], leaves[row.leaf_code], points, None))
    for (unit_code, leaf_code), (first, parts) in composed.items():
        leaf = leaves[leaf_code]
        try:
            points = scoring.evaluate_rule(leaf.rule, parts, Decimal(leaf.max_points))
        except scoring.ScoringError as error:
            problems.append(_row_problem(first, f"{leaf.code}: {describe_problem(error)}"))
            continue
        accepted.append((units[unit_code], leaf, points, {"components": parts}))
    if problems:
        raise Invalid(
            _("Nothing was imported: correct these rows and import the file again."),
            problems=problems,
        )

    current = {
        (score.unit_id, score.criterion_id): score
        for score in Score.objects.select_for_update().filter(
            unit__in=[unit for unit, *_rest in accepted],
            criterion__in=[leaf for _unit, leaf, *_rest in accepted],
        )
    }
    now = timezone.now()
    created, updated = [], []
    for unit, leaf, points, entered in accepted:
        score = current.get((unit.pk, leaf.pk))
        if score is None:
            score = Score.on_leaf(unit, leaf, version=1, appraised_input=entered)
            score.appraised_points, score.updated_by, score.updated_at = points, user, now
            created.append(score)
        elif score.appraised_points != points or score.appraised_input != entered:
            score.appraised_points, score.appraised_input = points, entered
            score.updated_by, score.updated_at = user, now
            score.version += 1
            updated.append(score)
    reason = _("survey import: %(file)s") % {"file": upload.name}
    fields = ["appraised_points", "appraised_input"]
    write_scores(created=created, updated=updated, fields=fields, user=user, reason=reason)
    return ImportReport(imported=len(accepted))


def _row_problem(number: int, problem: str) -> str:
    return _("Row %(number)s: %(problem)s") % {"number": number, "problem": problem}


def _check_row(row, units, leaves, marks, final, index_set) -> tuple[str, Decimal | None]:
    if not row.unit_code or not row.leaf_code or not row.points:
        return _("needs three values: unit code, leaf code, points."), None
    unit = units.get(row.unit_code)
    if unit is None:
        return _('no unit has the code "%(code)s".') % {"code": row.unit_code}, None
    if not unit_takes_part(unit, index_set):
        return _("%(unit)s is not scored by this set.") % {"unit": unit.name}, None
    leaf = leaves.get(row.leaf_code)
    if leaf is None:
        return _('the set has no leaf "%(code)s".') % {"code": row.leaf_code}, None
    if leaf.method != Method.SURVEY:
        return _("%(code)s is not a survey leaf.") % {"code": leaf.code}, None
    if not marks.applies(unit.pk, leaf):
        return _("%(code)s does not apply to %(unit)s.") % {
            "code": leaf.code,
            "unit": unit.name,
        }, None
    if unit.pk in final:
        return _("the appraisal of %(unit)s is final; reopen it first.") % {"unit": unit.name}, None
    is_composite = isinstance(leaf.rule, dict) and leaf.rule.get("type") == "composite"
    if is_composite and not row.component:
        return _(
            "%(code)s is made of components: give one row per component, its percent and its code."
        ) % {"code": leaf.code}, None
    if row.component:
        if not is_composite:
            return _("%(code)s has no components: give its points only.") % {
                "code": leaf.code
            }, None
        return "", None  # scored once all its components are read
    try:
        return "", checked_points(row.points, leaf)
    except scoring.ScoringError as error:
        return describe_problem(error), None
