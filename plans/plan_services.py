"""The plan's writes: its header and periods, its tasks (edit, add, merge, split, remove),
issuing and closing it.

A draft is edited freely by those who manage plans. Issuing freezes it: from then on a
task changes (or a task is added) only as an amendment with a reason, kept in the plan's
amendments and in the task's history. A closed plan changes no more. Every refusal raises
`Refused` or `Invalid` with the message for the user, and saves nothing.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.db.models import F, Sum
from django.utils.translation import gettext as _

from accounts import access
from assessments.services.common import Invalid, Refused
from indexes.models import Criterion, IndexSet
from plans.models import (
    Amendment,
    ImprovementPlan,
    PlanPeriod,
    PlanPhase,
    PlanTask,
    TaskLoss,
)
from units.models import Unit

HEADER_FIELDS = (
    "title",
    "number",
    "issued_on",
    "place",
    "issuer_parent",
    "issuer",
    "signer_name",
    "signer_title",
    "purpose",
)


@dataclass
class TaskData:
    """What the task form gives: the drafter's choices, checked here."""

    title: str
    lead_unit: Unit | None
    deadline: date | None
    description: str = ""
    expected_output: str = ""
    coordinating_units: Iterable[Unit] = ()
    leaves: Iterable[Criterion] = ()
    criterion: Criterion | None = None


def _refuse_unless_manager(user) -> None:
    if not access.may_manage_plans(user):
        raise Refused(_("Only leaders and administrators manage the improvement plan."))


def _refuse_unless_draft(plan: ImprovementPlan) -> None:
    if not plan.is_draft:
        raise Refused(
            _("The plan is %(phase)s: this is only possible while it is a draft.")
            % {"phase": plan.get_phase_display()}
        )


def _amendment_reason(plan: ImprovementPlan, reason: str) -> str:
    """'' for a draft; an issued plan needs a reason; a closed one changes no more."""
    if plan.is_draft:
        return ""
    if not plan.is_issued:
        raise Refused(_("The plan is closed: it changes no more."))
    reason = (reason or "").strip()
    if not reason:
        raise Invalid(
            _(
                "The plan is issued: a change is an amendment and needs its reason. "
                "Nothing was saved."
            )
        )
    return reason


@transaction.atomic
def plan_header_update(*, user, plan: ImprovementPlan, **values) -> ImprovementPlan:
    _refuse_unless_manager(user)
    _refuse_unless_draft(plan)
    for name in HEADER_FIELDS:
        if name in values:
            setattr(plan, name, values[name])
    # Plans are issued at the start of their year, or late in the year before.
    if plan.issued_on is not None and plan.issued_on.year not in (plan.year, plan.year - 1):
        raise Invalid(
            _("The plan's date must fall in %(before)s or %(year)s.")
            % {"before": plan.year - 1, "year": plan.year}
        )
    plan.full_clean()
    plan._history_user = user  # type: ignore[attr-defined]
    plan.save()
    return plan


@transaction.atomic
def plan_periods_set(
    *, user, plan: ImprovementPlan, periods: list[tuple[str, date, date]]
) -> list[PlanPeriod]:
    """Replace the draft's periods (quarters by default) with `periods`, in date order:
    inside the plan year, none overlapping another."""
    _refuse_unless_manager(user)
    _refuse_unless_draft(plan)
    if not periods:
        raise Invalid(_("A plan needs at least one reporting period."))
    ordered = sorted(periods, key=lambda p: p[1])
    problems = []
    for label, first, last in ordered:
        if not (plan.within_year(first) and plan.within_year(last)):
            problems.append(
                _("%(label)s: a period must lie within the plan year %(year)s.")
                % {"label": label, "year": plan.year}
            )
        elif first > last:
            problems.append(
                _("%(label)s: a period cannot end before it starts.") % {"label": label}
            )
    for (label, _first, last), (next_label, next_first, _last) in zip(
        ordered, ordered[1:], strict=False
    ):
        if next_first <= last:
            problems.append(
                _("%(label)s and %(other)s overlap.") % {"label": label, "other": next_label}
            )
    if problems:
        raise Invalid(_("Nothing was saved: %(problems)s") % {"problems": " ".join(problems)})
    plan.periods.all().delete()
    return PlanPeriod.objects.bulk_create(
        PlanPeriod(plan=plan, number=n, label=label, starts_on=first, ends_on=last)
        for n, (label, first, last) in enumerate(ordered, start=1)
    )


