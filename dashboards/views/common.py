"""Helpers the dashboard views share: access checks, chart texts, cached fragments."""

import copy
from collections.abc import Callable
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, QueryDict
from django.template.loader import render_to_string
from django.utils.http import urlencode
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from accounts.access import DashboardAccess, dashboard_access, has_dashboard_access
from dashboards.cache import PAYLOAD_SECONDS, language


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
    html = None if settings.DEBUG else cache.get(key)
    if html is None:
        html = render_to_string(template, build(), request=request)
        cache.set(key, html, PAYLOAD_SECONDS)
    return mark_safe(html)  # noqa: S308 - our template's escaped output, see above


Request = TypeVar("Request", bound=HttpRequest)


def with_query(request: Request, params: dict[str, str]) -> Request:
    """A copy of the request whose query string holds only `params`: a cached fragment's
    sort and page links must not carry whatever else the first visitor's URL held."""
    clean = copy.copy(request)
    clean.GET = QueryDict(urlencode(params))
    return clean


def chart_language() -> str:
    return language()[:2]


def status_words() -> dict[str, str]:
    return {"met": _("Met"), "missed": _("Missed"), "unknown": _("No data")}
