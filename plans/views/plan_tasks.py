"""A plan's tasks: one task's page (with its losses, reports and history), adding and
editing tasks (as an amendment once the plan is issued), merging, splitting, removing."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts import access
from accounts.http import AuthenticatedHttpRequest
from assessments.services.common import WorkflowError
from plans import plan_selectors, plan_services
from plans.models import ImprovementPlan, PlanTask
from plans.plan_access import plan_for_manager, plan_for_user, task_for_user
from plans.plan_forms import TaskForm
from plans.plan_history import task_history


@login_required
@require_safe
def task(request: AuthenticatedHttpRequest, year: int, task_id: int) -> HttpResponse:
    plan = plan_for_user(request.user, year)
    item = task_for_user(request.user, plan, task_id)
    periods = list(plan.periods.all())
    [row] = plan_selectors.task_rows(
        plan=plan, tasks=[item], periods=periods, today=timezone.localdate()
    )
    ctx = {
        "plan": plan,
        "task": item,
        "row": row,
        # Other units' lost points are their details: for those who see every unit's.
        "losses": plan_selectors.task_losses(item)
        if access.has_dashboard_access(request.user, access.FULL)
        else [],
        "leaves": list(item.leaves.select_related("index_set").order_by("sort_key")),
        "coordinating": list(item.coordinating_units.all()),
        "documents": list(item.documents.filter(removed_at__isnull=True)),
        "history": task_history(item),
        "can_manage": access.may_manage_plans(request.user),
        "today": timezone.localdate(),
        "can_report": access.may_report_on_task(request.user, item.lead_unit_id) and plan.is_issued,
    }
    return render(request, "plans/plan/task.html", ctx)


def _data(form: TaskForm) -> plan_services.TaskData:
    data = form.cleaned_data
    return plan_services.TaskData(
        title=data["title"],
        description=data["description"],
        lead_unit=data["lead_unit"],
        deadline=data["deadline"],
        expected_output=data["expected_output"],
        coordinating_units=data["coordinating_units"],
        leaves=data["leaves"],
        criterion=data["criterion"],
    )


def _task_form_page(
    request: AuthenticatedHttpRequest, plan: ImprovementPlan, item: PlanTask | None
) -> HttpResponse:
    """The add and edit pages share this flow: validate, save through the service (an
    amendment when the plan is issued), or show the form again with the reason."""
    initial = TaskForm.initial_for(item) if item is not None else {}
    form = TaskForm(request.POST or None, plan=plan, initial=initial)
    if request.method == "POST":
        if form.is_valid():
            try:
                saved = plan_services.task_save(
                    user=request.user,
                    plan=plan,
                    task=item,
                    data=_data(form),
                    reason=form.cleaned_data.get("reason", ""),
                )
            except WorkflowError as error:
                messages.error(request, error.message)
            else:
                messages.success(request, _("The task is saved."))
                return redirect(saved.get_absolute_url())
        else:
            messages.error(request, _("Nothing was saved: correct the fields marked below."))
    ctx = {"plan": plan, "task": item, "form": form}
    return render(request, "plans/plan/task_form.html", ctx)


@login_required
@require_http_methods(["GET", "POST"])
def task_new(request: AuthenticatedHttpRequest, year: int) -> HttpResponse:
    plan = plan_for_manager(request.user, year)
    return _task_form_page(request, plan, None)


@login_required
@require_http_methods(["GET", "POST"])
def task_edit(request: AuthenticatedHttpRequest, year: int, task_id: int) -> HttpResponse:
    plan = plan_for_manager(request.user, year)
    item = task_for_user(request.user, plan, task_id)
    return _task_form_page(request, plan, item)


@login_required
@require_POST
def tasks_merge(request: AuthenticatedHttpRequest, year: int) -> HttpResponse:
    plan = plan_for_manager(request.user, year)
    ids = [int(value) for value in request.POST.getlist("task") if value.isdigit()]
    tasks = list(PlanTask.objects.filter(plan=plan, pk__in=ids))
    try:
        merged = plan_services.tasks_merge(user=request.user, plan=plan, tasks=tasks)
    except WorkflowError as error:
        messages.error(request, error.message)
        return redirect(plan.get_absolute_url())
    messages.success(request, _("The tasks are merged into one."))
    return redirect(merged.get_absolute_url())


@login_required
@require_POST
def task_split(request: AuthenticatedHttpRequest, year: int, task_id: int) -> HttpResponse:
    plan = plan_for_manager(request.user, year)
    item = task_for_user(request.user, plan, task_id)
    try:
        copy = plan_services.task_split(user=request.user, plan=plan, task=item)
    except WorkflowError as error:
        messages.error(request, error.message)
        return redirect(plan.get_absolute_url())
    messages.success(request, _("The task is split in two: edit each part."))
    return redirect("plans:task-edit", year=plan.year, task_id=copy.pk)


@login_required
@require_POST
def task_remove(request: AuthenticatedHttpRequest, year: int, task_id: int) -> HttpResponse:
    plan = plan_for_manager(request.user, year)
    item = task_for_user(request.user, plan, task_id)
    try:
        plan_services.task_remove(user=request.user, plan=plan, task=item)
    except WorkflowError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The task is removed."))
    return redirect(plan.get_absolute_url())
