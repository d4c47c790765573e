"""The arithmetic of the PAR index: leaf rules, roll-ups, targets, classification, ranking.

Pure Python (no Django, no ORM) so that importers, exports and tests share one definition.
Every number is a Decimal: points are published with two decimals, and a float would turn
0.1 + 0.2 into 0.30000000000000004 and a unit's 95 % into 94.99 %.

Problems carry a machine `code` and `params` (e.g. code="band_order", params={"index": 2});
the Django layer (indexes/messages.py) turns the code into translated text, and `message`
is only the English fallback. Indexes in params are 0-based; "position" is the 1-based
number a person would say.
"""

from indexes.scoring.amounts import TWO_PLACES, to_decimal
from indexes.scoring.attainable import Attainable, attainable_points
from indexes.scoring.problems import RuleError, ScoringError
from indexes.scoring.rollups import (
    BONUS,
    DEDUCTION,
    KINDS,
    METHODS,
    NORMAL,
    Bounds,
    Group,
    LeafResult,
    Rollup,
    TargetResult,
    Threshold,
    Totals,
    all_targets_met,
    check_targets,
    classify,
    percent,
    rank,
    rollup,
    rollup_groups,
)
from indexes.scoring.rules import RULE_TYPES, evaluate_rule, validate_rule
from indexes.scoring.tree import TreeNode, check_tree

__all__ = [
    "Attainable",
    "BONUS",
    "DEDUCTION",
    "KINDS",
    "METHODS",
    "NORMAL",
    "Bounds",
    "RULE_TYPES",
    "TWO_PLACES",
    "Group",
    "LeafResult",
    "Rollup",
    "RuleError",
    "ScoringError",
    "TargetResult",
    "Threshold",
    "Totals",
    "TreeNode",
    "all_targets_met",
    "attainable_points",
    "check_targets",
    "check_tree",
    "classify",
    "evaluate_rule",
    "percent",
    "rank",
    "rollup",
    "rollup_groups",
    "to_decimal",
    "validate_rule",
]
