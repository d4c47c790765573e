"""The two-step import of units' attributes (admins only)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from accounts.access import may_administer
from exchange import unit_attributes
from exchange.forms import ConfirmForm, UploadForm
from exchange.services import PreviewExpired
from exchange.views.confirm import EXPIRED, posted_preview


def _require_admin(request: HttpRequest) -> None:
    if not may_administer(request.user):
        raise PermissionDenied(_("Only administrators import units' attributes."))


@login_required
@require_http_methods(["GET", "POST"])
def unit_attributes_import(request: HttpRequest) -> HttpResponse:
    """GET: the upload form. POST: the check, showing the problems or what would change."""
    _require_admin(request)
    form = UploadForm(request.POST or None, request.FILES or None)
    ctx: dict = {"form": form}
    if request.method == "POST" and form.is_valid():
        result = unit_attributes.unit_attributes_preview(
            user=request.user, upload=form.cleaned_data["file"]
        )
        ctx["result"] = result
        if result.ok and result.changes:
            ctx["confirm_form"] = ConfirmForm(initial={"preview": result.log.pk})
    return render(request, "exchange/unit_attributes_import.html", ctx)


@login_required
@require_POST
def unit_attributes_confirm(request: HttpRequest) -> HttpResponse:
    _require_admin(request)
    try:
        preview = posted_preview(request, action=unit_attributes.ACTION)
    except PreviewExpired:
        messages.error(request, EXPIRED)
        return redirect("exchange:unit-attributes-import")
    result = unit_attributes.unit_attributes_import(user=request.user, preview=preview)
    if result.ok:
        count = len(result.changes)
        messages.success(
            request,
            ngettext(
                "The attributes of %(count)s unit were changed.",
                "The attributes of %(count)s units were changed.",
                count,
            )
            % {"count": count},
        )
        return redirect("exchange:home")
    ctx = {"form": UploadForm(), "result": result}
    return render(request, "exchange/unit_attributes_import.html", ctx)
