"""The mid-year standing: for each unit, which leaves have evidence in hand yet (a library
document tagged to the leaf, or evidence attached to it), and the points at risk
against the unit's committed target, so that a leader knows in June who will miss in
December.

The leaves counted are those the unit evidences: normal leaves that apply to it
(indexes.applicability), survey leaves aside (the survey gives their points) and bonus
and deduction lines aside (they are outside the maximum). The reads cost the same number
of queries for 27 units or 527.
"""

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import CharField, Count, F, QuerySet, Value

from assessments.membership import index_set_units
from assessments.models import Evidence
from commitments.models import CommitmentStatus
from commitments.selectors import commitment_rows
from indexes import scoring
from indexes.applicability import applicability
from indexes.models import Criterion, IndexSet, Method
from plans.models import LibraryDocument
from plans.plan_selectors import done_task_leaves_by_unit
from units.models import Unit

ZERO = Decimal(0)


def leaf_at_risk(*, has_evidence: bool, has_done_task: bool = False) -> bool:
    """THE rule of "points at risk": a leaf's points are at risk while nothing shows yet
    that the unit will earn them. Today that is evidence in hand; the improvement plan
    adds its seam here: a done task linked to the leaf (`has_done_task`) takes the leaf
    out of risk as well. Every page and sum asks this function."""
    return not (has_evidence or has_done_task)


@dataclass(frozen=True)
class LeafStanding:
    leaf: Criterion
    documents: int  # library documents tagged to it, not removed
    attached: int  # evidence attached to the unit's score on it, not removed
    has_done_task: bool = False  # filled by the plan once tasks link to leaves

    @property
    def has_evidence(self) -> bool:
        return bool(self.documents or self.attached)

    @property
    def at_risk(self) -> bool:
        return leaf_at_risk(has_evidence=self.has_evidence, has_done_task=self.has_done_task)


@dataclass
class UnitStanding:
    unit: Unit
    index_set: IndexSet
    leaves: list[LeafStanding]
    targets: dict[str, Decimal]  # the committed targets, or the set's own
    committed: bool  # whether the targets are a signed commitment's
    results: dict[str, scoring.TargetResult] = field(default_factory=dict)

    @property
    def at_risk(self) -> list[LeafStanding]:
        return [item for item in self.leaves if item.at_risk]

    @property
    def points_at_risk(self) -> Decimal:
        return sum((item.leaf.max_points for item in self.at_risk), ZERO)

    @property
    def max_points(self) -> Decimal:
        return sum((item.leaf.max_points for item in self.leaves), ZERO)

    @property
    def in_hand(self) -> int:
        return sum(1 for item in self.leaves if item.has_evidence)

    @property
    def short_of_target(self) -> Decimal:
        """Points the unit cannot reach its targets without, as things stand."""
        return sum((result.missing_points for result in self.results.values()), ZERO)

    @property
    def will_miss(self) -> bool:
        return any(result.met is False for result in self.results.values())


def figures(leaves: Sequence[LeafStanding], targets: dict[str, Decimal]):
    """Each method's points within reach (the max of leaves not at risk) against its
    target, by the one roll-up and target check of indexes.scoring."""
    groups = (
        scoring.Group(
            field_code=item.leaf.field_code,
            method=item.leaf.method,
            points=ZERO if item.at_risk else item.leaf.max_points,
            max_points=item.leaf.max_points,
            leaves=1,
        )
        for item in leaves
    )
    by_method = scoring.rollup_groups(groups).by_method
    return scoring.check_targets(
        by_method, {method: pct for method, pct in targets.items() if method in by_method}
    )


def _evidenced_leaves(index_set: IndexSet) -> list[Criterion]:
    leaves = list(
        index_set.criteria.filter(kind=scoring.NORMAL)
        .exclude(method="")
        .exclude(method=Method.SURVEY)
        .order_by("sort_key")
    )
    for leaf in leaves:
        leaf.index_set = index_set
    return leaves


