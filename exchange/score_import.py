"""Self-scores or appraised scores read from unit sheets (the export's shape), all or nothing.

Who may import what follows the score-entry rules (`assessments.services.rules`): an official
only their own unit's self-scores while its self-assessment is open and not handed in;
appraisers (and admins) appraised scores while the set is in appraisal. An empty cell
leaves the value as it is; parent rows (sums) are ignored; a value on a not-applicable
leaf, a survey leaf in a self-assessment, or a deduction without a comment is refused.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from itertools import islice
from typing import Any, Literal

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

from assessments.membership import index_set_units
from assessments.models import Assessment, Score
from assessments.services.common import PlannedChanges, locked_assessments
from assessments.services.rules import (
    appraisal_state,
    deduction_needs_reason,
    self_assessment_state,
)
from cchc_tracker.spreadsheet_cells import read_back
from exchange.score_sheets import SCORE_COLUMNS
from exchange.workbook import (
    Book,
    CellError,
    Problem,
    cell_code,
    cell_decimal,
    cell_text,
    clean_value,
    normalise_key,
    read_table,
)
from indexes import scoring
from indexes.applicability import Applicability, applicability
from indexes.messages import describe_problem
from indexes.models import Criterion, IndexSet, Method
from indexes.rule_inputs import checked_points
from units.models import Unit

Kind = Literal["self", "appraised"]
FIELDS: dict[str, tuple[str, str]] = {
    "self": ("self_points", "explanation"),
    "appraised": ("appraised_points", "appraiser_comment"),
}


@dataclass
class Change:
    unit: Unit
    leaf: Criterion
    score: Score | None
    points: Decimal | None
    text: str | None


@dataclass
class ScoreReading(PlannedChanges):
    changes: list[Change] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    units: list[Unit] = field(default_factory=list)
    row_count: int = 0
    unchanged: int = 0


def read_score_workbook(
    workbook: Book, *, index_set: IndexSet, kind: Kind, user, lock: bool = False
) -> ScoreReading:
    """What the workbook would change, checked row by row; with `lock` (the confirmed
    import) the named units' assessments are locked before their scores are read."""
    reading = ScoreReading()
    tables = []
    letters: dict[str, dict[str, str]] = {}  # sheet → column key → letter, to name a cell
    for sheet in workbook.worksheets:
        if not _looks_like_unit_sheet(sheet):
            continue  # a summary or a guide: not imported
        table, problems = read_table(
            sheet, columns=SCORE_COLUMNS, required=("code", *FIELDS[kind][:1])
        )
        reading.problems += problems
        if table is not None:
            tables.append(table)
            letters[table.sheet] = _column_letters(sheet, table.header_row)
    if not tables and not reading.problems:
        reading.problems.append(Problem(_("the workbook has no unit sheet; start from an export.")))
    if reading.problems:
        return reading
    context = _Context.load(index_set, tables, lock=lock)
    for table in tables:
        _read_sheet(table, letters[table.sheet], context, reading, kind=kind, user=user)
    return reading


def _column_letters(sheet, header_row: int) -> dict[str, str]:
    """Each column key of the header row (at most HEADER_SEARCH_ROWS down) → its letter."""
    header = next(islice(sheet.iter_rows(), header_row - 1, None), ())
    return {
        normalise_key(value): get_column_letter(number)
        for number, value in enumerate(header, start=1)
        if normalise_key(value)
    }


class PointsError(CellError):
    """A problem with the points cell of a row: the message names the cell."""


def _looks_like_unit_sheet(sheet) -> bool:
    first = sheet.value(1, 1)
    return isinstance(first, str) and first.strip().lower() == "unit"


@dataclass
class _Context:
    """The set's leaves and the named units' scores, marks and assessments: five queries
    (and the lock of the assessments, made where missing, when asked)."""

    index_set: IndexSet
    leaves: dict[str, Criterion]
    parents: set[str]
    units: dict[str, Unit]
    in_set: set[int]
    scores: dict[tuple[int, int], Score]
    marks: Applicability
    assessments: dict[int, Assessment]

    @classmethod
    def load(cls, index_set: IndexSet, tables, *, lock: bool = False) -> _Context:
        nodes = list(index_set.criteria.order_by("sort_key"))
        codes = {cell_text(table.metadata.get("unit")) for table in tables}
        units = {unit.code: unit for unit in Unit.objects.filter(code__in=codes)}
        unit_ids = [unit.pk for unit in units.values()]
        in_set = set(
            index_set_units(index_set).filter(pk__in=unit_ids).values_list("pk", flat=True)
        )
        if lock:  # before the scores are read, as every write of scores does
            assessments = locked_assessments(index_set=index_set, unit_ids=in_set)
        else:
            assessments = {
                a.unit_id: a
                for a in Assessment.objects.filter(index_set=index_set, unit_id__in=unit_ids)
            }
        scores = {
            (score.unit_id, score.criterion_id): score
            for score in Score.objects.filter(criterion__index_set=index_set, unit_id__in=unit_ids)
        }
        marks = applicability(index_set, unit_ids)
        for node in nodes:
            node.index_set = index_set
        return cls(
            index_set=index_set,
            leaves={node.code: node for node in nodes if node.method},
            parents={node.code for node in nodes if not node.method},
            units=units,
            in_set=in_set,
            scores=scores,
            marks=marks,
            assessments=assessments,
        )


