"""The appraisers' page that records which optional methods were not held for which units."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts import access
from accounts.http import AuthenticatedHttpRequest
from assessments.membership import index_set_units
from assessments.method_forms import MethodsNotHeldForm
from assessments.methods_selectors import not_held_table
from assessments.services import rules
from assessments.services.common import Invalid, Refused
from assessments.services.methods import methods_not_held_record
from indexes.models import IndexSet


@login_required
@require_http_methods(["GET", "POST"])
def methods_not_held(request: AuthenticatedHttpRequest, set_code: str) -> HttpResponse:
    index_set = get_object_or_404(IndexSet, code=set_code)
    if not access.may_appraise(request.user):
        raise PermissionDenied(_("Only appraisers record which optional methods were not held."))
    window = rules.appraisal_window(index_set)
    units = list(index_set_units(index_set))
    form = MethodsNotHeldForm(index_set=index_set, units=units)
    if request.method == "POST":
        if not window.is_open:
            raise PermissionDenied(window.reason)
        form = MethodsNotHeldForm(request.POST, index_set=index_set, units=units)
        if form.is_valid():
            try:
                change = methods_not_held_record(
                    user=request.user,
                    index_set=index_set,
                    not_held=form.not_held(),
                    reason=form.cleaned_data["reason"],
                )
            except Refused as error:
                raise PermissionDenied(error.message) from error
            except Invalid as error:
                messages.error(request, error.message)
            else:
                messages.success(
                    request,
                    _("Saved: %(recorded)s marked not held, %(withdrawn)s held again.")
                    % {"recorded": change.recorded, "withdrawn": change.withdrawn},
                )
                return redirect(request.path)
    ctx = {
        "index_set": index_set,
        "window": window,
        "form": form,
        "table": not_held_table(index_set=index_set, units=units, form=form),
    }
    return render(request, "assessments/methods_not_held.html", ctx)
