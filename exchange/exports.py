"""Workbooks and JSON taken out of the app: a unit's scores, a whole year, a published year.

Numbers are written as numbers (Excel shows them in its own locale); every figure is the
one the screens show, from `assessments.results`. A year costs a fixed number of queries per
index set of that year, whatever the number of units or leaves.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill

from assessments import counting
from assessments.membership import index_set_units
from assessments.results import UnitResult, index_set_results
from cchc_tracker.sheet_stream import stream_sheet
from cchc_tracker.spreadsheet_cells import append_row, new_cell, workbook_bytes
from exchange.score_sheets import (
    SetScores,
    scores_by_unit,
    set_scores,
    sheet_title,
    write_unit_sheet,
)
from indexes.models import IndexSet, NodeKind, Phase
from units.models import Unit

PUBLISHED = (Phase.PUBLISHED, Phase.CLOSED)
# 2: the set's max_depth, optional_methods, may_exceed_max, may_fall_below_zero and each
# field's kind (normal, bonus, deduction) were added; nothing of version 1 changed.
JSON_FORMAT_VERSION = 2


def year_sets(year: int) -> QuerySet[IndexSet]:
    return IndexSet.objects.filter(year=year).prefetch_related("targets", "thresholds")


def unit_scores_workbook(index_set: IndexSet, unit: Unit) -> Workbook:
    """The unit's sheet alone: what an official fills in offline and imports back."""
    workbook = Workbook()
    sheet = workbook.worksheets[0]  # the one sheet of a new workbook
    sheet.title = sheet_title(unit, set())
    results = index_set_results(index_set=index_set, units=Unit.objects.filter(pk=unit.pk))
    data = set_scores(index_set, [unit.pk])
    # Ranked among itself only here, so the rank is left out rather than shown as 1.
    write_unit_sheet(
        sheet, data=data, unit=unit, result=results[0] if results else None, show_rank=False
    )
    return workbook


SUMMARY_HEADER = (
    "index_set",
    "unit",
    "unit_name",
    "kind",
    "parent",
    "points",
    "adjustments",
    "max_points",
    "pct",
    "classification",
    "rank",
    "all_targets_met",
)


def _summary_labels() -> list[str]:
    return [
        _("Index set"),
        _("Unit code"),
        _("Unit"),
        _("Kind"),
        _("Parent unit"),
        _("Total points"),
        _("of which adjustments"),
        _("Max points"),
        _("% of max"),
        _("Classification"),
        _("Rank"),
        _("All targets met"),
    ]


def year_workbook(year: int) -> tuple[bytes, int]:
    """A summary sheet, then one sheet per unit and set: the .xlsx bytes and the number of
    unit sheets.

    Written in openpyxl's write-only mode: each unit's sheet is compressed into the
    workbook's zip as its scores come (one query per set, read in chunks, in unit
    order) and is closed at once, so memory holds one unit's rows and the results, not
    a province's 1.2 million cells. The sheets are created first, in ranking order, and
    filled as the scores come; their rows go straight to XML (cchc_tracker/sheet_stream.py).
    """
    workbook = Workbook(write_only=True)
    summary = stream_sheet(workbook, _("Summary")[:31])
    summary.freeze_panes = "A3"
    summary.column_dimensions["C"].width = 40
    title = new_cell(summary, _("Results of %(year)s") % {"year": year})
    title.font = Font(bold=True, size=13)
    append_row(summary, [title])
    labels = [new_cell(summary, label) for label in _summary_labels()]
    for cell in labels:
        cell.font, cell.fill = Font(bold=True), PatternFill("solid", fgColor="EEF2F7")
    append_row(summary, labels)
    taken = {summary.title.lower()}
    count = 0
    for index_set in year_sets(year):
        units = index_set_units(index_set).select_related("parent")
        results = index_set_results(index_set=index_set, units=units)
        unit_ids = [result.unit.pk for result in results]
        data = set_scores(index_set, unit_ids, with_scores=False)
        basis = _basis_label(index_set)
        sheets = {}
        for result in results:
            append_row(summary, _summary_row(index_set, result, basis))
            name = sheet_title(result.unit, taken)
            # Each is written whole and closed at once (_unit_sheet): straight to the zip.
            sheets[result.unit.pk] = stream_sheet(workbook, name, straight_to_archive=True)
        by_unit = {result.unit.pk: result for result in results}
        written = set()
        for unit_id, lines in scores_by_unit(index_set, unit_ids):
            _unit_sheet(sheets[unit_id], data, by_unit[unit_id], lines)
            written.add(unit_id)
        for result in results:  # units without a single score
            if result.unit.pk not in written:
                _unit_sheet(sheets[result.unit.pk], data, result, {})
        count += len(results)
    return workbook_bytes(workbook), count


def _unit_sheet(sheet, data: SetScores, result: UnitResult, lines: dict) -> None:
    data.scores = {(result.unit.pk, criterion_id): line for criterion_id, line in lines.items()}
    write_unit_sheet(sheet, data=data, unit=result.unit, result=result)
    sheet.close()  # its rows to the temporary file now: one sheet open at a time


def _basis_label(index_set: IndexSet) -> str:
    return str(counting.LABELS[counting.basis_for(index_set)]).lower()


