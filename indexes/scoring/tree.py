"""The criteria tree: codes under their parents, depth, and maxima that add up."""

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

    def __post_init__(self) -> None:
        _exact_fields(self, "max_points")


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
        if children[code]:
            expected = sum((child.max_points for child in children[code]), Decimal(0))
            if expected != node.max_points:
                params = {"code": code, "expected": expected, "actual": node.max_points}
                problems.append(ScoringError("sum_mismatch", params))
    return problems
