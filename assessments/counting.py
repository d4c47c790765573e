"""Which score counts: the one definition, as a Python value and as SQL.

Before appraisal the units' own self-scores count; during appraisal the appraised score,
or the self-score where the appraisers have not given one (a blank appraised score
agrees with the self-score); once the set is published, the same fallback gives the
final score. Each basis is an ordered list of score fields, the first that is not empty
counts: `counted_points` reads it in Python, `counted_expression` in the ORM and
`counted_sql` in raw SQL, all from `FALLBACK`.

Which leaves a unit's officials score themselves is here too (`official_enters`): the
self-assessment form gives them inputs, and its total says how many of the set's points
they can enter (`enterable_totals`), beside the whole set's.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db.models import F
from django.db.models.expressions import Combinable
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from indexes import scoring
from indexes.models import IndexSet, Method, Phase

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


def official_enters(method: str) -> bool:
    """Whether a unit's officials score a leaf of this method: survey points come from
    the survey, entered or imported by the appraisers, never by the unit."""
    return method != Method.SURVEY


def enterable_totals(groups: Iterable[scoring.Group], bounds: scoring.Bounds) -> scoring.Totals:
    """The total of what the unit can enter itself: the roll-up (the pure
    `scoring.rollup_groups` every total comes from) of the groups of applicable leaves
    whose method its officials score, kept within the set's bounds like any total."""
    return scoring.rollup_groups(
        (group for group in groups if official_enters(group.method)), bounds
    ).total
