"""A unit's scores out to Excel, and self-scores or appraised scores back in (two steps)."""

from typing import TypeGuard

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts import access
from accounts.http import AuthenticatedHttpRequest
from assessments.membership import index_set_units
from assessments.models import Assessment
from assessments.services.rules import appraisal_window, self_assessment_state
from cchc_tracker.spreadsheet_cells import xlsx_response
from exchange.exports import unit_scores_workbook
from exchange.forms import ConfirmForm, UploadForm
from exchange.models import Action, Outcome
from exchange.score_import import Kind
from exchange.score_services import ACTIONS, score_excel_import, score_excel_preview
from exchange.services import PreviewExpired, exchange_log
from exchange.views.confirm import EXPIRED, posted_preview, scores_imported
from indexes.models import IndexSet
from units.models import Unit

KINDS: tuple[Kind, ...] = ("self", "appraised")


def _known_kind(kind: str) -> TypeGuard[Kind]:
    return kind in KINDS


def _unit_in_set(index_set: IndexSet, unit_code: str) -> Unit:
    unit = index_set_units(index_set).filter(code=unit_code).first()
    if unit is None:
        raise Http404
    return unit


@login_required
@require_safe
def unit_scores_export(
    request: AuthenticatedHttpRequest, code: str, unit_code: str
) -> HttpResponse:
    index_set = get_object_or_404(IndexSet, code=code)
    unit = _unit_in_set(index_set, unit_code)
    if not access.may_see_unit(request.user, unit.pk):
        raise Http404  # an outsider does not learn which units exist
    name = f"{index_set.code}-{unit.code}.xlsx"
    exchange_log(
        user=request.user,
        action=Action.SCORE_EXPORT,
        outcome=Outcome.DONE,
        file_name=name,
        index_set=index_set,
        unit=unit,
    )
    return xlsx_response(unit_scores_workbook(index_set, unit), name)


def _import_access(
    request: AuthenticatedHttpRequest, code: str, kind: Kind
) -> tuple[IndexSet, str]:
    """The set and, when imports are closed now, the reason ("" when open); else 403/404."""
    index_set = get_object_or_404(IndexSet, code=code)
    user = request.user
    if kind == "self":
        if not access.may_import_self_scores(user) or user.unit is None:
            raise PermissionDenied(_("Only a unit's officials import its self-scores."))
        unit = _unit_in_set(index_set, user.unit.code)
        state = self_assessment_state(
            user=user,
            unit=unit,
            index_set=index_set,
            assessment=Assessment.objects.filter(unit=unit, index_set=index_set).first(),
            today=timezone.localdate(),
        )
    else:
        if not access.may_import_appraised_scores(user):
            raise PermissionDenied(_("Only appraisers import appraised scores."))
        state = appraisal_window(index_set)
    return index_set, ("" if state.is_open else state.reason)


@login_required
@require_http_methods(["GET", "POST"])
def score_import(request: AuthenticatedHttpRequest, code: str, kind: str) -> HttpResponse:
    if not _known_kind(kind):
        raise Http404
    index_set, closed = _import_access(request, code, kind)
    if request.method == "POST" and closed:
        raise PermissionDenied(closed)
    form = UploadForm(request.POST or None, request.FILES or None)
    ctx: dict = {"index_set": index_set, "kind": kind, "closed": closed, "form": form}
    if request.method == "POST" and form.is_valid():
        result = score_excel_preview(
            user=request.user, index_set=index_set, kind=kind, upload=form.cleaned_data["file"]
        )
        ctx["result"] = result
        if result.ok and result.reading is not None and result.reading.changes:
            ctx["confirm_form"] = ConfirmForm(initial={"preview": result.log.pk})
            ctx["changes"] = result.reading.changes[:500]
    return render(request, "exchange/score_import.html", ctx)


@login_required
@require_POST
def score_import_confirm(request: AuthenticatedHttpRequest, code: str, kind: str) -> HttpResponse:
    if not _known_kind(kind):
        raise Http404
    index_set, closed = _import_access(request, code, kind)
    if closed:
        raise PermissionDenied(closed)
    try:
        preview = posted_preview(request, action=ACTIONS[kind], index_set=index_set)
    except PreviewExpired:
        messages.error(request, EXPIRED)
        return redirect("exchange:score-import", code=index_set.code, kind=kind)
    result = score_excel_import(user=request.user, index_set=index_set, kind=kind, preview=preview)
    if result.ok:
        messages.success(request, scores_imported(result.log))
        return redirect("exchange:home")
    ctx: dict = {"index_set": index_set, "kind": kind, "closed": "", "form": UploadForm()}
    ctx["result"] = result
    return render(request, "exchange/score_import.html", ctx)