def _sheet_unit(table, context: _Context, reading: ScoreReading, *, kind: Kind, user):
    code = cell_text(table.metadata.get("unit"))
    row = table.metadata_rows.get("unit")
    unit = context.units.get(code)
    if unit is None:
        text = _("there is no unit with the code “%(code)s”.") % {"code": code}
        reading.problems.append(Problem(text, table.sheet, row))
        return None
    set_code = cell_text(table.metadata.get("index_set"))
    if set_code != context.index_set.code:
        text = _("the sheet is for the index set “%(found)s”, not “%(expected)s”.")
        reading.problems.append(
            Problem(
                text % {"found": set_code, "expected": context.index_set.code},
                table.sheet,
                table.metadata_rows.get("index_set"),
            )
        )
        return None
    if unit in reading.units:
        text = _("the unit %(unit)s has a second sheet.") % {"unit": unit.name}
        reading.problems.append(Problem(text, table.sheet, row))
        return None
    if unit.pk not in context.in_set:
        text = _("%(unit)s is not scored with this index set.") % {"unit": unit.name}
        reading.problems.append(Problem(text, table.sheet, row))
        return None
    assessment = context.assessments.get(unit.pk)
    if kind == "self":
        window = self_assessment_state(
            user=user,
            unit=unit,
            index_set=context.index_set,
            assessment=assessment,
            today=timezone.localdate(),
        )
    else:
        window = appraisal_state(user=user, index_set=context.index_set, assessment=assessment)
    if not window.is_open:
        text = _("%(unit)s: %(reason)s") % {"unit": unit.name, "reason": window.reason}
        reading.problems.append(Problem(text, table.sheet, row))
        return None
    reading.units.append(unit)
    return unit


def _read_sheet(
    table, letters: dict[str, str], context: _Context, reading: ScoreReading, *, kind: Kind, user
) -> None:
    unit = _sheet_unit(table, context, reading, kind=kind, user=user)
    if unit is None:
        return
    points_key, text_key = FIELDS[kind]
    seen: set[str] = set()
    for row in table.rows:
        reading.row_count += 1
        try:
            code = cell_code(row.values.get("code"), "code")
            if code in context.parents:
                continue  # sums, recomputed from the leaves
            leaf = context.leaves.get(code)
            if leaf is None:
                raise CellError(_("the set has no node %(code)s.") % {"code": code})
            if code in seen:
                raise CellError(_("the leaf %(code)s appears twice.") % {"code": code})
            seen.add(code)
            try:
                points = cell_decimal(row.values.get(points_key), points_key)
            except CellError as error:
                raise PointsError(str(error)) from None
            text = _text_value(row.values.get(text_key))
            change = _change(context, unit, leaf, points, text, kind)
        except PointsError as error:
            cell = f"{letters.get(points_key, '')}{row.number}"
            text = _("cell %(cell)s: %(problem)s") % {"cell": cell, "problem": error}
            reading.problems.append(Problem(text, table.sheet, row.number))
            continue
        except CellError as error:
            reading.problems.append(Problem(str(error), table.sheet, row.number))
            continue
        if change is None:
            reading.unchanged += 1
        else:
            reading.changes.append(change)


def _text_value(value: Any) -> str | None:
    return None if value is None else cell_text(value)


def _same_text(read: str, stored: str) -> bool:
    r"""The text read from a sheet is the stored one as the export wrote it and the sheet
    reads it back (a browser's "\r\n" as "\n", surrounding blanks dropped)."""
    return read == clean_value(read_back(stored))


def _change(
    context: _Context, unit: Unit, leaf: Criterion, points, text, kind: Kind
) -> Change | None:
    """The change a row asks for, None when it changes nothing, or CellError."""
    score = context.scores.get((unit.pk, leaf.pk))
    points_key, text_key = FIELDS[kind]
    old_points = getattr(score, points_key) if score else None
    old_text = getattr(score, text_key) if score else ""
    if points is not None and points == old_points:
        points = None
    if text is not None and _same_text(text, old_text):
        text = None
    if points is None and text is None:
        return None
    if not context.marks.applies(unit.pk, leaf):
        raise CellError(_("%(code)s does not apply to this unit.") % {"code": leaf.code})
    if kind == "self" and leaf.method == Method.SURVEY:
        raise CellError(
            _("%(code)s is a survey leaf: appraisers enter its points.") % {"code": leaf.code}
        )
    if points is not None:
        try:
            checked_points(points, leaf)
        except scoring.ScoringError as error:  # the form's check: range, decimals, the rule
            raise PointsError(f"{leaf.code}: {describe_problem(error)}") from None
    if kind == "appraised":
        new_points = points if points is not None else old_points
        own = score.self_points if score else None
        comment = text if text is not None else old_text
        if deduction_needs_reason(self_points=own, appraised_points=new_points, comment=comment):
            raise CellError(
                _(
                    "%(code)s: the appraised score is below the self-score; give the reason in "
                    "appraiser_comment."
                )
                % {"code": leaf.code}
            )
    return Change(unit=unit, leaf=leaf, score=score, points=points, text=text)
