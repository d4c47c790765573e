"""The year between the windows: the improvement plan and the units' evidence library."""

from plans.models.library import LibraryDocument
from plans.models.plan import (
    Amendment,
    ImprovementPlan,
    PlanPeriod,
    PlanPhase,
    PlanTask,
    ProgressReport,
    TaskLoss,
    TaskStatus,
)

__all__ = [
    "Amendment",
    "ImprovementPlan",
    "LibraryDocument",
    "PlanPeriod",
    "PlanPhase",
    "PlanTask",
    "ProgressReport",
    "TaskLoss",
    "TaskStatus",
]