def _summary_row(index_set: IndexSet, result: UnitResult, basis: str) -> list[Any]:
    unit, total = result.unit, result.rollup.total
    return [
        index_set.code,
        unit.code,
        unit.name,
        unit.get_kind_display(),
        unit.parent.name if unit.parent_id and unit.parent else "",
        total.points,
        getattr(result, "adjustment_points", Decimal(0)),
        total.max_points,
        total.pct,
        result.classification.label if result.classification else "",
        result.rank,
        _("yes") if result.all_targets_met else _("no"),
    ]


# --- JSON ------------------------------------------------------------------------------


def _number(value: Decimal | None) -> float | None:
    """Two-place decimals as JSON numbers; consumers get 86.98, not "86.98"."""
    return None if value is None else float(value)


def _totals(totals) -> dict[str, float | None]:
    return {
        "points": _number(totals.points),
        "max_points": _number(totals.max_points),
        "pct": _number(totals.pct),
    }


def published_year_json(year: int) -> dict[str, Any] | None:
    """The published results of a year (None when nothing of that year is published)."""
    sets = list(year_sets(year).filter(phase__in=PUBLISHED))
    if not sets:
        return None
    return {
        "format": "cchc-tracker/published-year",
        "version": JSON_FORMAT_VERSION,
        "year": year,
        "generated_at": timezone.now().isoformat(timespec="seconds"),
        "index_sets": [_set_json(index_set) for index_set in sets],
    }


def _set_json(index_set: IndexSet) -> dict[str, Any]:
    fields = list(index_set.criteria.filter(depth=1).order_by("sort_key"))
    units = index_set_units(index_set).select_related("parent")
    results = index_set_results(index_set=index_set, units=units, basis="final")
    return {
        "code": index_set.code,
        "name": index_set.name,
        "name_en": index_set.name_en,
        "unit_kinds": index_set.unit_kinds,
        "published_on": index_set.published_on.isoformat() if index_set.published_on else None,
        "legal_basis": {
            "number": index_set.legal_basis_number,
            "date": index_set.legal_basis_date.isoformat() if index_set.legal_basis_date else None,
        },
        "max_points": _number(
            sum((f.max_points for f in fields if f.kind == NodeKind.NORMAL), Decimal(0))
        ),
        "max_depth": index_set.max_depth,
        "optional_methods": list(index_set.optional_methods),
        "may_exceed_max": index_set.may_exceed_max,
        "may_fall_below_zero": index_set.may_fall_below_zero,
        "fields": [
            {
                "code": f.code,
                "name": f.name,
                "name_en": f.name_en,
                "kind": f.kind,
                "max_points": _number(f.max_points),
            }
            for f in fields
        ],
        "targets": {t.method: _number(t.pct) for t in index_set.targets.all()},
        "classification": [
            {
                "code": t.code,
                "label": t.label,
                "label_en": t.label_en,
                "min_pct": _number(t.min_pct),
            }
            for t in index_set.thresholds.all()
        ],
        "results": [_result_json(result) for result in results],
    }


def _result_json(result: UnitResult) -> dict[str, Any]:
    unit = result.unit
    return {
        "unit": {
            "code": unit.code,
            "name": unit.name,
            "kind": unit.kind,
            "parent": unit.parent.code if unit.parent_id and unit.parent else None,
            "valid_from": unit.valid_from.isoformat() if unit.valid_from else None,
            "valid_to": unit.valid_to.isoformat() if unit.valid_to else None,
        },
        "rank": result.rank,
        "classification": result.classification.code if result.classification else None,
        **_totals(result.rollup.total),
        "adjustment_points": _number(getattr(result, "adjustment_points", Decimal(0))),
        "all_targets_met": result.all_targets_met,
        "by_field": {code: _totals(t) for code, t in result.rollup.by_field.items()},
        "by_method": {
            method: {
                **_totals(totals),
                "target_pct": _number(result.targets[method].target_pct)
                if method in result.targets
                else None,
                "met": result.targets[method].met if method in result.targets else None,
            }
            for method, totals in result.rollup.by_method.items()
        },
    }


def units_workbook() -> tuple[Workbook, int]:
    """Every unit with its validity, parent, predecessors, successors and attributes (tag
    codes, comma-separated) — the overview's table."""
    units = list(
        Unit.objects.select_related("parent")
        .prefetch_related("predecessors", "successors", "tags")
        .order_by("kind", "sort_order", "name")
    )
    workbook = Workbook()
    sheet = workbook.worksheets[0]  # the one sheet of a new workbook
    sheet.title = _("Units")[:31]
    append_row(
        sheet,
        [
            _("Code"),
            _("Unit"),
            _("Kind"),
            _("Parent unit"),
            _("Valid from"),
            _("Valid to"),
            _("Predecessors"),
            _("Successors"),
            _("Attributes"),
        ],
    )
    for cell in sheet[1]:
        cell.font, cell.fill = Font(bold=True), PatternFill("solid", fgColor="EEF2F7")
    for unit in units:
        append_row(
            sheet,
            [
                unit.code,
                unit.name,
                unit.get_kind_display(),
                unit.parent.code if unit.parent else None,
                unit.valid_from,
                unit.valid_to,
                ", ".join(other.code for other in unit.predecessors.all()) or None,
                ", ".join(other.code for other in unit.successors.all()) or None,
                ", ".join(tag.code for tag in unit.tags.all()) or None,
            ],
        )
    sheet.freeze_panes = "A2"
    sheet.column_dimensions["B"].width = 40
    return workbook, len(units)
