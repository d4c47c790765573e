"""The bonus and deduction page of a set: appraisers apply and withdraw, others read."""

from typing import cast

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from accounts.access import may_appraise
from accounts.http import AuthenticatedHttpRequest
from assessments.access import index_set_for_reader
from assessments.adjustments import adjustment_apply, adjustment_page, adjustment_remove
from assessments.membership import index_set_units
from assessments.models import Adjustment
from assessments.services.rules import appraisal_window
from indexes.models import AdjustmentItem, IndexSet
from units.models import Unit


class AdjustmentForm(forms.Form):
    # The choices depend on the set: __init__ narrows them.
    unit = forms.ModelChoiceField(label=gettext_lazy("Unit"), queryset=Unit.objects.none())
    item = forms.ModelChoiceField(
        label=gettext_lazy("Bonus or deduction"), queryset=AdjustmentItem.objects.none()
    )
    points = forms.DecimalField(
        label=gettext_lazy("Points"),
        required=False,
        localize=True,
        max_digits=6,
        decimal_places=2,
        help_text=gettext_lazy("Empty: the item's points."),
    )
    reason = forms.CharField(label=gettext_lazy("Reason"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, index_set: IndexSet, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["unit"]).queryset = index_set_units(index_set)
        cast(
            forms.ModelChoiceField, self.fields["item"]
        ).queryset = index_set.adjustment_items.all()


@login_required
@require_http_methods(["GET", "POST"])
def adjustments(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    index_set = index_set_for_reader(request.user, code)
    window = appraisal_window(index_set)
    can_edit = may_appraise(request.user) and window.is_open
    if request.method == "POST" and not may_appraise(request.user):
        raise PermissionDenied(_("Only appraisers apply bonus and deduction points."))
    if request.method == "POST" and not window.is_open:
        raise PermissionDenied(window.reason)
    form = AdjustmentForm(request.POST or None, index_set=index_set)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            adjustment_apply(
                user=request.user,
                unit=data["unit"],
                item=data["item"],
                points=data["points"],
                reason=data["reason"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The adjustment was applied."))
            return redirect("assessments:adjustments", code=index_set.code)
    ctx = {
        "index_set": index_set,
        "form": form if can_edit else None,
        "window": window,
        **adjustment_page(index_set=index_set),
    }
    return render(request, "assessments/adjustments.html", ctx)


@login_required
@require_POST
def adjustment_withdraw(request: AuthenticatedHttpRequest, code: str, pk: int) -> HttpResponse:
    index_set = index_set_for_reader(request.user, code)
    adjustment = get_object_or_404(
        Adjustment.objects.select_related("item"), pk=pk, item__index_set=index_set
    )
    try:
        adjustment_remove(user=request.user, adjustment=adjustment)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The adjustment was withdrawn."))
    return redirect("assessments:adjustments", code=index_set.code)
