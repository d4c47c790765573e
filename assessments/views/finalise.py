"""Finalising every unit of a set that has no open item, after a confirmation page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from accounts import access
from accounts.http import AuthenticatedHttpRequest
from assessments.finalise_selectors import finalise_plan
from assessments.services import rules
from assessments.services.common import Refused
from assessments.services.finalise_many import appraisal_finalise_many
from indexes.models import IndexSet


@login_required
@require_http_methods(["GET", "POST"])
def finalise_ready(request: AuthenticatedHttpRequest, set_code: str) -> HttpResponse:
    index_set = get_object_or_404(IndexSet, code=set_code)
    if not access.may_appraise(request.user):
        raise PermissionDenied(_("Only appraisers finalise appraisals."))
    window = rules.appraisal_window(index_set)
    if not window.is_open:
        raise PermissionDenied(window.reason)
    board = f"{reverse('assessments:appraisal-board')}?year={index_set.year}"
    today = timezone.localdate()
    if request.method == "POST":
        confirmed = dict(key.split("|", 1) for key in request.POST.getlist("unit") if "|" in key)
        try:
            result = appraisal_finalise_many(
                user=request.user, index_set=index_set, confirmed=confirmed, today=today
            )
        except Refused as error:
            raise PermissionDenied(error.message) from error
        count = len(result.finalised)
        if count:
            messages.success(
                request,
                ngettext("%(count)s unit finalised.", "%(count)s units finalised.", count)
                % {"count": count},
            )
        elif not result.skipped:
            messages.info(request, _("No unit was chosen: nothing was finalised."))
        for name, reason in result.skipped:
            messages.warning(request, _("%(unit)s: %(reason)s") % {"unit": name, "reason": reason})
        return redirect(board)
    ctx = {
        "index_set": index_set,
        "plan": finalise_plan(index_set=index_set, today=today),
        "board": board,
    }
    return render(request, "assessments/finalise_ready.html", ctx)