def _counted(rows: QuerySet, *, source: str, unit: str, leaf: str) -> QuerySet:
    """(source, unit id, leaf id, count) per unit and leaf, counted in SQL."""
    return (
        rows.order_by()
        .annotate(c_source=Value(source, output_field=CharField()), c_unit=F(unit), c_leaf=F(leaf))
        .values("c_source", "c_unit", "c_leaf")
        .annotate(c_count=Count("pk"))
        .values_list("c_source", "c_unit", "c_leaf", "c_count")
    )


def _in_hand(index_set: IndexSet, unit_ids: list[int]) -> dict[str, dict[tuple[int, int], int]]:
    """Per (unit, leaf): the library documents tagged to it and the evidence attached to
    it, neither removed; one UNION ALL query, so the boards pay one query for both."""
    documents = _counted(
        LibraryDocument.leaves.through.objects.filter(
            librarydocument__index_set=index_set,
            librarydocument__unit_id__in=unit_ids,
            librarydocument__removed_at__isnull=True,
        ),
        source="documents",
        unit="librarydocument__unit_id",
        leaf="criterion_id",
    )
    attached = _counted(
        Evidence.objects.filter(
            score__criterion__index_set=index_set,
            score__unit_id__in=unit_ids,
            removed_at__isnull=True,
        ),
        source="attached",
        unit="score__unit_id",
        leaf="score__criterion_id",
    )
    counts: dict[str, dict[tuple[int, int], int]] = {"documents": {}, "attached": {}}
    for source, unit_id, leaf_id, count in documents.union(attached, all=True):
        counts[source][(unit_id, leaf_id)] = count
    return counts


def set_standings(
    *,
    index_set: IndexSet,
    units: Sequence[Unit] | None = None,
    with_targets: bool = True,
    done_tasks: Collection[tuple[int, int]] | None = None,
) -> list[UnitStanding]:
    """The standing of every unit the set scores (or of `units`), in unit order; without
    the targets (no commitment read) where a page needs only the leaves. `done_tasks`
    holds the (unit id, leaf id) pairs that a done task of the improvement plan covers;
    by default the plan of the set's year is read for them, in one query."""
    if units is None:
        units = list(index_set_units(index_set))
    unit_ids = [unit.pk for unit in units]
    leaves = _evidenced_leaves(index_set)
    marks = applicability(index_set, unit_ids)
    in_hand = _in_hand(index_set, unit_ids)
    documents, attached = in_hand["documents"], in_hand["attached"]
    rows = (
        {row.unit.pk: row for row in commitment_rows(year=index_set.year, unit_ids=unit_ids)}
        if with_targets
        else {}
    )
    keys = [leaf.sort_key for leaf in leaves]
    done = set(
        done_task_leaves_by_unit(unit_ids=unit_ids, year=index_set.year)
        if done_tasks is None
        else done_tasks
    )
    standings = []
    for unit in units:
        exempt = marks.exempt_keys(unit.pk, keys)
        items = [
            LeafStanding(
                leaf=leaf,
                documents=documents.get((unit.pk, leaf.pk), 0),
                attached=attached.get((unit.pk, leaf.pk), 0),
                has_done_task=(unit.pk, leaf.pk) in done,
            )
            for leaf in leaves
            if leaf.sort_key not in exempt
        ]
        row = rows.get(unit.pk)
        committed = bool(
            row and row.commitment and row.commitment.status == CommitmentStatus.SIGNED
        )
        targets = (row.targets if committed else row.year_targets) if row else {}
        standing = UnitStanding(unit, index_set, items, targets, committed)
        standing.results = figures(items, targets)
        standings.append(standing)
    return standings


def year_standings(*, year: int) -> list[UnitStanding]:
    """Every unit of the year's sets, the most points at risk first."""
    standings = [
        standing
        for index_set in IndexSet.objects.filter(year=year).order_by("code")
        for standing in set_standings(index_set=index_set)
    ]
    return sorted(standings, key=lambda s: (-s.points_at_risk, -s.short_of_target))
