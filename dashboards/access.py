"""Who sees what on the dashboards.

Leaders, appraisers and administrators see every unit. An official sees the city
dashboard as far as CCHC_OFFICIAL_DASHBOARD allows ("none", "ranking" by default, or
"full") and always their own unit's scorecard, including the years before a merger
(the scorecards of the units theirs continues).
"""

from django.conf import settings

from units.models import Unit

FULL, RANKING, NONE = "full", "ranking", "none"


def dashboard_access(user) -> str:
    """FULL: every unit's details; RANKING: the ranking only; NONE: own unit only."""
    if user.sees_all_units:
        return FULL
    return settings.CCHC_OFFICIAL_DASHBOARD


def may_see_unit(user, unit: Unit, lineage_ids: list[int] | None = None) -> bool:
    """A unit's scorecard: everyone with full access, and an official for their own unit
    (or a unit theirs continues, given in lineage_ids of the official's unit)."""
    if dashboard_access(user) == FULL:
        return True
    if user.unit_id is None:
        return False
    return unit.pk == user.unit_id or unit.pk in (lineage_ids or [])
