"""/api/v1/: read-only endpoints for the operations centre and the province's systems.

Django Ninja builds the OpenAPI document from the same schemas that shape the answers.
Every answer carries an ETag made of the data versions (dashboards/cache.py), so a
screen polling with If-None-Match gets a 304 after the token lookup and one query.
"""

from functools import partial

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Query
from ninja.errors import AuthenticationError, ValidationError
from ninja.security import HttpBearer

from api.errors import ApiError, error_response
from api.guard import bearer_client, require_scope
from api.models import ApiClient, Scope
from api.schemas import Error, Progress, ResultPage, SetDetail, SetPage, Years
from api.selectors import criteria_tree, open_round_progress, published_results, set_summary
from dashboards.cache import Fingerprint, cached
from indexes.models import IndexSet
from units.models import UnitKind

MAX_LIMIT = 1000
ERRORS: dict[int, type] = {400: Error, 401: Error, 403: Error, 404: Error, 422: Error, 429: Error}


class BearerToken(HttpBearer):
    """Bearer auth as the OpenAPI document declares it, checked by api.guard (which says
    why a token is refused, where Ninja would only say 401)."""

    def __call__(self, request: HttpRequest) -> ApiClient:
        return bearer_client(request)

    def authenticate(self, request: HttpRequest, token: str) -> ApiClient:
        return bearer_client(request)


api = NinjaAPI(
    title="CCHC Tracker API",
    version="1",
    urls_namespace="api-v1",
    docs_url=None,  # the interactive page loads from a CDN; the document itself is served
    auth=BearerToken(),
)


@api.exception_handler(ApiError)
def _api_error(request: HttpRequest, exc: ApiError) -> HttpResponse:
    return error_response(exc.status, exc.code, exc.message, exc.headers)


@api.exception_handler(ValidationError)
def _invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    fields = sorted({str(e["loc"][-1]) for e in exc.errors if e.get("loc")})
    return error_response(
        422,
        "invalid_filter",
        _("Invalid value for: %(fields)s.") % {"fields": ", ".join(fields) or "?"},
    )


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return error_response(401, "token_invalid", _("This token is not known."))


def _client(request: HttpRequest, scope: str) -> ApiClient:
    client: ApiClient = request.auth  # type: ignore[attr-defined]
    require_scope(client, scope)
    return client


def _not_modified(request: HttpRequest, response: HttpResponse, extra=()) -> HttpResponse | None:
    """Set the ETag of this answer; a 304 when the caller holds it already. The data
    versions are those read with the token (api/guard.py), in the same query."""
    fp: Fingerprint = request.api_versions  # type: ignore[attr-defined]
    etag = '"{}"'.format(
        fp.key(
            "api",
            set_ids=fp.sets.keys(),
            workflow=True,
            extra=(request.get_full_path(), get_language(), *extra),
        ).rsplit(":", 1)[-1]
    )
    response["ETag"] = etag
    response["Cache-Control"] = "private, no-cache"
    if etag in [t.strip() for t in request.headers.get("If-None-Match", "").split(",")]:
        not_modified = HttpResponse(status=304)
        not_modified["ETag"] = etag
        return not_modified
    request.api_fingerprint = fp  # type: ignore[attr-defined]
    return None


def _year_sets(year: int) -> list[IndexSet]:
    sets = list(IndexSet.objects.filter(year=year).order_by("code"))
    if not sets:
        raise ApiError(404, "year_not_found", _("No index set of %(year)d.") % {"year": year})
    return sets


def _check_kind(kind: str) -> None:
    if kind and kind not in UnitKind.values:
        raise ApiError(422, "invalid_filter", _("Unknown unit kind “%(kind)s”.") % {"kind": kind})


def _page(items: list, limit: int, offset: int) -> dict:
    return {
        "total": len(items),
        "limit": limit,
        "offset": offset,
        "items": items[offset : offset + limit],
    }


