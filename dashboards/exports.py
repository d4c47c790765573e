"""Excel workbooks (openpyxl) of the ranking and of the full score matrix.

Headers are in the active language (Vietnamese by default); numbers are written as
numbers with two decimals; totals are the very values the pages show (computed once by
assessments.results), not re-added in Excel, so the file and the screen cannot disagree.
"""

from collections.abc import Iterable
from decimal import Decimal

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from assessments import counting
from assessments.models import Score
from cchc_tracker.spreadsheet_cells import append_row, new_cell, workbook_bytes
from dashboards.selectors.scope import Scope, is_judged
from dashboards.selectors.sets import SetResults
from dashboards.selectors.year import SetSection, YearPayload
from dashboards.templatetags.dashboard_tags import (
    basis_label,
    class_label,
    commitment_label,
    kind_label,
    method_label,
    status_text,
    workflow_label,
)
from indexes.applicability import applicability
from indexes.models import Criterion, IndexSet

POINTS_FORMAT = "0.00"
BOLD = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="EEF2F7")
NOT_APPLICABLE_FILL = PatternFill("solid", fgColor="E4E7EB")
HEADER_ROW = 4  # rows 1-2 say what the sheet is and which scores count


def _cell(sheet, value, *, bold=False, number=False, fill=None):
    cell = new_cell(sheet, value)
    if bold:
        cell.font = BOLD
    if number and isinstance(value, (Decimal, int, float)):
        cell.number_format = POINTS_FORMAT
    if fill is not None:
        cell.fill = fill
    return cell


def _header(sheet, titles: Iterable[str]) -> list:
    cells = []
    for title in titles:
        cell = _cell(sheet, title, bold=True, fill=HEADER_FILL)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        cells.append(cell)
    return cells


def _bases(scope: Scope) -> str:
    return "; ".join(f"{s.name}: {basis_label(basis)}" for s, basis in scope.bases)


def ranking_workbook(*, scope: Scope, payload: YearPayload) -> bytes:
    """One sheet per set of the scope: each set's units ranked among themselves, as on
    the page (two sets have two trees and class schemes, so never one list)."""
    workbook = Workbook(write_only=True)
    names: set[str] = set()
    for index_set, section in zip(scope.index_sets, payload.sections, strict=True):
        name = _("Ranking")
        if len(payload.sections) > 1:
            name = f"{name} – {', '.join(index_set.unit_kind_labels())}"
        name = _sheet_name(name, index_set.code, names)
        _ranking_sheet(workbook.create_sheet(name), scope, index_set, section)
    return workbook_bytes(workbook)


def _sheet_name(name: str, code: str, taken: set[str]) -> str:
    """At most 31 characters without those Excel refuses, and unique in the workbook."""
    name = "".join(" " if c in "[]:*?/\\" else c for c in name)[:31]
    if name in taken:
        name = code[:31]
    taken.add(name)
    return name


def _ranking_sheet(sheet, scope: Scope, index_set: IndexSet, section: SetSection) -> None:
    """The set's ranking; while its round is under way, the points so far but nothing
    judged (rank, met or missed, class, points short), as on the page."""
    judged = is_judged(index_set)
    sheet.freeze_panes = f"C{HEADER_ROW + 1}"
    widths = [7, 36, 22, 16, 12, 12, 12]
    methods = list(section.methods)
    titles = [
        _("Rank"), _("Unit"), _("Unit code"), _("Kind"),
        _("Total points"), _("Max points"), _("% of max"),
    ]  # fmt: skip
    for method in methods:
        label = method_label(method)
        titles += [
            _("%(method)s: %% of max") % {"method": label},
            _("%(method)s: target (%%)") % {"method": label},
            _("%(method)s: committed (%%)") % {"method": label},
            _("%(method)s: status") % {"method": label},
        ]
        widths += [12, 12, 12, 14]
    titles += [
        _("All targets of the city"), _("Classification"), _("Commitment"),
        _("Points short"), _("Submission"),
    ]  # fmt: skip
    widths += [14, 14, 16, 12, 18]
    for position, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(position)].width = width
    title = _("Administrative reform index %(year)s: ranking") % {"year": scope.year}
    append_row(sheet, [_cell(sheet, f"{title} ({index_set.name})", bold=True)])
    basis = f"{index_set.name}: {basis_label(counting.basis_for(index_set))}"
    append_row(sheet, [_("Scores that count: %(bases)s") % {"bases": basis}])
    append_row(sheet, [])
    append_row(sheet, _header(sheet, titles))
    for row in section.rows:
        values = [
            row.rank if judged else None, row.unit_name, row.unit_code,
            kind_label(row.unit_kind), row.points, row.max_points, row.pct,
        ]  # fmt: skip
        for method in methods:
            cell = row.methods.get(method)
            if cell is None:
                values += [None, None, None, ""]
                continue
            status = status_text(cell.reached) if judged else ""
            values += [cell.pct, cell.target_pct, cell.committed_pct, status]
        values += [
            status_text(row.all_targets_met) if judged else "",
            class_label(row.class_label, row.class_label_en) if judged else "",
            commitment_label(row.commitment_status),
            row.lacking if judged else None,
            workflow_label(row.workflow),
        ]
        append_row(sheet, [_cell(sheet, v, number=isinstance(v, Decimal)) for v in values])


