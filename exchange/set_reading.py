"""An index-set workbook read into the YAML importer's dict, each problem tied to its row.

The tree, rule and header checks are `indexes.importing.index_set_data_problems`, the same
that the YAML import runs, so the two imports cannot drift apart: this module only turns
rows into that dict and maps each problem's node code or key back to a sheet and row.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from exchange import set_workbook as layout
from exchange.rule_cells import parse_rule_cell
from exchange.rule_text import ParameterError, parse_number
from exchange.workbook import (
    Book,
    CellError,
    Problem,
    Row,
    Table,
    cell_code,
    cell_date,
    cell_decimal,
    cell_text,
    read_table,
)
from indexes.importing import CODE_PATTERN, index_set_data_problems


@dataclass
class SetReading:
    data: dict = field(default_factory=dict)  # the importer's shape
    adjustments: list[dict] = field(default_factory=list)  # bonus and deduction items
    problems: list[Problem] = field(default_factory=list)
    node_count: int = 0
    leaf_count: int = 0
    row_count: int = 0
    method_totals: dict[str, Decimal] = field(default_factory=dict)
    total_max: Decimal = Decimal(0)


def _number_value(value: Any, column: str) -> int | float:
    """A number cell in the kind YAML would give (whole numbers as int); text is parsed."""
    if value is None:
        raise CellError(_("%(column)s is empty.") % {"column": column})
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    cell_decimal(value, column)  # refuses dates, booleans and text that is not a number
    return parse_number(cell_text(value))


def read_index_set_workbook(workbook: Book) -> SetReading:
    reading = SetReading()
    missing = [
        name
        for name in ("set", "targets", "classes", "criteria")
        if name not in workbook.sheetnames
    ]
    if missing:
        text = _("the workbook lacks the sheet(s) %(sheets)s; start from the template.")
        reading.problems.append(Problem(text % {"sheets": ", ".join(missing)}))
        return reading
    tables: dict[str, Table] = {}
    specs = {
        "set": (("key", "value"), ("key", "value"), "key"),
        "targets": (layout.TARGET_COLUMNS, layout.TARGET_COLUMNS, "method"),
        "classes": (layout.CLASS_COLUMNS, ("code", "label", "min_pct"), "code"),
        "criteria": (layout.CRITERIA_COLUMNS, ("code", "name", "max_points"), "code"),
        "adjustments": (layout.ADJUSTMENT_COLUMNS, ("code", "label", "kind", "points"), "code"),
        "exemptions": (layout.EXEMPTION_COLUMNS, ("attribute", "nodes", "reason"), "attribute"),
    }
    for name, (columns, required, first) in specs.items():
        if name not in workbook.sheetnames:
            continue  # only "adjustments" and "exemptions" may be absent
        table, problems = read_table(
            workbook[name], columns=columns, required=required, first=first
        )
        reading.problems += problems
        if table is not None:  # else problems say why
            tables[name] = table
    if reading.problems:
        return reading
    reading.row_count = sum(len(table.rows) for table in tables.values())
    where_rows: dict[str, tuple[str, int]] = {}
    head = _read_head(tables["set"].rows, reading, where_rows)
    head["targets_pct"] = _read_targets(tables["targets"].rows, reading, where_rows)
    head["classification"] = _read_classes(tables["classes"].rows, reading, where_rows)
    fields = _read_criteria(tables["criteria"].rows, reading, where_rows)
    if tables.get("adjustments"):
        reading.adjustments = _read_adjustments(tables["adjustments"].rows, reading, where_rows)
        head["adjustments"] = reading.adjustments
    if tables.get("exemptions"):
        _read_exemptions(tables["exemptions"].rows, head, where_rows)
    reading.data = {"index_set": head, "fields": fields}
    if reading.problems:
        return reading  # the tree is checked once every cell can be read
    for problem in index_set_data_problems(reading.data):
        sheet, row = where_rows.get(problem.where, ("", None))
        if not sheet and problem.where.startswith("index_set"):
            sheet, row = "set", None
        text = problem.message if sheet else str(problem)
        reading.problems.append(Problem(text, sheet=sheet, row=row))
    return reading


def _read_head(rows: list[Row], reading: SetReading, where_rows: dict) -> dict:
    head: dict[str, Any] = {}
    values: dict[str, tuple[Any, int]] = {}
    for row in rows:
        key = cell_text(row.values.get("key")).strip().lower()
        if key not in layout.SET_KEYS:
            text = _("unknown key “%(key)s”; the keys are: %(keys)s.")
            reading.problems.append(
                Problem(text % {"key": key, "keys": ", ".join(layout.SET_KEYS)}, "set", row.number)
            )
            continue
        values[key] = (row.values.get("value"), row.number)
        where_rows[f"index_set.{key}"] = ("set", row.number)
    for alias, key in (("name_vi", "name"), ("unit_types", "unit_kinds")):
        if key in values:
            where_rows[f"index_set.{alias}"] = ("set", values[key][1])
    if "year" in values:
        where_rows["index_set.year"] = ("set", values["year"][1])
    try:
        head["code"] = cell_text(values.get("code", (None, 0))[0])
        year = values.get("year", (None, 0))[0]
        if isinstance(year, float) and year.is_integer():
            year = int(year)
        head["year"] = int(year) if isinstance(year, str) and year.isdigit() else year
        head["name_vi"] = cell_text(values.get("name", (None, 0))[0])
        head["name_en"] = cell_text(values.get("name_en", (None, 0))[0])
        head["unit_types"] = _listed(values.get("unit_kinds", (None, 0))[0])
        _read_declarations(values, head)
    except CellError as error:
        reading.problems.append(Problem(str(error), "set"))
    number = cell_text(values.get("legal_basis_number", (None, 0))[0])
    for key in layout.SET_DATES:
        raw, row_number = values.get(key, (None, 0))
        try:
            values[key] = (cell_date(raw, key), row_number)
        except CellError as error:
            reading.problems.append(Problem(str(error), "set", row_number))
            values[key] = (None, row_number)
    basis_date = values.get("legal_basis_date", (None, 0))[0]
    if number or basis_date:
        head["legal_basis"] = {"number": number, "date": basis_date}
        where_rows["index_set.legal_basis.date"] = (
            "set",
            values.get("legal_basis_date", (0, 0))[1],
        )
    for window in ("self_assessment", "appraisal", "explanation"):
        dates = {end: values.get(f"{window}_{end}", (None, 0)) for end in ("opens", "closes")}
        if any(value for value, _row in dates.values()):
            head[window] = {end: value for end, (value, _row) in dates.items()}
            where_rows[f"index_set.{window}"] = ("set", dates["opens"][1] or dates["closes"][1])
    return head


def _listed(value: Any) -> list[str]:
    """A cell listing words separated by commas (or ";")."""
    return [word.strip() for word in cell_text(value).replace(";", ",").split(",") if word.strip()]


YES, NO = ("yes", "true", "1", "có"), ("no", "false", "0", "không")


def _read_declarations(values: dict[str, tuple[Any, int]], head: dict) -> None:
    """Depth, optional methods and the two bounds; a value that cannot be read is passed on
    as it is, for the schema check to name."""
    depth = values.get("max_depth", (None, 0))[0]
    if depth is not None:
        head["max_depth"] = int(depth) if isinstance(depth, float) and depth.is_integer() else depth
        if isinstance(depth, str) and depth.strip().isdigit():
            head["max_depth"] = int(depth)
    if values.get("optional_methods", (None, 0))[0] is not None:
        head["optional_methods"] = _listed(values["optional_methods"][0])
    for key in layout.SET_FLAGS:
        flag = values.get(key, (None, 0))[0]
        if isinstance(flag, str) and flag.strip().lower() in YES + NO:
            flag = flag.strip().lower() in YES
        if flag is not None:
            head[key] = flag


def _read_exemptions(rows: list[Row], head: dict, where_rows: dict) -> None:
    """Each row declares a unit attribute and the nodes units carrying it are exempt from."""
    attributes: list[dict[str, str]] = []
    exemptions: list[dict[str, Any]] = []
    for index, row in enumerate(rows):
        values = row.values
        where_rows[f"index_set.exemptions[{index}]"] = ("exemptions", row.number)
        code = cell_text(values.get("attribute")).strip()
        if values.get("name") is not None:
            where_rows[f"index_set.unit_attributes[{len(attributes)}]"] = (
                "exemptions",
                row.number,
            )
            attribute = {"code": code, "name_vi": cell_text(values["name"]).strip()}
            if values.get("name_en") is not None:
                attribute["name_en"] = cell_text(values["name_en"]).strip()
            attributes.append(attribute)
        exemptions.append(
            {
                "attribute": code,
                "nodes": _listed(values.get("nodes")),
                "reason": cell_text(values.get("reason")).strip(),
            }
        )
    if attributes:
        head["unit_attributes"] = attributes
    head["exemptions"] = exemptions


def _read_targets(rows: list[Row], reading: SetReading, where_rows: dict) -> dict:
    targets: dict[str, Any] = {}
    for row in rows:
        method = cell_text(row.values.get("method"))
        where_rows[f"index_set.targets_pct.{method}"] = ("targets", row.number)
        if method in targets:
            text = _("the method “%(method)s” has two targets.") % {"method": method}
            reading.problems.append(Problem(text, "targets", row.number))
        try:
            targets[method] = _number_value(row.values.get("pct"), "pct")
        except (CellError, ParameterError) as error:
            reading.problems.append(Problem(str(error), "targets", row.number))
    return targets


def _read_classes(rows: list[Row], reading: SetReading, where_rows: dict) -> list[dict]:
    classes = []
    for index, row in enumerate(rows):
        where_rows[f"index_set.classification[{index}]"] = ("classes", row.number)
        try:
            classes.append(
                {
                    "code": cell_code(row.values.get("code"), "code"),
                    "label_vi": cell_text(row.values.get("label")),
                    "label_en": cell_text(row.values.get("label_en")),
                    "min_pct": _number_value(row.values.get("min_pct"), "min_pct"),
                }
            )
        except (CellError, ParameterError) as error:
            reading.problems.append(Problem(str(error), "classes", row.number))
    return classes


def _read_criteria(rows: list[Row], reading: SetReading, where_rows: dict) -> list[dict]:
    """Flat rows into the nested tree; a node's parent is its code without the last part."""
    nodes: dict[str, dict] = {}
    roots: list[dict] = []
    for row in rows:
        problem_count = len(reading.problems)
        node = _read_node(row, reading)
        if node is None or len(reading.problems) > problem_count:
            continue
        code = node["code"]
        if code in nodes:
            first = where_rows[code][1]
            text = _("the code %(code)s is already used in row %(row)s.")
            reading.problems.append(
                Problem(text % {"code": code, "row": first}, "criteria", row.number)
            )
            continue
        where_rows[code] = ("criteria", row.number)
        parent_code = code.rpartition(".")[0]
        if parent_code and parent_code not in nodes:
            text = _("its parent %(parent)s must come in an earlier row.")
            reading.problems.append(Problem(text % {"parent": parent_code}, "criteria", row.number))
            continue
        nodes[code] = node
        if parent_code:
            key = "criteria" if "." not in parent_code else "sub_criteria"
            nodes[parent_code].setdefault(key, []).append(node)
        else:
            roots.append(node)
    for node in nodes.values():
        reading.node_count += 1
        if "criteria" in node or "sub_criteria" in node:
            continue
        reading.leaf_count += 1
        if node.get("method"):
            points = Decimal(str(node["max"]))
            reading.method_totals[node["method"]] = (
                reading.method_totals.get(node["method"], Decimal(0)) + points
            )
    reading.total_max = sum((Decimal(str(node["max"])) for node in roots), Decimal(0))
    return roots


