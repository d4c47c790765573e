"""What applies to whom: which units a set scores at year end, and which of its leaves
apply to a unit. The only place that decides either; pages, exports, imports and sums
all ask here.

A not-applicable mark (NotApplicable) on a node covers the node and every node below it,
so the unit's maximum loses those leaves' points. The rule is written once as a formula
over sort keys, `COVERS_SQL`, and the Python `covers()` spells the same formula; the
ORM expression (`Covers`) and the raw SQL of the dashboards use the template itself.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.db.models import BooleanField, Exists, F, Func, OuterRef, QuerySet

from indexes.models import Criterion, IndexSet, NotApplicable
from units.models import Unit

# "The mark's node is the leaf or one of its ancestors": with the separator appended to
# both keys, the mark's key must start the leaf's ("0003." starts "0003.0002."), and
# "0003" cannot cover "00031" (no such key exists today: each part is padded to 4).
COVERS_SQL = "(SUBSTR({leaf} || '.', 1, LENGTH({mark}) + 1) = {mark} || '.')"


def covers(mark_key: str, leaf_key: str) -> bool:
    """A mark on the node `mark_key` covers the node `leaf_key` (COVERS_SQL in Python)."""
    return (leaf_key + ".")[: len(mark_key) + 1] == mark_key + "."


class Covers(Func):
    """COVERS_SQL as an ORM expression: Covers(mark_key, leaf_key)."""

    output_field = BooleanField()
    arity = 2

    def as_sql(self, compiler, connection, **extra_context):
        (mark, mark_params), (leaf, leaf_params) = (
            compiler.compile(expression) for expression in self.get_source_expressions()
        )
        # The template names the mark twice and the leaf once, in this order.
        sql = COVERS_SQL.format(leaf=leaf, mark=mark)
        return sql, [*leaf_params, *mark_params, *mark_params]


def not_applicable_row(
    index_set: IndexSet, *, unit: str = "unit_id", leaf_key: str = "criterion__sort_key"
) -> Exists:
    """True for an outer row (a score, or a unit × leaf pair) whose leaf does not apply to
    its unit: `unit` and `leaf_key` name the outer row's unit id and the leaf's sort key."""
    marks = NotApplicable.objects.filter(
        Covers(F("criterion__sort_key"), OuterRef(leaf_key)),
        unit_id=OuterRef(unit),
        criterion__index_set=index_set,
    )
    return Exists(marks)


def covers_sql(*, mark_key: str, leaf_key: str) -> str:
    """COVERS_SQL for raw SQL over the columns (or aliases) given."""
    return COVERS_SQL.format(leaf=leaf_key, mark=mark_key)


@dataclass
class Applicability:
    """The not-applicable marks of some units on one set, read in one query."""

    marks: dict[int, list[tuple[str, str]]] = field(default_factory=dict)  # unit → (key, reason)

    def applies(self, unit_id: int, node: Criterion | str) -> bool:
        return self.mark_for(unit_id, node) is None

    def mark_for(self, unit_id: int, node: Criterion | str) -> tuple[str, str] | None:
        """The (node key, reason) of the mark that takes `node` off the unit, if any."""
        key = node if isinstance(node, str) else node.sort_key
        return next((mark for mark in self.marks.get(unit_id, ()) if covers(mark[0], key)), None)

    def exempt_keys(self, unit_id: int, keys: Iterable[str]) -> set[str]:
        """Of the sort keys given, those that do not apply to the unit."""
        if not self.marks.get(unit_id):
            return set()  # most units: no mark, nothing to test
        return {key for key in keys if not self.applies(unit_id, key)}


def applicability(index_set: IndexSet, unit_ids: Iterable[int]) -> Applicability:
    rows = NotApplicable.objects.filter(
        criterion__index_set=index_set, unit_id__in=list(unit_ids)
    ).values_list("unit_id", "criterion__sort_key", "reason")
    marks: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for unit_id, key, reason in rows:
        marks[unit_id].append((key, reason))
    return Applicability(marks=dict(marks))


def applicable_leaves(*, index_set: IndexSet, unit: Unit) -> dict[int, Criterion]:
    """The set's leaves that apply to the unit, by id, in tree order (two queries)."""
    marks = applicability(index_set, [unit.pk])
    leaves = {}
    for leaf in index_set.criteria.exclude(method="").order_by("sort_key"):
        if marks.applies(unit.pk, leaf):
            leaf.index_set = index_set  # primes the cache: no query per leaf later
            leaves[leaf.pk] = leaf
    return leaves


# --- which units a set scores ------------------------------------------------------


def year_end(index_set: IndexSet) -> date:
    """The assessment takes place at the end of the set's year."""
    return date(index_set.year, 12, 31)


def members_at_year_end(index_set: IndexSet) -> QuerySet[Unit]:
    """Units of the set's kinds in existence on the last day of its year."""
    return Unit.objects.filter(kind__in=index_set.unit_kinds).active_on(year_end(index_set))


def is_member_at_year_end(unit: Unit, index_set: IndexSet) -> bool:
    """`members_at_year_end` for one unit already in memory (the same two conditions)."""
    return unit.kind in index_set.unit_kinds and unit.is_active_on(year_end(index_set))
