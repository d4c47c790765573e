"""Every problem of an index-set file: its header, its tree and the totals it declares."""

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from indexes.importing.declarations import declaration_problems
from indexes.importing.shape import schema_problems
from indexes.importing.tree import Node, node_problems, read_nodes, tree_problems, walk
from indexes.importing.values import (
    WINDOWS,
    ImportProblem,
    Invalid,
    date_of,
    decimal_of,
    percent_of,
    plain,
    text_limit,
    text_of,
    two_places,
)
from indexes.models import AdjustmentItem, AdjustmentKind, IndexSet, Method, NodeKind, Phase
from units.models import UnitKind

ADJUSTMENT_CODE_MAX_LENGTH = text_limit(AdjustmentItem, "code")


def _unit_kinds(head: Mapping, problems: list[ImportProblem]) -> list[str]:
    has_one, has_many = "unit_type" in head, "unit_types" in head
    if has_one and has_many:
        message = _('Give "unit_type" or "unit_types", not both.')
        problems.append(ImportProblem("index_set.unit_types", message))
        return []
    if not has_one and not has_many:
        message = _('Say which kind of unit the set scores ("unit_type" or "unit_types").')
        problems.append(ImportProblem("index_set.unit_type", message))
        return []
    key = "unit_type" if has_one else "unit_types"
    kinds = [head[key]] if has_one else head[key]
    if not isinstance(kinds, list) or not kinds:
        message = _("Give a list of kinds of unit, e.g. [ward, commune].")
        problems.append(ImportProblem(f"index_set.{key}", message))
        return []
    known = ", ".join(UnitKind.values)
    for kind in kinds:
        if kind not in UnitKind.values:
            message = _('Unknown kind of unit "{kind}"; use one of: {known}.')
            problems.append(
                ImportProblem(f"index_set.{key}", message.format(kind=kind, known=known))
            )
    return [str(kind) for kind in kinds]


def _header_problems(head: Mapping) -> list[ImportProblem]:
    problems: list[ImportProblem] = []
    code = head.get("code")
    if not isinstance(code, str) or not code.strip():
        problems.append(ImportProblem("index_set.code", _("The set has no code.")))
    else:
        try:
            IndexSet._meta.get_field("code").run_validators(code.strip())
        except ValidationError as error:
            for message in error.messages:
                problems.append(ImportProblem("index_set.code", message))
        if len(code.strip()) > text_limit(IndexSet, "code"):
            problems.append(ImportProblem("index_set.code", _("The code is too long.")))
    if not text_of(head.get("name_vi", head.get("name"))):
        problems.append(ImportProblem("index_set.name_vi", _('The set has no name ("name_vi").')))
    year = head.get("year")
    if not isinstance(year, int) or isinstance(year, bool) or not 2000 <= year <= 2100:
        message = _("The year must be a whole number from 2000 to 2100, not {value}.")
        problems.append(ImportProblem("index_set.year", message.format(value=year)))
    _unit_kinds(head, problems)
    if "phase" in head and head["phase"] not in Phase.values:
        message = _('Unknown phase "{phase}"; use one of: {known}.')
        problems.append(
            ImportProblem(
                "index_set.phase",
                message.format(phase=head["phase"], known=", ".join(Phase.values)),
            )
        )
    problems += _dates_problems(head)
    problems += _targets_problems(head.get("targets_pct"))
    problems += _classification_problems(head.get("classification"))
    problems += _adjustments_problems(head.get("adjustments"))
    return problems


def _dates_problems(head: Mapping) -> list[ImportProblem]:
    problems: list[ImportProblem] = []
    basis = head.get("legal_basis")
    if basis is not None:
        if not isinstance(basis, dict):
            message = _("Give the legal basis as {number, date}.")
            problems.append(ImportProblem("index_set.legal_basis", message))
        elif basis.get("date") is not None:
            try:
                date_of(basis["date"])
            except Invalid as error:
                problems.append(ImportProblem("index_set.legal_basis.date", str(error)))
    for window in WINDOWS:
        value = head.get(window)
        if value is None:
            continue
        if not isinstance(value, dict):
            message = _("Give the window as {opens, closes}.")
            problems.append(ImportProblem(f"index_set.{window}", message))
            continue
        dates = {}
        for end in ("opens", "closes"):
            if value.get(end) is not None:
                try:
                    dates[end] = date_of(value[end])
                except Invalid as error:
                    problems.append(ImportProblem(f"index_set.{window}.{end}", str(error)))
        if len(dates) == 2 and dates["closes"] < dates["opens"]:
            message = _("The window closes before it opens.")
            problems.append(ImportProblem(f"index_set.{window}", message))
    if head.get("published_on") is not None:
        try:
            date_of(head["published_on"])
        except Invalid as error:
            problems.append(ImportProblem("index_set.published_on", str(error)))
    return problems


