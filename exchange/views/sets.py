"""The index-set template, the export of a set, and the two-step Excel import of a set."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.access import may_administer
from cchc_tracker.spreadsheet_cells import xlsx_response
from exchange.forms import ConfirmForm, UploadForm
from exchange.models import Action, Outcome
from exchange.rule_cells import format_rule_cell
from exchange.services import (
    PreviewExpired,
    exchange_log,
    index_set_excel_import,
    index_set_excel_preview,
)
from exchange.set_workbook import index_set_workbook
from exchange.views.confirm import EXPIRED, posted_preview
from indexes.models import IndexSet


@login_required
@require_safe
def set_template(request: HttpRequest) -> HttpResponse:
    exchange_log(
        user=request.user,
        action=Action.SET_TEMPLATE,
        outcome=Outcome.DONE,
        file_name="index-set-template.xlsx",
    )
    return xlsx_response(index_set_workbook(None), "index-set-template.xlsx")


@login_required
@require_safe
def set_export(request: HttpRequest, code: str) -> HttpResponse:
    """Every signed-in user reads a set's tree on its page, so every one may export it."""
    index_set = get_object_or_404(IndexSet, code=code)
    name = f"{index_set.code}.xlsx"
    exchange_log(
        user=request.user,
        action=Action.SET_EXPORT,
        outcome=Outcome.DONE,
        file_name=name,
        index_set=index_set,
        row_count=index_set.criteria.count(),
    )
    return xlsx_response(index_set_workbook(index_set), name)


def _require_set_importer(request: HttpRequest) -> None:
    if not may_administer(request.user):
        raise PermissionDenied(_("Only administrators import index sets."))


def _preview_nodes(reading) -> list[dict]:
    """The tree of a clean reading, flattened in file order for the preview table."""
    rows: list[dict] = []

    def walk(nodes: list[dict], depth: int) -> None:
        for node in nodes:
            rule = node.get("rule") or {}
            rows.append(
                {
                    "code": node["code"],
                    "name": node.get("name_vi", ""),
                    "max": node.get("max"),
                    "method": node.get("method", ""),
                    "rule": rule.get("type", ""),
                    "parameters": format_rule_cell(rule),
                    "depth": depth,
                }
            )
            walk(node.get("criteria", []) + node.get("sub_criteria", []), depth + 1)

    if reading is not None and reading.data:
        walk(reading.data.get("fields", []), 1)
    return rows


@login_required
@require_http_methods(["GET", "POST"])
def set_import(request: HttpRequest) -> HttpResponse:
    """GET: the upload form. POST: the dry run, showing the problems or what would be made."""
    _require_set_importer(request)
    form = UploadForm(request.POST or None, request.FILES or None)
    ctx: dict = {"form": form}
    if request.method == "POST" and form.is_valid():
        result = index_set_excel_preview(user=request.user, upload=form.cleaned_data["file"])
        ctx.update(result=result, nodes=_preview_nodes(result.reading) if result.ok else [])
        if result.ok and result.reading is not None:
            ctx["confirm_form"] = ConfirmForm(initial={"preview": result.log.pk})
            ctx["head"] = result.reading.data["index_set"]
    return render(request, "exchange/set_import.html", ctx)


@login_required
@require_POST
def set_import_confirm(request: HttpRequest) -> HttpResponse:
    _require_set_importer(request)
    try:
        preview = posted_preview(request, action=Action.SET_IMPORT)
    except PreviewExpired:
        messages.error(request, EXPIRED)
        return redirect("exchange:set-import")
    result = index_set_excel_import(user=request.user, preview=preview)
    if result.ok and result.index_set is not None:
        messages.success(
            request,
            _("The index set %(name)s was imported with %(count)s nodes.")
            % {"name": result.index_set.name, "count": result.log.created_count},
        )
        return redirect(result.index_set.get_absolute_url())
    ctx = {"form": UploadForm(), "result": result, "nodes": []}
    return render(request, "exchange/set_import.html", ctx)
