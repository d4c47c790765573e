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

from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import groupby
from operator import itemgetter
from typing import Any, NamedTuple

from django.utils.translation import gettext as _
from openpyxl.styles import Font, PatternFill

from assessments.counting import FINAL, counted_points
from assessments.models import Score
from assessments.results import UnitResult
from cchc_tracker.sheet_stream import RowHead, is_streamed
from cchc_tracker.spreadsheet_cells import append_row, row_head, styled_cell
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
SCORE_CHUNK = 5000  # score rows fetched at a time by the year workbook


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


class ScoreLine(NamedTuple):
    """What a unit sheet shows of one score: read as plain values, not as Score objects,
    so that a year of a province's scores (100,000 rows) stays small in memory."""

    self_points: Decimal | None
    explanation: str
    appraised_points: Decimal | None
    appraiser_comment: str

    @property
    def final_points(self) -> Decimal | None:
        return counted_points(self, FINAL)  # the one rule, as Score.final_points has it


SCORE_LINE_FIELDS = ("unit_id", "criterion_id", *ScoreLine._fields)


@dataclass
class SetScores:
    """Everything a set's unit sheets need, read in a fixed number of queries."""

    index_set: IndexSet
    nodes: list[Criterion]
    scores: dict[tuple[int, int], ScoreLine] = field(default_factory=dict)  # (unit, criterion)
    marks: Applicability = field(default_factory=Applicability)
    _method_labels: dict[str, str] = field(default_factory=dict)
    _leaf_chains: list[tuple[Criterion, tuple[int, ...]]] | None = None
    # Each node's first cells by (node id, reason it does not apply), for streamed sheets.
    row_heads: dict[tuple[int, str | None], RowHead] = field(default_factory=dict)

    def leaf_chains(self) -> list[tuple[Criterion, tuple[int, ...]]]:
        """Each leaf with the ids of itself and every node above it, worked out once."""
        if self._leaf_chains is None:
            parents = {node.id: node.parent_id for node in self.nodes}
            chains = []
            for node in self.nodes:
                if not node.method:
                    continue
                chain: list[int] = []
                current: int | None = node.id
                while current is not None:
                    chain.append(current)
                    current = parents.get(current)
                chains.append((node, tuple(chain)))
            self._leaf_chains = chains
        return self._leaf_chains

    def method_label(self, node: Criterion) -> str | None:
        """The node's method in words, translated once per set rather than once per cell."""
        if not node.method:
            return None
        if node.method not in self._method_labels:
            self._method_labels[node.method] = str(node.get_method_display())
        return self._method_labels[node.method]


def set_scores(index_set: IndexSet, unit_ids: list[int], *, with_scores: bool = True) -> SetScores:
    """The set's nodes and the units' marks; their scores too unless `with_scores` is
    False (the year workbook streams them a unit at a time: `scores_by_unit`)."""
    nodes = list(index_set.criteria.order_by("sort_key"))
    data = SetScores(index_set=index_set, nodes=nodes)
    if with_scores:
        for unit_id, lines in scores_by_unit(index_set, unit_ids):
            data.scores.update(
                ((unit_id, criterion_id), line) for criterion_id, line in lines.items()
            )
    data.marks = applicability(index_set, unit_ids)
    return data


def scores_by_unit(
    index_set: IndexSet, unit_ids: list[int]
) -> Iterator[tuple[int, dict[int, ScoreLine]]]:
    """(unit id, its scores by criterion id) for each unit with scores, in unit id order,
    read from one query in chunks: memory holds one chunk, not the whole set."""
    rows = (
        Score.objects.filter(criterion__index_set=index_set, unit_id__in=unit_ids)
        .order_by("unit_id", "criterion_id")
        .values_list(*SCORE_LINE_FIELDS)
        .iterator(chunk_size=SCORE_CHUNK)
    )
    for unit_id, unit_rows in groupby(rows, key=itemgetter(0)):
        yield unit_id, {row[1]: ScoreLine(*row[2:]) for row in unit_rows}


def _sums(
    data: SetScores, unit: Unit, reasons: dict[int, str | None], finals: dict[int, Decimal | None]
) -> dict[int, list[Decimal | None]]:
    """Per node: applicable max and the sums of self, appraised and final points."""
    sums: dict[int, list[Decimal | None]] = {}
    unit_id = unit.pk
    for node, chain in data.leaf_chains():
        if reasons[node.id] is not None:
            continue  # does not apply to the unit
        score = data.scores.get((unit_id, node.id))
        values = (
            node.max_points,
            score.self_points if score else None,
            score.appraised_points if score else None,
            finals.get(node.id),
        )
        for current in chain:  # the leaf and every node above it
            total = sums.get(current)
            if total is None:
                total = sums[current] = [None, None, None, None]
            for position, value in enumerate(values):
                if value is not None:
                    total[position] = (total[position] or Decimal(0)) + value
    return sums


