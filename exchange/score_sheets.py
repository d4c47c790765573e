"""One sheet per unit with its scores on every node of a set: the export and the import shape.

    A1 unit       | phuong-1  | Phường 1
    A2 index_set  | xa-2024   | Bộ chỉ số …
    A3 year       | 2024
    A4 …          (totals: points, max, %, class, rank — for people; ignored on import)
    header row    code | name | method | max_points | not_applicable | self_points | …
    one row per node in tree order; parents carry the sums of their applicable leaves.

The reads are done once per set (nodes, scores, not-applicable marks), never per unit, so an
export of 130 units costs the same number of queries as one of 3.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from openpyxl.styles import Font, PatternFill

from assessments.models import Score
from assessments.results import UnitResult
from cchc_tracker.spreadsheet_cells import append_row
from indexes.applicability import Applicability, applicability
from indexes.models import Criterion, IndexSet
from units.models import Unit

SCORE_COLUMNS = (
    "code",
    "name",
    "method",
    "max_points",
    "not_applicable",
    "self_points",
    "explanation",
    "appraised_points",
    "appraiser_comment",
    "final_points",
)
HEADER_FILL = PatternFill("solid", fgColor="EEF2F7")
BOLD = Font(bold=True)


def column_labels() -> dict[str, str]:
    return {
        "code": _("Code"),
        "name": _("Criterion"),
        "method": _("Method"),
        "max_points": _("Max points"),
        "not_applicable": _("Not applicable"),
        "self_points": _("Self-score"),
        "explanation": _("Explanation"),
        "appraised_points": _("Appraised score"),
        "appraiser_comment": _("Appraiser's comment"),
        "final_points": _("Final score"),
    }


@dataclass
class SetScores:
    """Everything a set's unit sheets need, read in a fixed number of queries."""

    index_set: IndexSet
    nodes: list[Criterion]
    scores: dict[tuple[int, int], Score] = field(default_factory=dict)  # (unit, criterion)
    marks: Applicability = field(default_factory=Applicability)


def set_scores(index_set: IndexSet, unit_ids: list[int]) -> SetScores:
    nodes = list(index_set.criteria.order_by("sort_key"))
    data = SetScores(index_set=index_set, nodes=nodes)
    for score in Score.objects.filter(criterion__index_set=index_set, unit_id__in=unit_ids):
        data.scores[(score.unit_id, score.criterion_id)] = score
    data.marks = applicability(index_set, unit_ids)
    return data


def _sums(data: SetScores, unit: Unit) -> dict[int, dict[str, Decimal | None]]:
    """Per node: applicable max and the sums of self, appraised and final points."""
    parents = {node.pk: node.parent_id for node in data.nodes}
    sums: dict[int, dict[str, Decimal | None]] = {}
    for node in data.nodes:
        if not node.method or not data.marks.applies(unit.pk, node):
            continue
        score = data.scores.get((unit.pk, node.pk))
        values = {
            "max_points": node.max_points,
            "self_points": score.self_points if score else None,
            "appraised_points": score.appraised_points if score else None,
            "final_points": score.final_points if score else None,
        }
        current: int | None = node.pk
        while current is not None:
            total = sums.setdefault(current, dict.fromkeys(values))
            for key, value in values.items():
                if value is not None:
                    total[key] = (total[key] or Decimal(0)) + value
            current = parents.get(current)
    return sums


def write_unit_sheet(
    sheet,
    *,
    data: SetScores,
    unit: Unit,
    result: UnitResult | None = None,
    show_rank: bool = True,
) -> None:
    index_set = data.index_set
    append_row(sheet, ["unit", unit.code, unit.name])
    append_row(sheet, ["index_set", index_set.code, index_set.name])
    append_row(sheet, ["year", index_set.year])
    if result is not None:
        total = result.rollup.total
        adjustment = getattr(result, "adjustment_points", None)
        append_row(sheet, [_("Total points"), total.points, _("of"), total.max_points])
        if adjustment:
            append_row(sheet, [_("of which adjustments"), adjustment])
        append_row(sheet, [_("% of max"), total.pct])
        label = result.classification.label if result.classification else ""
        rank = [_("Rank"), result.rank] if show_rank else []
        append_row(sheet, [_("Classification"), label, *rank])
    labels = column_labels()
    # People read this row; the import reads the keys below it ("#" keeps column A from
    # reading "code" in English, which would make this the header).
    append_row(sheet, ["#", *[labels[key] for key in SCORE_COLUMNS[1:]]])
    append_row(sheet, list(SCORE_COLUMNS))
    for row in (sheet.max_row - 1, sheet.max_row):
        for cell in sheet[row]:
            cell.font, cell.fill = BOLD, HEADER_FILL
    sums = _sums(data, unit)
    for node in data.nodes:
        append_row(sheet, _node_row(data, unit, node, sums.get(node.pk, {})))
        if node.depth == 1:
            for cell in sheet[sheet.max_row]:
                cell.font = BOLD
        sheet.cell(sheet.max_row, 1).number_format = "@"
    sheet.freeze_panes = sheet.cell(sheet.max_row - len(data.nodes) + 1, 3)
    for column, width in (("A", 10), ("B", 60), ("G", 40), ("I", 40)):
        sheet.column_dimensions[column].width = width


def _node_row(data: SetScores, unit: Unit, node: Criterion, sums: dict) -> list[Any]:
    # Where the node does not apply, the cell says why ("Đơn vị không có TTHC").
    why_not = data.marks.reason_for(unit.pk, node)
    row: dict[str, Any] = {
        "code": node.code,
        "name": node.name,
        "method": node.get_method_display() if node.method else None,
        "max_points": node.max_points,
        "not_applicable": why_not,
    }
    if node.method:
        score = data.scores.get((unit.pk, node.pk))
        if score is not None:
            row.update(
                self_points=score.self_points,
                explanation=score.explanation or None,
                appraised_points=score.appraised_points,
                appraiser_comment=score.appraiser_comment or None,
                final_points=score.final_points,
            )
    else:
        row.update(
            self_points=sums.get("self_points"),
            appraised_points=sums.get("appraised_points"),
            final_points=sums.get("final_points"),
        )
    return [row.get(key) for key in SCORE_COLUMNS]


def sheet_title(unit: Unit, taken: set[str]) -> str:
    """Excel allows 31 characters and no []:*?/\\ in a sheet name; names must be unique."""
    base = "".join(ch for ch in unit.code if ch not in "[]:*?/\\")[:31] or "unit"
    title, n = base, 2
    while title.lower() in taken:
        suffix = f"-{n}"
        title, n = base[: 31 - len(suffix)] + suffix, n + 1
    taken.add(title.lower())
    return title
