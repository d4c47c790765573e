"""Which score counts: the one definition, as a Python value and as SQL.

Before appraisal the units' own self-scores count; during appraisal the appraised score,
or the self-score where the appraisers have not given one (a blank appraised score
agrees with the self-score); once the set is published, the same fallback gives the
final score. Each basis is an ordered list of score fields, the first that is not empty
counts: `counted_points` reads it in Python, `counted_expression` in the ORM and
`counted_sql` in raw SQL, all from `FALLBACK`.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import F
from django.db.models.expressions import Combinable
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from indexes.models import IndexSet, Phase

SELF, APPRAISED, FINAL = "self", "appraised", "final"
BASES = (SELF, APPRAISED, FINAL)
FALLBACK: dict[str, tuple[str, ...]] = {
    SELF: ("self_points",),
    APPRAISED: ("appraised_points", "self_points"),
    FINAL: ("appraised_points", "self_points"),
}
LABELS = {SELF: _("Self-scores"), APPRAISED: _("Appraised scores"), FINAL: _("Final scores")}


def basis_for(index_set: IndexSet) -> str:
    """The basis of the set's phase: SELF until appraisal starts, FINAL once published."""
    if index_set.phase in (Phase.PREPARING, Phase.SELF_ASSESSMENT):
        return SELF
    if index_set.phase in (Phase.PUBLISHED, Phase.CLOSED):
        return FINAL
    return APPRAISED


def appraisal_counts(basis: str) -> bool:
    """Whether the appraisers' work (their scores, bonuses and deductions) counts."""
    return basis != SELF


def counted_points(score: Any, basis: str) -> Decimal | None:
    """The points that count on a score (or on any object with the score's fields)."""
    for name in FALLBACK[basis]:
        value = getattr(score, name)
        if value is not None:
            return value
    return None


def counted_expression(basis: str, *, prefix: str = "") -> Combinable:
    """The counted points of a score row in a query; `prefix` reaches a related score."""
    names = [prefix + name for name in FALLBACK[basis]]
    return F(names[0]) if len(names) == 1 else Coalesce(*names)


def counted_sql(basis: str, *, alias: str) -> str:
    """The counted points of the score table aliased `alias`, for raw SQL."""
    columns = [f"{alias}.{name}" for name in FALLBACK[basis]]
    return columns[0] if len(columns) == 1 else f"COALESCE({', '.join(columns)})"
