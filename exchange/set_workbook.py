"""The index-set template: an .xlsx with one row per node, and the same file for any set.

Sheets: "set" (key / value), "targets", "classes", "criteria" (one row per node in tree
order), "adjustments" (bonus and deduction items), "exemptions" (units with an attribute
exempt from some nodes) and "guide" (what each column means; ignored on import). Header
keys are fixed English words so that a file exported in one language imports in the
other; the guide is in the language of the person downloading.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from cchc_tracker.spreadsheet_cells import append_row
from exchange.rule_cells import format_rule_cell
from indexes.models import (
    DECLARATION_FIELDS,
    WINDOW_FIELDS,
    IndexSet,
    Method,
    NodeKind,
    RuleType,
)
from units.models import UnitKind

SET_KEYS = (
    "code",
    "year",
    "name",
    "name_en",
    "unit_kinds",
    "legal_basis_number",
    "legal_basis_date",
    *WINDOW_FIELDS,
    *DECLARATION_FIELDS,
)
SET_FLAGS = ("may_exceed_max", "may_fall_below_zero")
SET_DATES = tuple(key for key in SET_KEYS if key.endswith(("_date", "_opens", "_closes")))
TARGET_COLUMNS = ("method", "pct")
CLASS_COLUMNS = ("code", "label", "label_en", "min_pct")
CRITERIA_COLUMNS = (
    "code",
    "name",
    "name_en",
    "max_points",
    "method",
    "rule",
    "parameters",
    "evidence_hint",
    "data_source",
    "kind",
    "min_points",
    "applies_to",
)
ADJUSTMENT_COLUMNS = ("code", "label", "label_en", "kind", "points", "cap")
EXEMPTION_COLUMNS = ("attribute", "name", "name_en", "nodes", "reason")
TEMPLATE_ROWS = 300  # rows formatted as text and offered drop-downs in a blank template
HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="EEF2F7")


def _guide_rows() -> list[tuple[str, str, str]]:
    kinds = ", ".join(UnitKind.values)
    return [
        ("set", "code", _("Unique code of the set, letters, digits and hyphens.")),
        ("set", "year", _("The year the set scores, e.g. 2025.")),
        ("set", "name / name_en", _("Name in Vietnamese / in English.")),
        (
            "set",
            "unit_kinds",
            _("Kinds of unit scored, separated by commas: %(kinds)s.") % {"kinds": kinds},
        ),
        ("set", "legal_basis_number / _date", _("Number and date of the decision.")),
        ("set", "…_opens / …_closes", _("Windows as dates (31/01/2025).")),
        ("set", "max_depth", _("3 levels (the default) or 4 (1.2.3.4).")),
        (
            "set",
            "optional_methods",
            _("Methods not every unit holds, e.g. survey (khuyến khích, không bắt buộc)."),
        ),
        (
            "set",
            "may_exceed_max / may_fall_below_zero",
            _("yes or no: bonus may lift a total above 100 %; deductions may take it below 0."),
        ),
        ("targets", "method / pct", _("Target per method (appraisal, survey, other) in % of max.")),
        ("classes", "code / label / min_pct", _("A class reached from min_pct % of max.")),
        ("criteria", "code", _("Dotted code: 3, 3.3, 3.3.1. Type it as text.")),
        ("criteria", "max_points", _("A node's max must equal the sum of its children's.")),
        ("criteria", "method", _("Leaves only: appraisal, survey or other. Empty on parents.")),
        ("criteria", "rule", _("Leaves only: %(types)s.") % {"types": ", ".join(RuleType.values)}),
        (
            "criteria",
            "parameters",
            _(
                "name = value pairs separated by “;”. levels: label = points; pct_bands: "
                "band = points, e.g. “trên 90 % = 2; từ 70 % đến 90 % = 1; dưới 70 % = 0” or "
                "“(90..100] = 2; [70..90] = 1; [0..70) = 0”; boolean: true_points = 1; count: "
                "per_item = 0,5; cap = 1; survey_weighted: A = 100; B = 60; proportional: empty."
            ),
        ),
        (
            "criteria",
            "parameters",
            _(
                "One per line. counts: numerator = …, denominator = …, floor = 50, "
                "bands = …; formula: expression = …, then name = label for each input; "
                "composite: combine = weighted, then code = label (20 %) for each component."
            ),
        ),
        (
            "criteria",
            "kind",
            _("normal (empty), bonus or deduction; children take their parent's."),
        ),
        ("criteria", "min_points", _("Deduction nodes only: the floor, e.g. -2 (max is 0).")),
        (
            "criteria",
            "applies_to",
            _("Kinds of unit the node applies to, separated by commas; empty: every kind."),
        ),
        ("criteria", "evidence_hint", _("Which documents prove the leaf.")),
        ("adjustments", "kind", _("bonus or deduction; points per application, cap per unit.")),
        (
            "exemptions",
            "attribute / nodes",
            _("Units with the attribute (code, name) are exempt from the nodes: 3, 7.3, 7.5."),
        ),
        ("", "", _("No formulas and no merged cells: the import refuses them.")),
    ]


def _sheet(workbook: Workbook, title: str, header: tuple[str, ...], rows: Sequence[Sequence[Any]]):
    sheet = workbook.create_sheet(title)
    append_row(sheet, header)
    for cell in sheet[1]:
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
    for row in rows:
        append_row(sheet, row)
    sheet.freeze_panes = "A2"
    return sheet


def _as_text(sheet, column: str, last_row: int) -> None:
    """Codes stay text (2.10 must not become the number 2.1)."""
    for row in range(2, last_row + 1):
        sheet[f"{column}{row}"].number_format = "@"


def _choices(sheet, column: str, values: list[str], last_row: int) -> None:
    validation = DataValidation(
        type="list", formula1='"' + ",".join(values) + '"', allow_blank=True
    )
    sheet.add_data_validation(validation)
    validation.add(f"{column}2:{column}{last_row}")


def index_set_workbook(index_set: IndexSet | None) -> Workbook:
    """The filled template for a set, or the blank template when `index_set` is None."""
    workbook = Workbook()
    workbook.remove(workbook.worksheets[0])  # the default sheet; ours follow in order
    set_rows = [[key, _set_value(index_set, key) if index_set else None] for key in SET_KEYS]
    _sheet(workbook, "set", ("key", "value"), set_rows)
    targets = list(index_set.targets.all()) if index_set else []
    _sheet(workbook, "targets", TARGET_COLUMNS, [[t.method, t.pct] for t in targets])
    classes = list(index_set.thresholds.order_by("-min_pct")) if index_set else []
    _sheet(
        workbook,
        "classes",
        CLASS_COLUMNS,
        [[c.code, c.label, c.label_en or None, c.min_pct] for c in classes],
    )
    nodes = list(index_set.criteria.order_by("sort_key")) if index_set else []
    criteria = _sheet(workbook, "criteria", CRITERIA_COLUMNS, [_node_row(node) for node in nodes])
    last = max(len(nodes) + 1, TEMPLATE_ROWS)
    _as_text(criteria, "A", last)
    _choices(criteria, "E", list(Method.values), last)
    _choices(criteria, "F", list(RuleType.values), last)
    for column, width in (("A", 10), ("B", 60), ("C", 30), ("G", 50), ("H", 40)):
        criteria.column_dimensions[column].width = width
    for row in criteria.iter_rows(min_row=2, max_row=len(nodes) + 1, min_col=7, max_col=7):
        row[0].alignment = Alignment(wrap_text=True)
    items = _adjustment_items(index_set)
    adjustments = _sheet(workbook, "adjustments", ADJUSTMENT_COLUMNS, items)
    _choices(adjustments, "D", ["bonus", "deduction"], TEMPLATE_ROWS)
    _sheet(workbook, "exemptions", EXEMPTION_COLUMNS, _exemption_rows(index_set))
    _choices(criteria, "J", list(NodeKind.values), last)
    guide = _sheet(workbook, "guide", ("sheet", "column", "meaning"), list(_guide_rows()))
    guide.column_dimensions["C"].width = 100
    return workbook


def _set_value(index_set: IndexSet, key: str) -> Any:
    if key == "unit_kinds":
        return ", ".join(index_set.unit_kinds)
    if key == "optional_methods":
        return ", ".join(index_set.optional_methods) or None
    if key in SET_FLAGS:
        return "yes" if getattr(index_set, key) else "no"
    value = getattr(index_set, key)
    return value if value not in ("", None) else None


def _node_row(node) -> list[Any]:
    return [
        node.code,
        node.name,
        node.name_en or None,
        node.max_points,
        node.method or None,
        node.rule_type or None,
        format_rule_cell(node.rule) or None,
        node.evidence_hint or None,
        node.data_source or None,
        node.kind if node.kind != NodeKind.NORMAL else None,
        node.min_points or None,
        ", ".join(node.kinds) or None,
    ]


def _exemption_rows(index_set: IndexSet | None) -> list[list[Any]]:
    if index_set is None:
        return []
    exemptions = index_set.tag_exemptions.select_related("tag").prefetch_related("nodes")
    return [
        [
            exemption.tag.code,
            exemption.tag.name,
            exemption.tag.name_en or None,
            ", ".join(
                node.code for node in sorted(exemption.nodes.all(), key=lambda n: n.sort_key)
            ),
            exemption.reason,
        ]
        for exemption in exemptions
    ]


def _adjustment_items(index_set: IndexSet | None) -> list[list[Any]]:
    items = getattr(index_set, "adjustment_items", None) if index_set else None
    if items is None:
        return []
    return [
        [item.code, item.label, item.label_en or None, item.kind, item.points, item.cap]
        for item in items.all()
    ]
