"""Which units a set scores: those in existence at the end of its year (when the
assessment takes place), and any unit of its kinds that was scored on it before it ended.

A unit merged away in the middle of the year is not assessed that year (its successor
is), unless it was scored before it ended: then it keeps its result. The first half of
the rule is the set's own (`indexes.applicability.members_at_year_end`); scores add the
second.
"""

from django.db.models import Exists, OuterRef, QuerySet

from assessments.models import Score
from indexes.applicability import is_member_at_year_end, members_at_year_end, year_end
from indexes.models import IndexSet
from units.models import Unit


def _scored_before_it_ended(index_set: IndexSet) -> QuerySet[Unit]:
    scored = Score.objects.filter(unit_id=OuterRef("pk"), criterion__index_set=index_set)
    return Unit.objects.filter(Exists(scored), kind__in=index_set.unit_kinds).exclude(
        valid_from__gt=year_end(index_set)
    )


def index_set_units(index_set: IndexSet) -> QuerySet[Unit]:
    """The units the set scores, in the order of every list of them."""
    return (members_at_year_end(index_set) | _scored_before_it_ended(index_set)).order_by(
        "kind", "sort_order", "name"
    )


def unit_takes_part(unit: Unit, index_set: IndexSet) -> bool:
    """`index_set_units` for one unit (no query unless it ended before the year did)."""
    if is_member_at_year_end(unit, index_set):
        return True
    if unit.kind not in index_set.unit_kinds:
        return False
    if unit.valid_from is not None and unit.valid_from > year_end(index_set):
        return False
    return Score.objects.filter(unit=unit, criterion__index_set=index_set).exists()
