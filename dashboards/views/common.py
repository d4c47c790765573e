"""Helpers the dashboard views share: access checks, chart texts, cached fragments,
the tables' sort and page."""

import copy
from collections.abc import Callable
from typing import TypeVar

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.paginator import EmptyPage
from django.http import HttpRequest, QueryDict
from django.template.loader import render_to_string
from django.utils.http import urlencode
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django_tables2 import Table

from accounts.access import DashboardAccess, dashboard_access, has_dashboard_access
from dashboards.cache import cached_shared, language
from dashboards.tables import PER_PAGE


def require_dashboard(request: HttpRequest, *, minimum: DashboardAccess) -> DashboardAccess:
    """The user's access level, or PermissionDenied when it is below `minimum`."""
    if not has_dashboard_access(request.user, minimum):
        raise PermissionDenied(_("The city does not share other units' results with officials."))
    return dashboard_access(request.user)


def cached_fragment(
    key: str, template: str, build: Callable[[], dict], request: HttpRequest
) -> SafeString:
    """A rendered template fragment, cached under `key` (which must name everything the
    fragment depends on: data fingerprint, parameters, language, access).

    The fragment is our own template's escaped output and holds no form or CSRF token,
    so it is safe to reuse for every user with the same key.
    """
    # While developing, templates change without the data changing: render afresh.
    if settings.DEBUG:
        html = render_to_string(template, build(), request=request)
    else:
        # Shared by every worker: after a change one renders, the others read.
        html = cached_shared(key, lambda: render_to_string(template, build(), request=request))
    return mark_safe(html)  # noqa: S308 - our template's escaped output, see above


Request = TypeVar("Request", bound=HttpRequest)


def with_query(request: Request, params: dict[str, str]) -> Request:
    """A copy of the request whose query string holds only `params`: a cached fragment's
    sort and page links must not carry whatever else the first visitor's URL held."""
    clean = copy.copy(request)
    clean.GET = QueryDict(urlencode(params))
    return clean


def table_state(
    request: HttpRequest, sortable: set[str], *, prefix: str = "", default: str = "rank"
) -> tuple[str, int]:
    """A table's sort (one of `sortable`, else `default`) and page, reduced to valid
    values so that they can key the cache; `prefix` names one table of several."""
    sort = request.GET.get(f"{prefix}sort", default)
    if sort.removeprefix("-") not in sortable:
        sort = default
    page = request.GET.get(f"{prefix}page", "1")
    return sort, int(page) if page.isdigit() and 0 < int(page) < 100_000 else 1


def sort_and_paginate(table: Table, *, sort: str, page: int) -> None:
    """Sort the table and keep the rows of `page` (the last page when `page` is past it).

    Not RequestConfig: it would also take ?per_page= from the request, which the cache
    key does not name (and which could ask for every row at once)."""
    if sort:
        table.order_by = sort
    try:
        table.paginate(per_page=PER_PAGE, page=page)
    except EmptyPage:
        table.paginate(per_page=PER_PAGE, page=table.paginator.num_pages)


def chart_language() -> str:
    return language()[:2]


def pct_chart_words(title: str, *, targets: bool = True) -> dict[str, str]:
    """The texts of a chart of % of max (against targets, unless `targets` is False):
    its title, the axis, the target mark and the words for met, missed and no data."""
    return {
        "title": title,
        "axis": _("% of max"),
        "target": _("Target") if targets else "",
        "met": _("Met"),
        "missed": _("Missed"),
        "unknown": _("No data"),
        # The % axis of the totals chart when it starts above 0 ("{floor}": where).
        "starts_at": _("The axis starts at {floor} %, not at 0."),
    }