@api.get("/years", response={200: Years, **ERRORS}, summary="Years with their index sets")
def years(request: HttpRequest, response: HttpResponse):
    _client(request, Scope.SETS)
    if (unchanged := _not_modified(request, response)) is not None:
        return unchanged
    by_year: dict[int, list] = {}
    for index_set in IndexSet.objects.order_by("-year", "code"):
        by_year.setdefault(index_set.year, []).append(
            {
                "code": index_set.code,
                "phase": index_set.phase,
                "unit_kinds": list(index_set.unit_kinds),
            }
        )
    return {"items": [{"year": y, "sets": sets} for y, sets in by_year.items()]}


@api.get("/sets", response={200: SetPage, **ERRORS}, summary="Index sets")
def sets(
    request: HttpRequest,
    response: HttpResponse,
    year: int | None = None,
    kind: str = "",
    limit: int = Query(100, ge=1, le=MAX_LIMIT),
    offset: int = Query(0, ge=0),
):
    _client(request, Scope.SETS)
    _check_kind(kind)
    if (unchanged := _not_modified(request, response)) is not None:
        return unchanged
    found = (
        _year_sets(year) if year is not None else list(IndexSet.objects.order_by("-year", "code"))
    )
    items = [set_summary(s) for s in found if not kind or kind in s.unit_kinds]
    return _page(items, limit, offset)


@api.get("/sets/{code}", response={200: SetDetail, **ERRORS}, summary="An index set and its tree")
def set_detail(request: HttpRequest, response: HttpResponse, code: str):
    _client(request, Scope.SETS)
    if (unchanged := _not_modified(request, response)) is not None:
        return unchanged
    index_set = IndexSet.objects.filter(code=code).first()
    if index_set is None:
        raise ApiError(404, "set_not_found", _("No index set “%(code)s”.") % {"code": code})
    return {
        **set_summary(index_set),
        "max_depth": index_set.max_depth,
        "criteria": criteria_tree(index_set),
    }


@api.get("/results", response={200: ResultPage, **ERRORS}, summary="Published results")
def results(
    request: HttpRequest,
    response: HttpResponse,
    year: int,
    kind: str = "",
    unit: str = "",
    index_set: str = Query("", alias="set"),
    limit: int = Query(100, ge=1, le=MAX_LIMIT),
    offset: int = Query(0, ge=0),
):
    """Each unit's result in each published set of the year, in one shape: filter by set
    for a set's table, by unit for a unit's results."""
    _client(request, Scope.RESULTS)
    _check_kind(kind)
    if (unchanged := _not_modified(request, response)) is not None:
        return unchanged
    found = [s for s in _year_sets(year) if not index_set or s.code == index_set]
    items = [
        item
        for item in published_results(sets=found, fp=request.api_fingerprint)  # type: ignore[attr-defined]
        if (not kind or item["unit"]["kind"] == kind) and (not unit or item["unit"]["code"] == unit)
    ]
    # Checked against the same schema, then written by pydantic-core: a province's 1,000
    # results (1 MB) in a third of the time Ninja's json.dumps of the dumped model takes.
    body = ResultPage.model_validate(_page(items, limit, offset)).model_dump_json()
    answer = HttpResponse(body, content_type="application/json")
    for header in ("ETag", "Cache-Control"):
        answer[header] = response[header]
    return answer


@api.get("/progress", response={200: Progress, **ERRORS}, summary="Live progress of open rounds")
def progress(request: HttpRequest, response: HttpResponse, year: int, kind: str = ""):
    _client(request, Scope.PROGRESS)
    _check_kind(kind)
    today = timezone.localdate()
    # Overdue depends on the day as well as on the data.
    if (unchanged := _not_modified(request, response, extra=(today.isoformat(),))) is not None:
        return unchanged
    _year_sets(year)
    fp = request.api_fingerprint  # type: ignore[attr-defined]
    # A province's board is 1,000 rows: kept per data version, like the dashboards' sums.
    key = fp.key(
        "api-progress",
        set_ids=fp.sets.keys(),
        workflow=True,
        extra=(year, kind, today.isoformat(), get_language()),
    )
    items = cached(key, partial(open_round_progress, year=year, kind=kind, today=today))
    return {"year": year, "items": items}


def not_found(request: HttpRequest, rest: str = "") -> HttpResponse:
    """Anything under /api/ that is no endpoint: the API's error shape, not the HTML page."""
    return error_response(404, "endpoint_not_found", _("No such endpoint."))
