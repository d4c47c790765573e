"""Progress on the plan: a unit's tasks with their periods' reports, and the report form
of the lead unit's officials (a report's files are library documents, downloaded through
the library)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from accounts import access
from accounts.http import AuthenticatedHttpRequest
from assessments.services.common import WorkflowError
from plans import plan_selectors
from plans.models import ProgressReport
from plans.plan_access import plan_for_user, task_for_user
from plans.plan_forms import ReportForm
from plans.plan_reports import progress_report_save


@login_required
@require_safe
def unit_tasks(request: AuthenticatedHttpRequest, year: int, unit_code: str) -> HttpResponse:
    plan = plan_for_user(request.user, year)
    unit = access.unit_for_user(request.user, unit_code)
    rows = plan_selectors.unit_task_rows(plan=plan, unit=unit, today=timezone.localdate())
    ctx = {
        "plan": plan,
        "unit": unit,
        "rows": rows,
        "periods": list(plan.periods.all()),
        "today": timezone.localdate(),
        "can_report": access.may_report_on_task(request.user, unit.pk) and plan.is_issued,
    }
    return render(request, "plans/plan/unit_tasks.html", ctx)


@login_required
@require_http_methods(["GET", "POST"])
def report(request: AuthenticatedHttpRequest, year: int, task_id: int, period: int) -> HttpResponse:
    plan = plan_for_user(request.user, year)
    task = task_for_user(request.user, plan, task_id)
    chosen = plan.periods.filter(number=period).first()
    if chosen is None:
        raise Http404
    if not access.may_report_on_task(request.user, task.lead_unit_id):
        raise PermissionDenied(_("Only the officials of the lead unit report on this task."))
    existing = ProgressReport.objects.filter(task=task, period=chosen).first()
    initial = {"status": existing.status, "text": existing.text} if existing else {}
    form = ReportForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST":
        if form.is_valid():
            try:
                progress_report_save(
                    user=request.user,
                    task=task,
                    period=chosen,
                    status=form.cleaned_data["status"],
                    text=form.cleaned_data["text"],
                    files=form.cleaned_data["files"],
                )
            except WorkflowError as error:
                messages.error(request, error.message)
            else:
                messages.success(request, _("The progress report is saved."))
                return redirect("plans:unit-tasks", year=plan.year, unit_code=task.lead_unit.code)
        else:
            messages.error(request, _("Nothing was saved: correct the fields marked below."))
    ctx = {
        "plan": plan,
        "task": task,
        "period": chosen,
        "form": form,
        "existing": existing,
        "documents": list(existing.documents.all()) if existing else [],
    }
    return render(request, "plans/plan/report.html", ctx)
