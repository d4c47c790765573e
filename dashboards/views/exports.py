"""Excel downloads of the ranking and of every score (full access only)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_safe

from accounts.access import FULL
from cchc_tracker.spreadsheet_cells import xlsx_response
from dashboards import exports
from dashboards.cache import Fingerprint, fingerprint
from dashboards.selectors.scope import Scope, dashboard_scope
from dashboards.selectors.sets import set_results
from dashboards.selectors.year import year_payload
from dashboards.views.common import require_dashboard


def _full_scope(request: HttpRequest) -> tuple[Scope, Fingerprint]:
    """The scope the query names (404 if none), for users with full access (403 else)."""
    require_dashboard(request, minimum=FULL)
    fp = fingerprint()
    scope = dashboard_scope(year=request.GET.get("year"), key=request.GET.get("scope"), fp=fp)
    if scope is None:
        raise Http404
    return scope, fp


@login_required
@require_safe
def ranking_export(request: HttpRequest) -> HttpResponse:
    scope, fp = _full_scope(request)
    payload = year_payload(scope, fp)
    content = exports.ranking_workbook(scope=scope, payload=payload)
    return xlsx_response(content, f"cchc-{scope.year}-{scope.key}-ranking.xlsx")


@login_required
@require_safe
def matrix_export(request: HttpRequest) -> HttpResponse:
    scope, fp = _full_scope(request)
    results = [set_results(index_set, fp) for index_set in scope.index_sets]
    content = exports.matrix_workbook(scope=scope, results=results)
    return xlsx_response(content, f"cchc-{scope.year}-{scope.key}-scores.xlsx")
