"""The plan's pages: the list of plans, drafting one, the plan with its tasks, its header
and periods, issuing and closing, the printable document, the Excel export and the
leaders' dashboard.

Leaders and administrators manage plans; appraisers read every plan; officials read
issued plans (drafts are a 404 for them) and report on their unit's tasks.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts import access
from accounts.http import AuthenticatedHttpRequest
from assessments.services.common import WorkflowError
from cchc_tracker.spreadsheet_cells import xlsx_response
from commitments import documents
from indexes.models import IndexSet
from plans import plan_drafting, plan_selectors, plan_services
from plans.models import ImprovementPlan, PlanPhase
from plans.plan_access import (
    plan_for_manager,
    plan_for_user,
    require_manager,
    require_reader_of_every_unit,
)
from plans.plan_exports import plan_tasks_workbook
from plans.plan_forms import PeriodFormSet, PlanHeaderForm


def draftable_years() -> list[int]:
    """Years following a published year of results that have no plan yet (2 queries)."""
    published = set(
        IndexSet.objects.filter(phase__in=plan_drafting.RESULTS_PHASES).values_list(
            "year", flat=True
        )
    )
    planned = set(ImprovementPlan.objects.values_list("year", flat=True))
    return sorted((year + 1 for year in published if year + 1 not in planned), reverse=True)


@login_required
@require_safe
def index(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    plans = ImprovementPlan.objects.order_by("-year")
    if not access.reads_every_unit(user) and not access.may_manage_plans(user):
        plans = plans.exclude(phase=PlanPhase.DRAFT)
    ctx = {
        "plans": list(plans),
        "can_manage": access.may_manage_plans(user),
        "draftable": draftable_years() if access.may_manage_plans(user) else [],
    }
    return render(request, "plans/plan/index.html", ctx)


@login_required
@require_POST
def draft(request: AuthenticatedHttpRequest) -> HttpResponse:
    require_manager(request.user)
    year = request.POST.get("year", "")
    if not year.isdigit() or len(year) != 4:
        messages.error(request, _("Choose the year of the plan."))
        return redirect("plans:index")
    try:
        plan = plan_drafting.plan_draft(year=int(year), user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("plans:index")
    messages.success(
        request,
        _("The %(year)s plan is drafted with %(count)s tasks: edit it, then issue it.")
        % {"year": plan.year, "count": plan.tasks.count()},
    )
    return redirect(plan.get_absolute_url())


@login_required
@require_safe
def detail(request: AuthenticatedHttpRequest, year: int) -> HttpResponse:
    plan = plan_for_user(request.user, year)
    can_manage = access.may_manage_plans(request.user)
    ctx = {
        "plan": plan,
        "tasks": list(plan_selectors.plan_tasks(plan)),
        "periods": list(plan.periods.all()),
        "amendments": list(plan.amendments.select_related("task", "made_by")),
        "can_manage": can_manage,
        "can_edit": can_manage and plan.phase != PlanPhase.CLOSED,
        "reads_all": access.reads_every_unit(request.user),
        "own_unit": request.user.unit if request.user.unit_id else None,
    }
    return render(request, "plans/plan/detail.html", ctx)


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: AuthenticatedHttpRequest, year: int) -> HttpResponse:
    """The draft's header (number, date, signer...) and its reporting periods."""
    plan = plan_for_manager(request.user, year)
    periods = [
        {"label": p.label, "starts_on": p.starts_on, "ends_on": p.ends_on}
        for p in plan.periods.all()
    ]
    if request.method == "POST":
        form = PlanHeaderForm(request.POST, instance=plan)
        formset = PeriodFormSet(request.POST, prefix="periods")
        if form.is_valid() and formset.is_valid():
            chosen = [
                (row["label"], row["starts_on"], row["ends_on"])
                for row in formset.cleaned_data
                if row and not row.get("DELETE")
            ]
            try:
                _save_header_and_periods(request, plan, form.cleaned_data, chosen)
            except WorkflowError as error:
                messages.error(request, error.message)
            else:
                messages.success(request, _("The plan is saved."))
                return redirect(plan.get_absolute_url())
        else:
            messages.error(request, _("Nothing was saved: correct the fields marked below."))
    else:
        form = PlanHeaderForm(instance=plan)
        formset = PeriodFormSet(initial=periods, prefix="periods")
    return render(request, "plans/plan/edit.html", {"plan": plan, "form": form, "formset": formset})


def _save_header_and_periods(request, plan: ImprovementPlan, header: dict, periods: list) -> None:
    """Both or neither: one transaction around the two services."""
    with transaction.atomic():
        plan_services.plan_header_update(user=request.user, plan=plan, **header)
        plan_services.plan_periods_set(user=request.user, plan=plan, periods=periods)


@login_required
@require_POST
def issue(request: AuthenticatedHttpRequest, year: int) -> HttpResponse:
    plan = plan_for_manager(request.user, year)
    try:
        plan_services.plan_issue(user=request.user, plan=plan)
    except WorkflowError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The plan is issued: its tasks are frozen."))
    return redirect(plan.get_absolute_url())


@login_required
@require_POST
def close(request: AuthenticatedHttpRequest, year: int) -> HttpResponse:
    plan = plan_for_manager(request.user, year)
    try:
        plan_services.plan_close(user=request.user, plan=plan)
    except WorkflowError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The plan is closed."))
    return redirect(plan.get_absolute_url())


@login_required
@require_safe
def print_document(request: AuthenticatedHttpRequest, year: int) -> HttpResponse:
    plan = plan_for_user(request.user, year)
    # The decree's header, in the words the commitment uses (commitments/documents.py).
    header = {
        "issuer": [body.upper() for body in (plan.issuer_parent, plan.issuer or "…………") if body],
        "number_line": f"Số: {plan.number}" if plan.number else "Số: ……/KH-UBND",
        "place_date": (
            documents.place_and_date(plan.place or "…………", plan.issued_on)
            if plan.issued_on
            else None
        ),
    }
    ctx = {"plan": plan, "tasks": list(plan_selectors.plan_tasks(plan)), "header": header}
    return render(request, "plans/plan/print.html", ctx)


@login_required
@require_safe
def export(request: AuthenticatedHttpRequest, year: int) -> HttpResponse:
    plan = plan_for_user(request.user, year)
    content = plan_tasks_workbook(plan, list(plan_selectors.plan_tasks(plan)))
    return xlsx_response(content, f"ke-hoach-cai-thien-{plan.year}.xlsx")


@login_required
@require_safe
def dashboard(request: AuthenticatedHttpRequest, year: int) -> HttpResponse:
    plan = plan_for_user(request.user, year)
    require_reader_of_every_unit(request.user)
    board = plan_selectors.plan_dashboard(plan=plan, today=timezone.localdate())
    return render(request, "plans/plan/dashboard.html", {"plan": plan, "board": board})
