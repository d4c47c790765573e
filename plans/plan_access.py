"""The plan's fetchers, on top of the rules in accounts/access.py: each returns the object
or raises Http404 for someone who may not read it (it does not exist for them) and
PermissionDenied, with the reason, for a reader who may not change it."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from accounts import access
from accounts.access import AnyUser
from plans.models import ImprovementPlan, PlanPhase, PlanTask


def plan_for_user(user: AnyUser, year: int) -> ImprovementPlan:
    plan = ImprovementPlan.objects.filter(year=year).first()
    if plan is None or not access.may_read_plan(user, issued=plan.phase != PlanPhase.DRAFT):
        raise Http404
    return plan


def plan_for_manager(user: AnyUser, year: int) -> ImprovementPlan:
    plan = plan_for_user(user, year)
    require_manager(user)
    return plan


def require_manager(user: AnyUser) -> None:
    if not access.may_manage_plans(user):
        raise PermissionDenied(_("Only leaders and administrators manage the improvement plan."))


def require_reader_of_every_unit(user: AnyUser) -> None:
    if not access.reads_every_unit(user):
        raise PermissionDenied(
            _("The plan's dashboard is for appraisers, leaders and administrators.")
        )


def task_for_user(user: AnyUser, plan: ImprovementPlan, task_id: int) -> PlanTask:
    """A task of a plan the user reads (`plan_for_user`): the issued plan is addressed to
    every unit, so its tasks are read by all who read it."""
    task = (
        PlanTask.objects.select_related(
            "plan", "lead_unit", "criterion__index_set", "source_criterion__index_set", "field"
        )
        .filter(plan=plan, pk=task_id)
        .first()
    )
    if task is None:
        raise Http404
    return task
