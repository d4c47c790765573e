"""What applies to whom: which units a set scores at year end, and which of its leaves
apply to a unit. The only place that decides either; pages, exports, imports and sums
all ask here.

A leaf does not apply to a unit when a node covering it (the leaf or one above it) is
marked not applicable for the unit (NotApplicable), applies to other kinds of unit only
(`applies_to_kinds`), is exempt for an attribute the unit carries (TagExemption), or when
the leaf's method is optional in the set and was not held for the unit (MethodNotHeld).
Such leaves leave the unit's maximum. "Covers" and "kind listed" are each written once as
an SQL template (COVERS_SQL, KIND_LISTED_SQL) that the ORM expressions and the raw SQL of
the dashboards use, and that `covers()` and `kind_listed()` spell in Python;
`Applicability` (Python, with the reason) and `applies_row` (SQL) read the same
four tables the same way, which tests/assessments/test_one_definition.py proves on
generated sets.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.db import connection
from django.db.models import (
    BigIntegerField,
    BooleanField,
    CharField,
    Exists,
    F,
    Func,
    OuterRef,
    Q,
    QuerySet,
    Value,
)
from django.db.models.functions import Cast
from django.utils.translation import gettext_lazy as _

from indexes.models import Criterion, IndexSet, Method, MethodNotHeld, NotApplicable, TagExemption
from units.models import Unit, UnitKind

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


# A node's `applies_to_kinds` ("ward,commune", empty = every kind) names the unit's kind.
KIND_LISTED_SQL = "((',' || {kinds} || ',') LIKE ('%%,' || {kind} || ',%%'))"


def kind_listed(kinds_csv: str, kind: str) -> bool:
    """KIND_LISTED_SQL in Python."""
    return f",{kind}," in f",{kinds_csv},"


class KindListed(Func):
    """KIND_LISTED_SQL as an ORM expression: KindListed(kinds_csv, kind)."""

    output_field = BooleanField()
    arity = 2

    def as_sql(self, compiler, connection, **extra_context):
        (kinds, kinds_params), (kind, kind_params) = (
            compiler.compile(expression) for expression in self.get_source_expressions()
        )
        return KIND_LISTED_SQL.format(kinds=kinds, kind=kind), [*kinds_params, *kind_params]


def applies_row(
    index_set: IndexSet,
    *,
    unit: str = "unit_id",
    unit_kind: str = "unit__kind",
    leaf_key: str = "criterion__sort_key",
    leaf_method: str = "criterion__method",
) -> Q:
    """True for an outer row (a score, or a unit × leaf pair) whose leaf applies to its
    unit; the names reach the outer row's unit id and kind, and the leaf's sort key and
    method. None of the four reasons of `Applicability.reason_for`, as one SQL condition.

    Written as NOT EXISTS … AND NOT EXISTS …, never NOT (EXISTS … OR EXISTS …): PostgreSQL
    turns each NOT EXISTS into an anti-join, but evaluates an OR of them once per row (100
    times slower over a province's scores)."""
    marked = NotApplicable.objects.filter(
        Covers(F("criterion__sort_key"), OuterRef(leaf_key)),
        unit_id=OuterRef(unit),
        criterion__index_set=index_set,
    )
    other_kind = (
        Criterion.objects.filter(index_set=index_set)
        .exclude(applies_to_kinds="")
        .filter(Covers(F("sort_key"), OuterRef(leaf_key)))
        .exclude(KindListed(F("applies_to_kinds"), OuterRef(unit_kind)))
    )
    exempt = TagExemption.objects.filter(
        Covers(F("nodes__sort_key"), OuterRef(leaf_key)),
        index_set=index_set,
        tag__units=OuterRef(unit),
    )
    condition = ~Q(Exists(marked)) & ~Q(Exists(other_kind)) & ~Q(Exists(exempt))
    if index_set.optional_methods:
        not_held = MethodNotHeld.objects.filter(
            Q(unit__isnull=True) | Q(unit_id=OuterRef(unit)),
            index_set=index_set,
            method=OuterRef(leaf_method),
            method__in=index_set.optional_methods,
        )
        condition &= ~Q(Exists(not_held))
    return condition


def applies_sql(
    index_set: IndexSet, *, unit: str, unit_kind: str, leaf_key: str, leaf_method: str
) -> tuple[str, list]:
    """`applies_row` for raw SQL over the columns (or aliases) given: the same templates
    over the same tables, ANDed NOT EXISTS like it; returns the SQL and its parameters."""
    quote = connection.ops.quote_name
    mark, node = quote(NotApplicable._meta.db_table), quote(Criterion._meta.db_table)
    exemption, exempt_nodes = (
        quote(TagExemption._meta.db_table),
        quote(TagExemption.nodes.through._meta.db_table),
    )
    unit_tags = quote(Unit.tags.through._meta.db_table)
    parts = [
        f"""NOT EXISTS (SELECT 1 FROM {mark} m JOIN {node} mn ON mn.id = m.criterion_id
            WHERE m.unit_id = {unit} AND mn.index_set_id = %s
              AND {COVERS_SQL.format(mark="mn.sort_key", leaf=leaf_key)})""",
        f"""NOT EXISTS (SELECT 1 FROM {node} kn WHERE kn.index_set_id = %s
              AND kn.applies_to_kinds <> ''
              AND {COVERS_SQL.format(mark="kn.sort_key", leaf=leaf_key)}
              AND NOT {KIND_LISTED_SQL.format(kinds="kn.applies_to_kinds", kind=unit_kind)})""",
        f"""NOT EXISTS (SELECT 1 FROM {exemption} e
              JOIN {exempt_nodes} en ON en.tagexemption_id = e.id
              JOIN {node} en_n ON en_n.id = en.criterion_id
              JOIN {unit_tags} ut ON ut.unittag_id = e.tag_id
            WHERE e.index_set_id = %s AND ut.unit_id = {unit}
              AND {COVERS_SQL.format(mark="en_n.sort_key", leaf=leaf_key)})""",
    ]
    params: list = [index_set.pk] * 3
    if index_set.optional_methods:
        not_held = quote(MethodNotHeld._meta.db_table)
        methods = ", ".join(["%s"] * len(index_set.optional_methods))
        parts.append(
            f"""NOT EXISTS (SELECT 1 FROM {not_held} h WHERE h.index_set_id = %s
              AND h.method = {leaf_method} AND h.method IN ({methods})
              AND (h.unit_id IS NULL OR h.unit_id = {unit}))"""
        )
        params += [index_set.pk, *index_set.optional_methods]
    # Raw SQL takes "%" as the parameter mark: the templates' literal "%%" stay doubled.
    return "(" + " AND ".join(parts) + ")", params


def covers_sql(*, mark_key: str, leaf_key: str) -> str:
    """COVERS_SQL for raw SQL over the columns (or aliases) given."""
    return COVERS_SQL.format(leaf=leaf_key, mark=mark_key)


@dataclass
class Applicability:
    """What does not apply to some units on one set, and why, read in a few queries.

    The reasons, in the order they are told: a mark on the node (or above it) for the unit;
    a node (or one above it) for other kinds of unit; an exemption of the set for an
    attribute the unit carries; an optional method the set did not hold for the unit.
    """

    marks: dict[int, list[tuple[str, str]]] = field(default_factory=dict)  # unit → (key, reason)
    kinds: dict[int, str] = field(default_factory=dict)  # unit → kind
    kind_nodes: list[tuple[str, str]] = field(default_factory=list)  # (key, "ward,commune")
    tags: dict[int, set[int]] = field(default_factory=dict)  # unit → tag ids
    exemptions: dict[int, list[tuple[str, str]]] = field(default_factory=dict)  # tag → (key, why)
    methods: dict[str, str] = field(default_factory=dict)  # leaf key → method (when needed)
    not_held: dict[int | None, dict[str, str]] = field(default_factory=dict)  # unit → method → why

    def applies(self, unit_id: int, node: Criterion | str) -> bool:
        return self.reason_for(unit_id, node) is None

    def reason_for(self, unit_id: int, node: Criterion | str) -> str | None:
        """Why `node` does not apply to the unit, in the user's language; None: it applies."""
        if not self._may_exempt(unit_id):
            return None  # most units, asked for each of a set's nodes (a year's workbook)
        key = node if isinstance(node, str) else node.sort_key
        for mark_key, reason in self.marks.get(unit_id, ()):
            if covers(mark_key, key):
                return reason or str(_("Marked not applicable to this unit"))
        kind = self.kinds.get(unit_id)
        for node_key, kinds in self.kind_nodes:
            if covers(node_key, key) and not kind_listed(kinds, kind or ""):
                label = dict(UnitKind.choices).get(kind or "", kind or "")
                return str(_("Does not apply to a unit of kind %(kind)s")) % {"kind": label}
        for tag in self.tags.get(unit_id, ()):
            for node_key, reason in self.exemptions.get(tag, ()):
                if covers(node_key, key):
                    return reason
        method = node.method if not isinstance(node, str) else self.methods.get(key, "")
        for whom in (unit_id, None):
            why = self.not_held.get(whom, {}).get(method)
            if why is not None:
                label = dict(Method.choices).get(method, method)
                text = str(_("%(method)s not held")) % {"method": label}
                return f"{text}: {why}" if why else text
        return None

    def exempt_keys(self, unit_id: int, keys: Iterable[str]) -> set[str]:
        """Of the sort keys given, those that do not apply to the unit."""
        if not self._may_exempt(unit_id):
            return set()  # most units: nothing can take a leaf off them
        return {key for key in keys if not self.applies(unit_id, key)}

    def _may_exempt(self, unit_id: int) -> bool:
        return bool(
            self.marks.get(unit_id)
            or self.kind_nodes
            or (self.tags.get(unit_id) and self.exemptions)
            or self.not_held.get(unit_id)
            or self.not_held.get(None)
        )


def applicability(index_set: IndexSet, unit_ids: Iterable[int]) -> Applicability:
    """Everything that takes leaves of the set off these units: one query when the set
    declares nothing by kind, attribute or optional method, up to four when it does."""
    ids = list(unit_ids)
    result = Applicability()
    for unit_id, key, kinds, tag, reason in _declared(index_set, ids):
        if unit_id is not None:
            result.marks.setdefault(unit_id, []).append((key, reason))
        elif tag is None:
            result.kind_nodes.append((key, kinds))
        else:
            result.exemptions.setdefault(tag, []).append((key, reason))
    if result.kind_nodes:
        result.kinds = dict(Unit.objects.filter(pk__in=ids).values_list("pk", "kind"))
    if result.exemptions:
        for unit_id, tag_id in Unit.tags.through.objects.filter(
            unit_id__in=ids, unittag_id__in=list(result.exemptions)
        ).values_list("unit_id", "unittag_id"):
            result.tags.setdefault(unit_id, set()).add(tag_id)
    if index_set.optional_methods:
        for unit_id, method, reason in MethodNotHeld.objects.filter(
            Q(unit__isnull=True) | Q(unit_id__in=ids),
            index_set=index_set,
            method__in=index_set.optional_methods,
        ).values_list("unit_id", "method", "reason"):
            result.not_held.setdefault(unit_id, {})[method] = reason
        if result.not_held:
            result.methods = dict(
                index_set.criteria.exclude(method="").values_list("sort_key", "method")
            )
    return result


def _declared(index_set: IndexSet, unit_ids: list[int]) -> list[tuple]:
    """One UNION ALL query of (unit, node key, kinds, tag, reason): the units' marks
    (unit, key, "", None, reason), the nodes restricted to some kinds (None, key, kinds,
    None, "") and each node of an exemption by attribute (None, key, "", tag, reason)."""
    # Typed, so that PostgreSQL matches the NULLs with the id columns of the other members.
    no_id = Cast(Value(None), BigIntegerField())
    no_text = Value("", output_field=CharField())

    def columns(queryset: QuerySet, unit, key, kinds, tag, reason) -> QuerySet:
        # Annotations only, added in one order: the members of a UNION must agree on it.
        return (
            queryset.order_by()
            .annotate(c_unit=unit, c_key=key, c_kinds=kinds, c_tag=tag, c_reason=reason)
            .values_list("c_unit", "c_key", "c_kinds", "c_tag", "c_reason")
        )

    marks = columns(
        NotApplicable.objects.filter(criterion__index_set=index_set, unit_id__in=unit_ids),
        F("unit_id"), F("criterion__sort_key"), no_text, no_id, F("reason"),
    )  # fmt: skip
    restricted = columns(
        Criterion.objects.filter(index_set=index_set).exclude(applies_to_kinds=""),
        no_id, F("sort_key"), F("applies_to_kinds"), no_id, no_text,
    )  # fmt: skip
    exempted = columns(
        TagExemption.nodes.through.objects.filter(tagexemption__index_set=index_set),
        no_id, F("criterion__sort_key"), no_text, F("tagexemption__tag_id"),
        F("tagexemption__reason"),
    )  # fmt: skip
    return list(marks.union(restricted, exempted, all=True))


def applicable_leaves(*, index_set: IndexSet, unit: Unit) -> dict[int, Criterion]:
    """The set's leaves that apply to the unit, by id, in tree order."""
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
