"""The second factor's pages: enter the code, set up the app, the set-up QR code."""

import base64
import io
from urllib.parse import urlencode

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from accounts import second_factor
from accounts.access import must_give_second_factor
from accounts.forms import SecondFactorCodeForm
from accounts.http import AuthenticatedHttpRequest


def _next_url(request: AuthenticatedHttpRequest) -> str:
    url = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(url, {request.get_host()}, request.is_secure()):
        return url
    return reverse("home")


def _with_next(name: str, next_url: str) -> str:
    return f"{reverse(name)}?{urlencode({'next': next_url})}"


def _require_second_factor(request: AuthenticatedHttpRequest) -> None:
    """The pages exist only for those who must give a code (none with the setting off)."""
    if not must_give_second_factor(request.user):
        raise Http404


@login_required
@require_http_methods(["GET", "POST"])
def second_factor_code(request: AuthenticatedHttpRequest) -> HttpResponse:
    _require_second_factor(request)
    next_url = _next_url(request)
    if request.user.is_verified():  # type: ignore[attr-defined] # set by OTPMiddleware
        return redirect(next_url)
    device = second_factor.confirmed_device(request.user)
    if device is None:
        return redirect(_with_next("accounts:second-factor-enrol", next_url))
    form = SecondFactorCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        refusal = second_factor.code_refusal(device, form.cleaned_data["code"])
        if refusal is None:
            second_factor.sign_in_device(request, device)
            return redirect(next_url)
        form.add_error("code", refusal)
    ctx = {"form": form, "next": next_url}
    return render(request, "accounts/second_factor_code.html", ctx)


@login_required
@require_http_methods(["GET", "POST"])
def second_factor_enrol(request: AuthenticatedHttpRequest) -> HttpResponse:
    _require_second_factor(request)
    next_url = _next_url(request)
    if second_factor.confirmed_device(request.user) is not None:
        # A new app only after the code of the one set up: a password alone never sets one.
        return redirect(_with_next("accounts:second-factor", next_url))
    device = second_factor.device_to_enrol(request.user)
    form = SecondFactorCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        refusal = second_factor.code_refusal(device, form.cleaned_data["code"])
        if refusal is None:
            second_factor.sign_in_device(request, device)
            messages.success(request, _("The authenticator app is set up."))
            return redirect(next_url)
        form.add_error("code", refusal)
    secret = base64.b32encode(device.bin_key).decode()
    ctx = {
        "form": form,
        "next": next_url,
        "secret_groups": [secret[i : i + 4] for i in range(0, len(secret), 4)],
        "otpauth_uri": device.config_url,
    }
    return render(request, "accounts/second_factor_enrol.html", ctx)


@login_required
@require_safe
def second_factor_qr(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The set-up QR code as SVG, drawn here (segno): the key never leaves the server."""
    _require_second_factor(request)
    if second_factor.confirmed_device(request.user) is not None:
        raise Http404
    device = second_factor.device_to_enrol(request.user)
    svg = io.BytesIO()
    segno.make(device.config_url, error="m").save(svg, kind="svg", scale=5, border=2)
    response = HttpResponse(svg.getvalue(), content_type="image/svg+xml")
    response["Cache-Control"] = "no-store"
    return response