def plan_year_sets(plan: ImprovementPlan) -> list[IndexSet]:
    return list(IndexSet.objects.filter(year=plan.year).order_by("code"))


def _checked(plan: ImprovementPlan, data: TaskData) -> list[str]:
    problems = []
    if not (data.title or "").strip():
        problems.append(_("A task needs a text."))
    if data.lead_unit is None:
        problems.append(_("A task needs a lead unit."))
    if data.deadline is None:
        problems.append(_("A task needs a deadline."))
    elif not plan.within_year(data.deadline):
        problems.append(
            _("The deadline must fall within the plan year %(year)s.") % {"year": plan.year}
        )
    if data.lead_unit is not None and any(
        u.pk == data.lead_unit.pk for u in data.coordinating_units
    ):
        problems.append(_("The lead unit cannot also be a coordinating unit."))
    nodes = [*data.leaves, *([data.criterion] if data.criterion else [])]
    set_years = dict(
        IndexSet.objects.filter(pk__in={n.index_set_id for n in nodes}).values_list("pk", "year")
    )
    wrong = [n.code for n in nodes if set_years.get(n.index_set_id) != plan.year]
    if wrong:
        problems.append(
            _("%(codes)s: not a node of an index set of %(year)s.")
            % {"codes": ", ".join(wrong), "year": plan.year}
        )
    not_leaves = [leaf.code for leaf in data.leaves if not leaf.method]
    if not_leaves:
        problems.append(_("%(codes)s: not a leaf.") % {"codes": ", ".join(not_leaves)})
    return problems


def _field_of(data: TaskData) -> Criterion | None:
    """The field (top-level node) the task counts under: its criterion's, else its first
    leaf's; none for a task tied to no node."""
    node = data.criterion or next(iter(data.leaves), None)
    if node is None:
        return None
    return Criterion.objects.filter(index_set_id=node.index_set_id, code=node.field_code).first()


def _shortened(reason: str, length: int = 100) -> str:
    return reason if len(reason) <= length else reason[: length - 1] + "…"


@transaction.atomic
def task_save(
    *, user, plan: ImprovementPlan, task: PlanTask | None, data: TaskData, reason: str = ""
) -> PlanTask:
    """Create (task None) or change a task. In an issued plan, an amendment with `reason`."""
    _refuse_unless_manager(user)
    reason = _amendment_reason(plan, reason)
    data.leaves, data.coordinating_units = list(data.leaves), list(data.coordinating_units)
    problems = _checked(plan, data)
    if problems:
        raise Invalid(_("Nothing was saved: %(problems)s") % {"problems": " ".join(problems)})
    if task is None:
        last = plan.tasks.order_by("-position").values_list("position", flat=True).first()
        task = PlanTask(plan=plan, position=(last or 0) + 1)
    task.title, task.description = data.title.strip(), data.description.strip()
    task.lead_unit, task.deadline = data.lead_unit, data.deadline  # type: ignore[assignment]
    task.expected_output = data.expected_output.strip()
    task.criterion = data.criterion
    task.field = _field_of(data)
    task.full_clean()
    task._history_user = user  # type: ignore[attr-defined]
    # The history keeps 100 characters of the reason; the amendment keeps all of it.
    task._change_reason = _shortened(reason) or None  # type: ignore[attr-defined]
    task.save()
    task.leaves.set(data.leaves)
    task.coordinating_units.set(data.coordinating_units)
    if reason:
        Amendment.objects.create(plan=plan, task=task, reason=reason, made_by=user)
    return task