def write_unit_sheet(
    sheet,
    *,
    data: SetScores,
    unit: Unit,
    result: UnitResult | None = None,
    show_rank: bool = True,
) -> None:
    """The unit's sheet, in a plain or a write-only workbook: every row and style is
    known before the first row is written, as a write-only (streamed) sheet needs.

    A year's workbook writes 1,000 of these (140,000 rows): each node's facts are read
    once per set, each reason and final score once per node, and styles are copied from
    the workbook's first styled cell of each kind (`styled_cell`)."""
    index_set = data.index_set
    top: list[list[Any]] = [
        ["unit", unit.code, unit.name],
        ["index_set", index_set.code, index_set.name],
        ["year", index_set.year],
    ]
    if result is not None:
        total = result.rollup.total
        adjustment = getattr(result, "adjustment_points", None)
        top.append([_("Total points"), total.points, _("of"), total.max_points])
        if adjustment:
            top.append([_("of which adjustments"), adjustment])
        top.append([_("% of max"), total.pct])
        label = result.classification.label if result.classification else ""
        rank = [_("Rank"), result.rank] if show_rank else []
        top.append([_("Classification"), label, *rank])
    labels = column_labels()
    # People read this row; the import reads the keys below it ("#" keeps column A from
    # reading "code" in English, which would make this the header).
    headers = [["#", *[labels[key] for key in SCORE_COLUMNS[1:]]], list(SCORE_COLUMNS)]
    sheet.freeze_panes = f"C{len(top) + len(headers) + 1}"  # the first node's row, column C
    for column, width in (("A", 10), ("B", 60), ("G", 40), ("I", 40)):
        sheet.column_dimensions[column].width = width
    for row in top:
        append_row(sheet, row)
    for row in headers:
        append_row(sheet, [styled_cell(sheet, value, font=BOLD, fill=HEADER_FILL) for value in row])
    unit_id = unit.pk
    # Where a node does not apply, the cell says why ("Đơn vị không có TTHC").
    reasons = {node.id: data.marks.reason_for(unit_id, node) for node in data.nodes}
    finals = {}
    for node, _chain in data.leaf_chains():
        score = data.scores.get((unit_id, node.id))
        if score is not None:
            finals[node.id] = score.final_points
    sums = _sums(data, unit, reasons, finals)
    # A node's first five cells are the same on every unit's sheet where its reason is:
    # made once per set on a streamed sheet (the year workbook), once per row elsewhere.
    heads = data.row_heads if is_streamed(sheet) else {}
    for node in data.nodes:
        why_not = reasons[node.id]
        head = heads.get((node.id, why_not))
        if head is None:
            head = heads[(node.id, why_not)] = _row_head(sheet, data, node, why_not)
        tail: list[Any] = _score_cells(data, unit, node, finals, sums.get(node.id))
        if node.depth == 1:
            tail = [styled_cell(sheet, value, font=BOLD) for value in tail]
        append_row(sheet, [head, *tail])


def _row_head(sheet, data: SetScores, node: Criterion, why_not: str | None) -> RowHead:
    """The node's code, name, method, max points and why it does not apply (columns A–E)."""
    bold = BOLD if node.depth == 1 else None
    code = styled_cell(sheet, node.code, font=bold, number_format="@")
    rest: list[Any] = [node.name, data.method_label(node), node.max_points, why_not]
    if bold is not None:
        rest = [styled_cell(sheet, value, font=BOLD) for value in rest]
    return row_head(sheet, [code, *rest])


def _score_cells(
    data: SetScores,
    unit: Unit,
    node: Criterion,
    finals: dict[int, Decimal | None],
    sums: list[Decimal | None] | None,
) -> list[Any]:
    """The node's scores (columns F–J): a leaf's own, the sums of a parent's leaves."""
    if node.method:
        score = data.scores.get((unit.pk, node.id))
        if score is None:
            return [None, None, None, None, None]
        return [
            score.self_points,
            score.explanation or None,
            score.appraised_points,
            score.appraiser_comment or None,
            finals.get(node.id),
        ]
    if sums is None:
        return [None, None, None, None, None]
    return [sums[1], None, sums[2], None, sums[3]]


def sheet_title(unit: Unit, taken: set[str]) -> str:
    """Excel allows 31 characters and no []:*?/\\ in a sheet name; names must be unique."""
    base = "".join(ch for ch in unit.code if ch not in "[]:*?/\\")[:31] or "unit"
    title, n = base, 2
    while title.lower() in taken:
        suffix = f"-{n}"
        title, n = base[: 31 - len(suffix)] + suffix, n + 1
    taken.add(title.lower())
    return title
