"""The appraisers' survey sheet in two steps: the check (dry run), then the import."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts import access
from accounts.http import AuthenticatedHttpRequest
from assessments.services.rules import appraisal_window
from exchange import survey_import as survey
from exchange.forms import ConfirmForm, SurveyUploadForm
from exchange.services import PreviewExpired
from exchange.views.confirm import EXPIRED, posted_preview, scores_imported
from indexes.models import IndexSet

MAX_SHOWN = 500  # changes listed on the check's page; the import takes them all


def _survey_access(request: AuthenticatedHttpRequest, code: str) -> tuple[IndexSet, str]:
    """The set and, when the appraisal window is closed, the reason ("" when open)."""
    index_set = get_object_or_404(IndexSet, code=code)
    if not access.may_appraise(request.user):
        raise PermissionDenied(_("Only appraisers import survey results."))
    window = appraisal_window(index_set)
    return index_set, ("" if window.is_open else window.reason)


@login_required
@require_http_methods(["GET", "POST"])
def survey_import(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    """GET: the upload form. POST: the check, showing the problems or what would change."""
    index_set, closed = _survey_access(request, code)
    if request.method == "POST" and closed:
        raise PermissionDenied(closed)
    form = SurveyUploadForm(request.POST or None, request.FILES or None)
    ctx: dict = {"index_set": index_set, "closed": closed, "form": form}
    if request.method == "POST" and form.is_valid():
        result = survey.survey_preview(
            user=request.user, index_set=index_set, upload=form.cleaned_data["file"]
        )
        ctx["result"] = result
        if result.ok and result.plan is not None and result.plan.changes:
            ctx["confirm_form"] = ConfirmForm(initial={"preview": result.log.pk})
            ctx["changes"] = result.plan.changes[:MAX_SHOWN]
    return render(request, "exchange/survey_import.html", ctx)


@login_required
@require_POST
def survey_import_confirm(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    index_set, closed = _survey_access(request, code)
    if closed:
        raise PermissionDenied(closed)
    try:
        preview = posted_preview(request, action=survey.ACTION, index_set=index_set)
    except PreviewExpired:
        messages.error(request, EXPIRED)
        return redirect("exchange:survey-import", code=index_set.code)
    result = survey.survey_import(user=request.user, index_set=index_set, preview=preview)
    if result.ok:
        messages.success(request, scores_imported(result.log))
        return redirect(f"{reverse('assessments:appraisal-board')}?year={index_set.year}")
    ctx = {"index_set": index_set, "closed": "", "form": SurveyUploadForm(), "result": result}
    return render(request, "exchange/survey_import.html", ctx)