def _read_node(row: Row, reading: SetReading) -> dict | None:
    values = row.values
    try:
        code = cell_code(values.get("code"), "code")
        if not CODE_PATTERN.fullmatch(code):
            raise CellError(
                _("the code “%(code)s” is not in dotted form such as 3, 3.3 or 3.3.1.")
                % {"code": code}
            )
        node: dict[str, Any] = {
            "code": code,
            "name_vi": cell_text(values.get("name")),
            "max": _number_value(values.get("max_points"), "max_points"),
        }
        if values.get("name_en") is not None:
            node["name_en"] = cell_text(values["name_en"])
        for key in ("method", "evidence_hint", "data_source", "kind"):
            if values.get(key) is not None:
                node[key] = cell_text(values[key])
        if values.get("min_points") is not None:
            node["min"] = _number_value(values["min_points"], "min_points")
        if values.get("applies_to") is not None:
            node["applies_to"] = _listed(values["applies_to"])
        kind = cell_text(values.get("rule"))
        if kind:
            node["rule"] = parse_rule_cell(kind, cell_text(values.get("parameters")))
        elif values.get("parameters") is not None:
            raise CellError(_("parameters are given but no rule."))
    except (CellError, ParameterError) as error:
        reading.problems.append(Problem(str(error), "criteria", row.number))
        return None
    return node


def _read_adjustments(rows: list[Row], reading: SetReading, where_rows: dict) -> list[dict]:
    """Bonus and deduction items in the importer's shape; it checks codes, points and caps."""
    items = []
    for index, row in enumerate(rows):
        values = row.values
        where_rows[f"index_set.adjustments[{index}]"] = ("adjustments", row.number)
        try:
            item: dict[str, Any] = {
                "code": cell_code(values.get("code"), "code"),
                "label_vi": cell_text(values.get("label")),
                "label_en": cell_text(values.get("label_en")),
                "points": _number_value(values.get("points"), "points"),
            }
            if values.get("kind") is not None:
                item["kind"] = cell_text(values["kind"])
            if values.get("cap") is not None:
                item["cap"] = _number_value(values["cap"], "cap")
        except (CellError, ParameterError) as error:
            reading.problems.append(Problem(str(error), "adjustments", row.number))
            continue
        items.append(item)
    return items