def matrix_workbook(*, scope: Scope, results: list[SetResults]) -> bytes:
    """One sheet per set: a row per unit (ranking order), three columns per leaf (self,
    appraised, final), then the totals that count; a last sheet lists the leaves."""
    workbook = Workbook(write_only=True)
    legend = []
    for index_set, sr in zip(scope.index_sets, results, strict=True):
        legend.extend(_matrix_sheet(workbook, scope, index_set, sr))
    sheet = workbook.create_sheet(_("Criteria")[:31])
    titles = [_("Index set"), _("Code"), _("Criterion"), _("Method"), _("Max points")]
    append_row(sheet, _header(sheet, titles))
    for row in legend:
        append_row(sheet, [_cell(sheet, v, number=isinstance(v, Decimal)) for v in row])
    return workbook_bytes(workbook)


def _matrix_sheet(workbook: Workbook, scope: Scope, index_set: IndexSet, sr: SetResults) -> list:
    leaves = list(
        Criterion.objects.filter(index_set=index_set)
        .exclude(method="")
        .order_by("sort_key")
        .values_list("pk", "code", "name", "method", "max_points", "sort_key")
    )
    scores = {
        (unit_id, criterion_id): points
        for unit_id, criterion_id, *points in Score.objects.filter(criterion__index_set=index_set)
        .annotate(final=counting.counted_expression(counting.FINAL))
        .values_list("unit_id", "criterion_id", "self_points", "appraised_points", "final")
    }
    marks = applicability(index_set, [result.unit.pk for result in sr.results])
    sheet = workbook.create_sheet(index_set.code[:31])
    sheet.freeze_panes = f"C{HEADER_ROW + 1}"
    sheet.column_dimensions["B"].width = 36
    title = f"{index_set.name} — {_('all scores')}"
    append_row(sheet, [_cell(sheet, title, bold=True)])
    append_row(sheet, [_("Scores that count: %(bases)s") % {"bases": _bases(scope)}])
    append_row(sheet, [])
    titles = [_("Unit code"), _("Unit")]
    for _pk, code, _name, _method, _max, _key in leaves:
        titles += [
            _("%(code)s self-score") % {"code": code},
            _("%(code)s appraised") % {"code": code},
            _("%(code)s final") % {"code": code},
        ]
    titles += [
        _("Total points (%(basis)s)") % {"basis": basis_label(sr.basis)},
        _("Max points that apply"), _("% of max"), _("Classification"), _("Rank"),
    ]  # fmt: skip
    append_row(sheet, _header(sheet, titles))
    not_applicable = _("n/a")
    labels = {c.code: (c.label, c.label_en) for c in sr.classes}
    for result in sr.results:
        unit = result.unit
        values = [_cell(sheet, unit.code), _cell(sheet, unit.name)]
        for pk, _code, _name, _method, _max, key in leaves:
            if not marks.applies(unit.pk, key):
                values += [_cell(sheet, not_applicable, fill=NOT_APPLICABLE_FILL)] * 3
                continue
            points = scores.get((unit.pk, pk), (None, None, None))
            values += [_cell(sheet, v, number=True) for v in points]
        code = result.classification.code if result.classification else ""
        values += [
            _cell(sheet, result.rollup.total.points, number=True),
            _cell(sheet, result.rollup.total.max_points, number=True),
            _cell(sheet, result.pct, number=True),
            _cell(sheet, class_label(*labels.get(code, ("", "")))),
            _cell(sheet, result.rank),
        ]
        append_row(sheet, values)
    return [
        [index_set.code, code, name, method_label(method), max_points]
        for _pk, code, name, method, max_points, _key in leaves
    ]
