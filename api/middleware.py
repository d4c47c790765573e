"""Around every /api/ request: the call log and CORS (closed unless a client opens it)."""

import ipaddress
import time
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from api.errors import error_response
from api.guard import client_address
from api.models import ApiCall, ApiClient

API_PREFIX = "/api/"
PREFLIGHT_MAX_AGE = "600"


class ApiMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith(API_PREFIX):
            return self.get_response(request)
        started = time.monotonic()
        origin = request.headers.get("Origin")
        if request.method == "OPTIONS" and origin:
            response = self._preflight(origin)
        else:
            response = self.get_response(request)
            if response.status_code == 405:  # Ninja answers it with an empty body
                response = error_response(
                    405, "method_not_allowed", _("The API only answers GET requests.")
                )
                response["Allow"] = "GET, OPTIONS"
            client = getattr(request, "api_client", None)
            if origin and client is not None and origin in client.origins:
                response["Access-Control-Allow-Origin"] = origin
                response["Access-Control-Expose-Headers"] = "ETag, Retry-After"
        response["Vary"] = ", ".join(
            v for v in (response.get("Vary"), "Origin, Authorization") if v
        )
        address = _valid_address(client_address(request))
        ApiCall.objects.create(
            client=getattr(request, "api_client", None),
            path=request.path[:500],
            status=response.status_code,
            at=timezone.now(),
            duration_ms=int((time.monotonic() - started) * 1000),
            address=address,
        )
        return response

    def _preflight(self, origin: str) -> HttpResponse:
        """A browser asks before sending the token; the answer opens the origin only if a
        live client lists it (the token itself is checked on the real request)."""
        live = ApiClient.objects.filter(
            revoked_at__isnull=True, expires_on__gte=timezone.localdate()
        ).values_list("allowed_origins", flat=True)
        if not any(origin in ApiClient(allowed_origins=text).origins for text in live):
            return error_response(403, "origin_not_allowed", _("This origin may not call the API."))
        response = HttpResponse(status=204)
        response["Access-Control-Allow-Origin"] = origin
        response["Access-Control-Allow-Methods"] = "GET, OPTIONS"
        response["Access-Control-Allow-Headers"] = "Authorization, If-None-Match"
        response["Access-Control-Max-Age"] = PREFLIGHT_MAX_AGE
        return response


def _valid_address(text: str) -> str | None:
    try:
        return str(ipaddress.ip_address(text))
    except ValueError:
        return None