@transaction.atomic
def tasks_merge(*, user, plan: ImprovementPlan, tasks: list[PlanTask]) -> PlanTask:
    """One task from several of the draft: the first keeps its text and lead unit and
    takes the others' leaves, coordinating units (and their lead units) and lost points."""
    _refuse_unless_manager(user)
    _refuse_unless_draft(plan)
    if len(tasks) < 2 or any(task.plan_id != plan.pk for task in tasks):
        raise Invalid(_("Choose at least two tasks of this plan to merge."))
    keep, *others = sorted(tasks, key=lambda t: (t.position, t.pk))
    leaves = {leaf.pk for task in tasks for leaf in task.leaves.all()}
    helpers = {unit.pk for task in tasks for unit in task.coordinating_units.all()}
    helpers |= {task.lead_unit_id for task in others}
    helpers.discard(keep.lead_unit_id)
    losses = (
        TaskLoss.objects.filter(task__in=tasks)
        .values("unit_id")
        .annotate(points=Sum("points_lost"))
        .order_by()
    )
    merged = {row["unit_id"]: row["points"] for row in losses}
    keep.expected_output = "\n".join(
        dict.fromkeys(t.expected_output for t in tasks if t.expected_output)
    )[:2000]
    keep.description = "\n".join(dict.fromkeys(t.description for t in tasks if t.description))
    keep.points_lost = sum(merged.values(), Decimal("0"))
    keep.units_concerned = len(merged)
    keep._history_user = user  # type: ignore[attr-defined]
    keep.save()
    TaskLoss.objects.filter(task__in=tasks).delete()
    TaskLoss.objects.bulk_create(
        TaskLoss(task=keep, unit_id=unit_id, points_lost=points)
        for unit_id, points in merged.items()
    )
    keep.leaves.set(leaves)
    keep.coordinating_units.set(helpers)
    for other in others:
        other._history_user = user  # type: ignore[attr-defined]
        other.delete()
    return keep


@transaction.atomic
def task_split(*, user, plan: ImprovementPlan, task: PlanTask) -> PlanTask:
    """A copy of a draft's task right after it, to divide the work between the two (the
    points lost stay with the original)."""
    _refuse_unless_manager(user)
    _refuse_unless_draft(plan)
    plan.tasks.filter(position__gt=task.position).update(position=F("position") + 1)
    copy = PlanTask.objects.create(
        plan=plan,
        position=task.position + 1,
        title=task.title,
        description=task.description,
        criterion=task.criterion,
        field=task.field,
        lead_unit=task.lead_unit,
        deadline=task.deadline,
        expected_output=task.expected_output,
    )
    copy.leaves.set(task.leaves.all())
    copy.coordinating_units.set(task.coordinating_units.all())
    return copy


@transaction.atomic
def task_remove(*, user, plan: ImprovementPlan, task: PlanTask) -> None:
    _refuse_unless_manager(user)
    _refuse_unless_draft(plan)
    task._history_user = user  # type: ignore[attr-defined]
    task.delete()


@transaction.atomic
def plan_issue(*, user, plan: ImprovementPlan) -> ImprovementPlan:
    """Issue the draft: it needs its number, date, signer, periods and tasks."""
    _refuse_unless_manager(user)
    _refuse_unless_draft(plan)
    missing = [
        str(getattr(ImprovementPlan._meta.get_field(name), "verbose_name", name))
        for name in ("number", "issued_on", "signer_name")
        if not getattr(plan, name)
    ]
    if missing:
        raise Invalid(
            _("Before it is issued the plan needs: %(fields)s.") % {"fields": ", ".join(missing)}
        )
    if not plan.tasks.exists():
        raise Invalid(_("A plan without tasks cannot be issued."))
    if not plan.periods.exists():
        raise Invalid(_("A plan needs at least one reporting period."))
    plan.phase = PlanPhase.ISSUED
    plan._history_user = user  # type: ignore[attr-defined]
    plan.save(update_fields=["phase"])
    return plan


@transaction.atomic
def plan_close(*, user, plan: ImprovementPlan) -> ImprovementPlan:
    _refuse_unless_manager(user)
    if not plan.is_issued:
        raise Refused(_("Only an issued plan can be closed."))
    plan.phase = PlanPhase.CLOSED
    plan._history_user = user  # type: ignore[attr-defined]
    plan.save(update_fields=["phase"])
    return plan
