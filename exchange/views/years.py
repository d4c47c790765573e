"""A whole year out to Excel, and a published year out to JSON for other systems."""

import json

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from accounts.access import may_export_years
from cchc_tracker.spreadsheet_cells import xlsx_response
from exchange.exports import published_year_json, units_workbook, year_workbook
from exchange.models import Action, Outcome
from exchange.services import exchange_log
from indexes.models import IndexSet


def _require_year_reader(request: HttpRequest, year: int) -> None:
    if not may_export_years(request.user):
        raise PermissionDenied(
            _("Every unit's scores of a year are for appraisers, leaders and administrators.")
        )
    if not IndexSet.objects.filter(year=year).exists():
        raise Http404


@login_required
@require_safe
def year_export(request: HttpRequest, year: int) -> HttpResponse:
    _require_year_reader(request, year)
    workbook, count = year_workbook(year)
    name = f"cchc-{year}.xlsx"
    exchange_log(
        user=request.user,
        action=Action.YEAR_EXPORT,
        outcome=Outcome.DONE,
        file_name=name,
        year=year,
        row_count=count,
    )
    return xlsx_response(workbook, name)


@login_required
@require_safe
def year_json(request: HttpRequest, year: int) -> HttpResponse:
    _require_year_reader(request, year)
    data = published_year_json(year)
    if data is None:
        raise Http404
    name = f"cchc-{year}.json"
    exchange_log(
        user=request.user,
        action=Action.YEAR_JSON,
        outcome=Outcome.DONE,
        file_name=name,
        year=year,
        row_count=sum(len(index_set["results"]) for index_set in data["index_sets"]),
    )
    body = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=1)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    if "download" in request.GET:
        response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_safe
def units_export(request: HttpRequest) -> HttpResponse:
    """The units table of the overview, which every signed-in user reads."""
    workbook, count = units_workbook()
    exchange_log(
        user=request.user,
        action=Action.UNITS_EXPORT,
        outcome=Outcome.DONE,
        file_name="units.xlsx",
        row_count=count,
    )
    return xlsx_response(workbook, "units.xlsx")