def _targets_problems(targets: Any) -> list[ImportProblem]:
    if targets is None:
        return []
    if not isinstance(targets, dict):
        message = _("Give the targets as method: percent.")
        return [ImportProblem("index_set.targets_pct", message)]
    problems = []
    for method, value in targets.items():
        where = f"index_set.targets_pct.{method}"
        if method not in Method.values:
            message = _('Unknown method "{method}"; use appraisal, survey or other.')
            problems.append(ImportProblem(where, message.format(method=method)))
            continue
        try:
            percent_of(value)
        except Invalid as error:
            problems.append(ImportProblem(where, str(error)))
    return problems


def _classification_problems(classes: Any) -> list[ImportProblem]:
    if classes is None:
        return []
    if not isinstance(classes, list):
        message = _("Give the classification as a list of {code, label_vi, min_pct}.")
        return [ImportProblem("index_set.classification", message)]
    problems = []
    codes: set[str] = set()
    minimums: set[Decimal] = set()
    for index, item in enumerate(classes):
        where = f"index_set.classification[{index}]"
        if not isinstance(item, dict):
            problems.append(ImportProblem(where, _("Expected {code, label_vi, min_pct}.")))
            continue
        code = text_of(item.get("code"))
        if not code:
            problems.append(ImportProblem(where, _("The class has no code.")))
        elif code in codes:
            message = _('The class code "{code}" is used more than once.')
            problems.append(ImportProblem(where, message.format(code=code)))
        codes.add(code)
        if not text_of(item.get("label_vi", item.get("label"))):
            problems.append(ImportProblem(where, _('The class has no label ("label_vi").')))
        try:
            minimum = percent_of(item.get("min_pct"))
        except Invalid as error:
            problems.append(ImportProblem(where, _("min_pct: {reason}").format(reason=error)))
            continue
        if minimum in minimums:
            message = _("Two classes start at {value} %.")
            problems.append(ImportProblem(where, message.format(value=plain(minimum))))
        minimums.add(minimum)
    return problems


def _normal(node: Node) -> bool:
    return node.kind == NodeKind.NORMAL


def _totals_problems(head: Mapping, roots: list[Node]) -> list[ImportProblem]:
    """total_max and method_totals, when given, must match the tree's normal nodes (bonus
    and deduction nodes add or take points outside the maximum)."""
    nodes = list(walk(roots))
    if any(node.max_points is None for node in nodes):
        return []  # already reported; a sum over unreadable numbers would only add noise
    problems = []
    if head.get("total_max") is not None:
        try:
            declared = decimal_of(head["total_max"])
        except Invalid as error:
            return [ImportProblem("index_set.total_max", str(error))]
        actual = sum(
            (node.max_points for node in roots if node.max_points is not None and _normal(node)),
            Decimal(0),
        )
        if declared != actual:
            message = _("total_max is {declared} but the fields add up to {actual}.")
            problems.append(
                ImportProblem(
                    "index_set.total_max",
                    message.format(declared=plain(declared), actual=plain(actual)),
                )
            )
    method_totals = head.get("method_totals")
    if method_totals is None:
        return problems
    if not isinstance(method_totals, dict):
        message = _("Give method_totals as method: points.")
        return [*problems, ImportProblem("index_set.method_totals", message)]
    sums: dict[str, Decimal] = {}
    for node in nodes:
        if (
            node.is_leaf
            and _normal(node)
            and node.max_points is not None
            and node.raw.get("method") in Method.values
        ):
            sums[node.raw["method"]] = sums.get(node.raw["method"], Decimal(0)) + node.max_points
    for method, value in method_totals.items():
        where = f"index_set.method_totals.{method}"
        if method not in Method.values:
            message = _('Unknown method "{method}"; use appraisal, survey or other.')
            problems.append(ImportProblem(where, message.format(method=method)))
            continue
        try:
            declared = decimal_of(value)
        except Invalid as error:
            problems.append(ImportProblem(where, str(error)))
            continue
        actual = sums.get(method, Decimal(0))
        if declared != actual:
            message = _("{method} is {declared} but its leaves add up to {actual}.")
            problems.append(
                ImportProblem(
                    where,
                    message.format(method=method, declared=plain(declared), actual=plain(actual)),
                )
            )
    return problems


