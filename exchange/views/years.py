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
from dashboards.cache import cached_shared, fingerprint
from exchange.exports import (
    JSON_FORMAT_VERSION,
    published_year_json,
    units_workbook,
    year_workbook,
)
from exchange.models import Action, Outcome
from exchange.services import exchange_log
from indexes.models import IndexSet


def _require_year_reader(request: HttpRequest, year: int) -> list[int]:
    """The ids of the year's sets (a 404 when it has none), for a user who may read them."""
    if not may_export_years(request.user):
        raise PermissionDenied(
            _("Every unit's scores of a year are for appraisers, leaders and administrators.")
        )
    set_ids = list(IndexSet.objects.filter(year=year).values_list("pk", flat=True))
    if not set_ids:
        raise Http404
    return set_ids


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
    """The published year as JSON, kept (in the cache every worker shares) and tagged by
    the data versions of the year's sets and units: a caller that sends the ETag back as
    If-None-Match gets a 304 until a figure changes, and the others read the kept body."""
    set_ids = _require_year_reader(request, year)
    fp = fingerprint()
    key = fp.key("year-json", set_ids=set_ids, extra=[year, JSON_FORMAT_VERSION])
    etag = f'"{key.rsplit(":", 1)[-1]}"'
    if etag in [tag.strip() for tag in request.headers.get("If-None-Match", "").split(",")]:
        not_modified = HttpResponse(status=304)
        not_modified["ETag"] = etag
        return not_modified  # the caller holds these figures already: nothing goes out
    body, count = cached_shared(key, lambda: _year_json_body(year))
    if body is None:
        raise Http404
    name = f"cchc-{year}.json"
    exchange_log(
        user=request.user,
        action=Action.YEAR_JSON,
        outcome=Outcome.DONE,
        file_name=name,
        year=year,
        row_count=count,
    )
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["ETag"] = etag
    response["Cache-Control"] = "private, no-cache"
    if "download" in request.GET:
        response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _year_json_body(year: int) -> tuple[str | None, int]:
    """The JSON text and its number of results (None when nothing of the year is published)."""
    data = published_year_json(year)
    if data is None:
        return None, 0
    count = sum(len(index_set["results"]) for index_set in data["index_sets"])
    return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=1), count


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
