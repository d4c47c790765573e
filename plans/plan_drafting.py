"""Drafting next year's plan from a published year's results: one task per criterion on
which units lost points, with the points lost in total and per unit, the units concerned,
and the node of next year's set that continues the criterion (the clone's lineage,
`Criterion.source`).

Points lost are `assessments.losses`'s definition (the leaves the dashboards name as the
units' worst): the max of an applicable leaf less the points that count, per unit.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from assessments.losses import worst_leaves
from assessments.membership import index_set_units
from indexes.models import Criterion, IndexSet, Phase
from plans.models import ImprovementPlan, PlanPeriod, PlanTask, TaskLoss
from units.models import Unit

RESULTS_PHASES = (Phase.PUBLISHED, Phase.CLOSED)
# Tasks are due before the self-assessment of the plan year opens (October): the evidence
# they produce must exist by then.
DEFAULT_DEADLINE = (9, 30)
QUARTERS = ((1, 3), (4, 6), (7, 9), (10, 12))
# A task groups the lost leaves under one criterion (the second level of the tree).
CRITERION_DEPTH = 2


@dataclass
class Proposal:
    """One proposed task: a criterion of the results year and what it cost whom."""

    source: Criterion
    following: Criterion | None  # the plan year's node continuing it
    field_node: Criterion | None  # the plan year's field it counts under
    losses: dict[int, Decimal] = field(default_factory=dict)  # unit id → points lost
    leaves: list[Criterion] = field(default_factory=list)  # the plan year's lost leaves

    @property
    def points_lost(self) -> Decimal:
        return sum(self.losses.values(), Decimal("0"))


def results_sets(results_year: int) -> list[IndexSet]:
    return list(
        IndexSet.objects.filter(year=results_year, phase__in=RESULTS_PHASES).order_by("code")
    )


def quarter_periods(year: int) -> list[tuple[str, date, date]]:
    """The four quarters of the year: (label, first day, last day)."""
    ends = {3: 31, 6: 30, 9: 30, 12: 31}
    return [
        (
            _("Quarter %(number)s") % {"number": n},
            date(year, first, 1),
            date(year, last, ends[last]),
        )
        for n, (first, last) in enumerate(QUARTERS, start=1)
    ]


def _criterion_code(code: str) -> str:
    return ".".join(code.split(".")[:CRITERION_DEPTH])


def set_proposals(*, index_set: IndexSet, plan_year: int) -> list[Proposal]:
    """The proposals of one results set, in the order of its tree (4 queries)."""
    nodes = {node.pk: node for node in index_set.criteria.all()}
    by_code = {node.code: node for node in nodes.values()}
    leaf_count = sum(1 for node in nodes.values() if node.method)
    unit_ids = list(index_set_units(index_set).values_list("pk", flat=True))
    losses = worst_leaves(index_set=index_set, unit_ids=unit_ids, limit=max(leaf_count, 1))
    copies = {
        copy.source_id: copy
        for copy in Criterion.objects.filter(source__index_set=index_set, index_set__year=plan_year)
    }
    fields = {(copy.index_set_id, copy.code): copy for copy in copies.values() if copy.depth == 1}
    proposals: dict[str, Proposal] = {}
    for unit_losses in losses.values():
        for loss in unit_losses:
            source = by_code[_criterion_code(loss.code)]
            proposal = proposals.get(source.code)
            if proposal is None:
                following = copies.get(source.pk)
                field_node = (
                    fields.get((following.index_set_id, following.field_code))
                    if following is not None
                    else None
                )
                proposal = proposals[source.code] = Proposal(source, following, field_node)
            proposal.losses[loss.unit_id] = proposal.losses.get(loss.unit_id, Decimal("0")) + (
                loss.lost
            )
            leaf_copy = copies.get(loss.criterion_id)
            if leaf_copy is not None and leaf_copy not in proposal.leaves:
                proposal.leaves.append(leaf_copy)
    return sorted(proposals.values(), key=lambda p: p.source.sort_key)


@transaction.atomic
def plan_draft(*, year: int, user) -> ImprovementPlan:
    """The plan of `year`, drafted from the published results of the year before: its
    quarters and one task per criterion that lost points. Refused (nothing saved) when a
    plan of the year exists or the results are not published."""
    results_year = year - 1
    if ImprovementPlan.objects.filter(year=year).exists():
        raise ValidationError(
            _("The improvement plan of %(year)s exists already.") % {"year": year}
        )
    sets = results_sets(results_year)
    if not sets:
        raise ValidationError(
            _("The results of %(year)s are not published yet: there is nothing to draft from.")
            % {"year": results_year}
        )
    plan = ImprovementPlan.objects.create(
        year=year,
        results_year=results_year,
        title=_("Plan to improve the administrative reform index in %(year)s") % {"year": year},
        purpose=_(
            "To remedy the criteria on which the units lost points in %(year)s and reach the "
            "targets of the index in the plan year."
        )
        % {"year": results_year},
        created_by=user,
    )
    PlanPeriod.objects.bulk_create(
        PlanPeriod(plan=plan, number=n, label=label, starts_on=first, ends_on=last)
        for n, (label, first, last) in enumerate(quarter_periods(year), start=1)
    )
    units = Unit.objects.in_bulk(
        {unit_id for s in sets for unit_id in index_set_units(s).values_list("pk", flat=True)}
    )
    position = 0
    for index_set in sets:
        for proposal in set_proposals(index_set=index_set, plan_year=year):
            position += 1
            _task_from(plan, proposal, position, units)
    return plan


def _task_from(
    plan: ImprovementPlan, proposal: Proposal, position: int, units: dict[int, Unit]
) -> PlanTask:
    ranked = sorted(proposal.losses.items(), key=lambda item: (-item[1], units[item[0]].sort_order))
    node = proposal.following or proposal.source
    hints = list(
        dict.fromkeys(leaf.evidence_hint for leaf in proposal.leaves if leaf.evidence_hint)
    )
    task = PlanTask(
        plan=plan,
        position=position,
        title=_("Improve criterion %(code)s: %(name)s") % {"code": node.code, "name": node.name},
        description=_("Units lost %(points)s points on it in %(year)s.")
        % {"points": _points_text(proposal.points_lost), "year": plan.results_year},
        source_criterion=proposal.source,
        criterion=proposal.following,
        field=proposal.field_node,
        # The unit that lost most leads the task; the drafter changes it where another
        # unit is responsible for the criterion.
        lead_unit_id=ranked[0][0],
        deadline=date(plan.year, *DEFAULT_DEADLINE),
        expected_output="\n".join(hints)[:2000],
        points_lost=proposal.points_lost,
        units_concerned=len(ranked),
    )
    task._history_user = plan.created_by  # type: ignore[attr-defined]
    task.save()
    task.leaves.set(proposal.leaves)
    task.coordinating_units.set([unit_id for unit_id, _lost in ranked[1:]])
    TaskLoss.objects.bulk_create(
        TaskLoss(task=task, unit_id=unit_id, points_lost=lost) for unit_id, lost in ranked
    )
    return task


def _points_text(points: Decimal) -> str:
    return number_format(points, decimal_pos=2)
