"""The criteria tree of an index-set file: its nodes and what is wrong with them."""

from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from indexes import scoring
from indexes.importing.values import (
    CHILD_KEYS,
    CODE_MAX_LENGTH,
    CODE_PATTERN,
    MAX_POINTS_LIMIT,
    NAME_MAX_LENGTH,
    ImportProblem,
    Invalid,
    decimal_of,
    scoring_problem,
    text_of,
    two_places,
)
from indexes.models import Method, NodeKind


@dataclass
class Node:
    """A node as read from the file, before it is checked."""

    raw: dict
    where: str  # its code when it has a usable one, else its path in the file
    code: str | None
    parent: "Node | None"
    children: list["Node"] = field(default_factory=list)
    max_points: Decimal | None = None
    min_points: Decimal | None = Decimal(0)  # below 0 on deduction nodes; None: unreadable
    kind: str = NodeKind.NORMAL  # as written, else its parent's (bonus under bonus…)

    @property
    def is_leaf(self) -> bool:
        return not self.children


def read_nodes(
    items: Any, parent: Node | None, path: str, problems: list[ImportProblem]
) -> list[Node]:
    if not isinstance(items, list):
        problems.append(ImportProblem(path, _("Expected a list of criteria.")))
        return []
    nodes = []
    for index, raw in enumerate(items):
        item_path = f"{path}[{index}]"
        if not isinstance(raw, dict):
            problems.append(ImportProblem(item_path, _("Expected a criterion with its keys.")))
            continue
        code = raw.get("code")
        stripped = code.strip() if isinstance(code, str) else ""
        usable_code = stripped if CODE_PATTERN.fullmatch(stripped) else None
        node = Node(raw=raw, where=usable_code or item_path, code=usable_code, parent=parent)
        node.kind = str(raw.get("kind") or (parent.kind if parent else NodeKind.NORMAL))
        if code is None or code == "":
            problems.append(ImportProblem(item_path, _("The node has no code.")))
        elif not isinstance(code, str):
            message = _('The code {code} must be written as text in quotes, e.g. "3.3".')
            problems.append(ImportProblem(item_path, message.format(code=code)))
        elif usable_code is None:
            message = _('The code "{code}" is not in dotted form such as 3, 3.3 or 3.3.1.')
            problems.append(ImportProblem(item_path, message.format(code=code)))
        elif len(usable_code) > CODE_MAX_LENGTH:
            message = _("The code is longer than {limit} characters.")
            problems.append(ImportProblem(node.where, message.format(limit=CODE_MAX_LENGTH)))
        present = [key for key in CHILD_KEYS if key in raw]
        if len(present) > 1:
            message = _('Give the children under "criteria" or "sub_criteria", not both.')
            problems.append(ImportProblem(node.where, message))
        for key in present:
            node.children.extend(read_nodes(raw[key], node, f"{item_path}.{key}", problems))
        nodes.append(node)
    return nodes


def walk(nodes: list[Node]) -> Iterator[Node]:
    for node in nodes:
        yield node
        yield from walk(node.children)


def node_problems(node: Node) -> list[ImportProblem]:
    raw, where = node.raw, node.where
    problems: list[ImportProblem] = []
    name = text_of(raw.get("name_vi", raw.get("name")))
    if not name:
        problems.append(ImportProblem(where, _('The node has no name ("name_vi").')))
    elif len(name) > NAME_MAX_LENGTH:
        message = _("The name is longer than {limit} characters.")
        problems.append(ImportProblem(where, message.format(limit=NAME_MAX_LENGTH)))
    if "max" not in raw:
        problems.append(ImportProblem(where, _('The node has no max points ("max").')))
    else:
        try:
            node.max_points = decimal_of(raw["max"])
        except Invalid as error:
            problems.append(ImportProblem(where, _("max: {reason}").format(reason=error)))
        else:
            if node.max_points >= MAX_POINTS_LIMIT:
                message = _("max: {value} is too large.").format(value=raw["max"])
                problems.append(ImportProblem(where, message))
    if raw.get("min") is not None:
        try:
            node.min_points = two_places(raw["min"])
        except Invalid as error:
            node.min_points = None
            problems.append(ImportProblem(where, _("min: {reason}").format(reason=error)))
        else:
            if node.min_points <= -MAX_POINTS_LIMIT:
                message = _("min: {value} is too large.").format(value=raw["min"])
                problems.append(ImportProblem(where, message))
    method = raw.get("method")
    if node.is_leaf:
        if method in (None, ""):
            problems.append(
                scoring_problem(where, scoring.ScoringError("leaf_without_method", {"code": where}))
            )
        elif method not in Method.values:
            problems.append(
                scoring_problem(
                    where, scoring.ScoringError("unknown_method", {"code": where, "method": method})
                )
            )
        if "rule" not in raw:
            problems.append(ImportProblem(where, _('The leaf has no scoring rule ("rule").')))
        elif (
            node.max_points is not None
            and 0 <= node.max_points < MAX_POINTS_LIMIT
            and node.min_points is not None
            and -MAX_POINTS_LIMIT < node.min_points <= 0
        ):
            rule_problems = scoring.validate_rule(raw["rule"], node.max_points, node.min_points)
            for problem in rule_problems:
                problems.append(scoring_problem(where, problem))
    else:
        if method not in (None, ""):
            problems.append(
                scoring_problem(where, scoring.ScoringError("parent_has_method", {"code": where}))
            )
        if raw.get("rule") not in (None, {}):
            message = _("A node with children cannot have a scoring rule.")
            problems.append(ImportProblem(where, message))
    hint = raw.get("evidence_hint")
    if hint is not None and not (
        isinstance(hint, str) or (isinstance(hint, list) and all(isinstance(h, str) for h in hint))
    ):
        message = _("evidence_hint must be a text or a list of texts.")
        problems.append(ImportProblem(where, message))
    return problems


def tree_problems(roots: list[Node], *, max_depth: int = 3) -> list[ImportProblem]:
    """Codes under their parents, unique, at most `max_depth` levels, maxima (and the floors
    of deduction nodes) adding up, kinds that fit their parents (scoring.check_tree)."""
    nodes = [node for node in walk(roots) if _has_usable_codes_up(node)]
    unreadable = {id(node) for node in nodes if node.max_points is None or node.min_points is None}
    tree = [
        scoring.TreeNode(
            code=node.code or "",
            parent_code=node.parent.code if node.parent else None,
            max_points=node.max_points if node.max_points is not None else Decimal(0),
            kind=node.kind,
            min_points=node.min_points if node.min_points is not None else Decimal(0),
        )
        for node in nodes
    ]
    # A node whose own max, or a child's max or code, could not be read has no sum worth
    # reporting.
    no_sum = {
        node.code
        for node in nodes
        if id(node) in unreadable
        or any(id(child) in unreadable or child.code is None for child in node.children)
    }
    problems = []
    for problem in scoring.check_tree(tree, max_depth=max_depth):
        code = str(problem.params.get("code", ""))
        if problem.code in ("sum_mismatch", "min_sum_mismatch") and code in no_sum:
            continue
        problems.append(scoring_problem(code, problem))
    return problems


def _has_usable_codes_up(node: Node) -> bool:
    current: Node | None = node
    while current is not None:
        if current.code is None:
            return False
        current = current.parent
    return True
