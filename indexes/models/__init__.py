"""Index sets, the criteria tree, targets, classes, not-applicable marks and the bonus and
deduction items a set allows. Points are Decimal with two places everywhere; the
arithmetic lives in the `scoring` package."""

from indexes.models.adjustments import AdjustmentItem, AdjustmentKind
from indexes.models.criteria import Criterion, NodeKind, code_sort_key
from indexes.models.exemptions import MethodNotHeld, TagExemption
from indexes.models.marks import NotApplicable
from indexes.models.sets import (
    DECLARATION_FIELDS,
    PERCENT,
    POINTS,
    WINDOW_FIELDS,
    WINDOWS,
    ClassificationThreshold,
    DecimalShape,
    IndexSet,
    Method,
    Phase,
    RuleType,
    Target,
    percent_validators,
)

__all__ = [
    "DECLARATION_FIELDS",
    "WINDOW_FIELDS",
    "WINDOWS",
    "PERCENT",
    "POINTS",
    "AdjustmentItem",
    "AdjustmentKind",
    "ClassificationThreshold",
    "Criterion",
    "DecimalShape",
    "IndexSet",
    "Method",
    "MethodNotHeld",
    "NodeKind",
    "NotApplicable",
    "Phase",
    "RuleType",
    "TagExemption",
    "Target",
    "code_sort_key",
    "percent_validators",
]