def index_set_data_problems(data: dict) -> list[ImportProblem]:
    """Every problem of an index set's data, in file order; [] means it can be imported."""
    if not isinstance(data, dict):
        return [ImportProblem("yaml", _('The file must hold "index_set" and "fields".'))]
    problems: list[ImportProblem] = schema_problems(data)
    if problems:
        return problems  # the checks below read the keys the schema knows, in its shapes
    head = data.get("index_set")
    if not isinstance(head, dict):
        problems.append(ImportProblem("index_set", _('The file has no "index_set" section.')))
        head = {}
    else:
        problems += _header_problems(head)
    fields = data.get("fields")
    if not isinstance(fields, list) or not fields:
        problems.append(ImportProblem("fields", _('The file has no "fields" list.')))
        return problems
    roots = read_nodes(fields, None, "fields", problems)
    for node in walk(roots):
        problems += node_problems(node)
    problems += tree_problems(roots, max_depth=head.get("max_depth") or 3)
    problems += _totals_problems(head, roots)
    problems += declaration_problems(head, roots, set_kinds=_unit_kinds(head, []))
    return problems


def adjustment_values(item: dict) -> dict[str, Any]:
    """An adjustment as the model stores it. The file writes a deduction either as
    negative points (`points: -0.5`) or with `kind: deduction` and positive points."""
    points = decimal_of(item["points"])
    kind = item.get("kind") or (AdjustmentKind.DEDUCTION if points < 0 else AdjustmentKind.BONUS)
    cap = item.get("cap")
    return {
        "code": text_of(item.get("code")),
        "label": text_of(item.get("label_vi", item.get("label"))),
        "label_en": text_of(item.get("label_en")),
        "kind": str(kind),
        "points": abs(points),
        "cap": abs(decimal_of(cap)) if cap is not None else None,
    }


def _adjustments_problems(items: Any) -> list[ImportProblem]:
    if items is None:
        return []
    if not isinstance(items, list):
        message = _("Give the adjustments as a list of {code, label_vi, points, cap}.")
        return [ImportProblem("index_set.adjustments", message)]
    problems = []
    codes: set[str] = set()
    for index, item in enumerate(items):
        where = f"index_set.adjustments[{index}]"
        if not isinstance(item, dict):
            message = _("Expected {code, label_vi, points, cap}.")
            problems.append(ImportProblem(where, message))
            continue
        code = text_of(item.get("code"))
        if not code:
            problems.append(ImportProblem(where, _("The adjustment has no code.")))
        elif len(code) > ADJUSTMENT_CODE_MAX_LENGTH:
            message = _("The code is longer than {limit} characters.")
            problems.append(ImportProblem(where, message.format(limit=ADJUSTMENT_CODE_MAX_LENGTH)))
        elif code in codes:
            message = _('The adjustment code "{code}" is used more than once.')
            problems.append(ImportProblem(where, message.format(code=code)))
        codes.add(code)
        if not text_of(item.get("label_vi", item.get("label"))):
            message = _('The adjustment has no label ("label_vi").')
            problems.append(ImportProblem(where, message))
        kind = item.get("kind")
        if kind is not None and kind not in AdjustmentKind.values:
            message = _('Unknown kind "{kind}"; use bonus or deduction.')
            problems.append(ImportProblem(where, message.format(kind=kind)))
        numbers = {}
        for key in ("points", "cap"):
            if item.get(key) is None:
                if key == "points":
                    message = _('The adjustment has no points ("points").')
                    problems.append(ImportProblem(where, message))
                continue
            try:
                numbers[key] = abs(two_places(item[key]))
            except Invalid as error:
                message = _("{key}: {reason}").format(key=key, reason=error)
                problems.append(ImportProblem(where, message))
        if numbers.get("points") == 0:
            problems.append(ImportProblem(where, _("points: an adjustment needs points above 0.")))
        if numbers.get("cap") == 0:
            problems.append(ImportProblem(where, _("cap: leave it out, or give more than 0.")))
        elif "cap" in numbers and numbers.get("points", 0) > numbers["cap"]:
            message = _("points {points} are above the cap {cap}.")
            problems.append(
                ImportProblem(
                    where,
                    message.format(points=plain(numbers["points"]), cap=plain(numbers["cap"])),
                )
            )
    return problems
