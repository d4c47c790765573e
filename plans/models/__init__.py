"""The year between the windows: the improvement plan and the units' evidence library."""

from plans.models.library import LibraryDocument

__all__ = ["LibraryDocument"]
