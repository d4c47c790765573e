"""The criteria tree: codes under their parents, depth, and maxima that add up.

A normal node's max is the sum of its normal children's (bonus and deduction nodes may sit
under it: they add or take points, outside the maximum). Under a bonus node every node is
a bonus and the maxima add up the same way; a deduction node has max 0 and a floor (its
`min_points`, below 0) that its deduction children's floors add up to.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from indexes.scoring.amounts import _exact_fields, _more_than_two_places
from indexes.scoring.problems import ScoringError


@dataclass(frozen=True)
class TreeNode:
    code: str
    parent_code: str | None
    max_points: Decimal
    kind: str = "normal"
    min_points: Decimal = Decimal(0)

    def __post_init__(self) -> None:
        _exact_fields(self, "max_points", "min_points")


def _depth(node: TreeNode, by_code: Mapping[str, TreeNode], limit: int) -> int:
    """Levels from the field down to node (a field is 1). Parents that loop (only possible
    with codes that break the dotted rule) stop just past limit, so they read as too deep."""
    depth, current = 1, node
    while (parent := current.parent_code) is not None and parent in by_code:
        if depth > limit:
            break
        current = by_code[parent]
        depth += 1
    return depth


def _code_problem(node: TreeNode, by_code: Mapping[str, TreeNode]) -> ScoringError | None:
    code, parent = node.code, node.parent_code
    if parent is None:
        return ScoringError("root_code_dotted", {"code": code}) if "." in code else None
    if parent not in by_code:
        return ScoringError("unknown_parent", {"code": code, "parent": parent})
    rest = code.removeprefix(parent + ".")
    if rest == code or not rest or "." in rest:  # 3.3.1 belongs under 3.3, not under 3
        return ScoringError("code_not_under_parent", {"code": code, "parent": parent})
    return None


def check_tree(nodes: Sequence[TreeNode], *, max_depth: int = 3) -> list[ScoringError]:
    """Every structural problem of a criteria tree, in node order, each naming its node."""
    by_code: dict[str, TreeNode] = {}
    for node in nodes:
        by_code.setdefault(node.code, node)
    children: defaultdict[str, list[TreeNode]] = defaultdict(list)
    for node in by_code.values():
        if node.parent_code is not None:
            children[node.parent_code].append(node)

    problems: list[ScoringError] = []
    seen: set[str] = set()
    for node in nodes:
        code = node.code
        if code in seen:
            problems.append(ScoringError("duplicate_code", {"code": code}))
            continue
        seen.add(code)
        if node.max_points < 0:
            problems.append(ScoringError("negative_max", {"code": code, "value": node.max_points}))
        if _more_than_two_places(node.max_points):
            params = {"code": code, "parameter": "max_points", "value": node.max_points}
            problems.append(ScoringError("too_many_decimals", params))
        code_problem = _code_problem(node, by_code)
        if code_problem is not None:
            problems.append(code_problem)
        depth = _depth(node, by_code, limit=len(by_code) + max_depth)
        if depth > max_depth:
            params = {"code": code, "depth": depth, "max_depth": max_depth}
            problems.append(ScoringError("too_deep", params))
        problems += _kind_problems(node, by_code.get(node.parent_code or ""))
        if children[code]:
            problems += _sum_problems(node, children[code])
    return problems


def _kind_problems(node: TreeNode, parent: TreeNode | None) -> list[ScoringError]:
    code, kind = node.code, node.kind
    if kind not in ("normal", "bonus", "deduction"):
        return [ScoringError("unknown_kind", {"code": code, "kind": kind})]
    problems = []
    if parent is not None and parent.kind != "normal" and kind != parent.kind:
        params = {"code": code, "kind": kind, "parent_kind": parent.kind}
        problems.append(ScoringError("kind_under_other_kind", params))
    if kind == "deduction" and (node.max_points != 0 or node.min_points >= 0):
        limits = {"code": code, "max": node.max_points, "min": node.min_points}
        problems.append(ScoringError("deduction_range", limits))
    if kind != "deduction" and node.min_points != 0:
        problems.append(ScoringError("min_only_on_deductions", {"code": code}))
    return problems


def _sum_problems(node: TreeNode, children: list[TreeNode]) -> list[ScoringError]:
    code = node.code
    counted = [child for child in children if child.kind == node.kind]
    expected = sum((child.max_points for child in counted), Decimal(0))
    problems = []
    if expected != node.max_points:
        params = {"code": code, "expected": expected, "actual": node.max_points}
        problems.append(ScoringError("sum_mismatch", params))
    if node.kind == "deduction":
        floor = sum((child.min_points for child in counted), Decimal(0))
        if floor != node.min_points:
            params = {"code": code, "expected": floor, "actual": node.min_points}
            problems.append(ScoringError("min_sum_mismatch", params))
    return problems
