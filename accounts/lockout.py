"""The page a locked-out sign-in gets (django-axes calls `lockout_response`).

Axes' own answer is a bare line of English text; this is the product's sign-in page, in
the user's language, saying why and for how long, with status 429 (Too Many Requests).
"""

import math

from axes.helpers import get_client_username, get_cool_off
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None, credentials: dict | None
) -> HttpResponse:
    cool_off = get_cool_off(request)
    ctx = {
        "username": get_client_username(request, credentials) or "",
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "cool_off_minutes": math.ceil(cool_off.total_seconds() / 60) if cool_off else None,
        "next": request.POST.get("next", ""),
    }
    return render(request, "registration/locked_out.html", ctx, status=429)
