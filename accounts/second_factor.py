"""The optional second factor (CCHC_OTP_REQUIRED): a TOTP code from an authenticator app.

django-otp keeps the devices and checks the codes (with its replay guard and its growing
delay after wrong codes); this module holds the product's few rules around it: who must
give a code (`accounts.access.must_give_second_factor`), and the pages a user who has
only given a password may open, so that nothing else is reached before the code.
"""

from collections.abc import Callable
from functools import cache
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.access import must_give_second_factor
from accounts.models import User


@cache
def _open_paths() -> frozenset[str]:
    """What a user between password and code may open: the code's pages, sign-out and
    the language switch."""
    names = ["accounts:second-factor", "accounts:second-factor-enrol", "accounts:second-factor-qr"]
    return frozenset(
        [
            *(reverse(name) for name in names),
            reverse("logout"),
            reverse("admin:logout"),
            reverse("set_language"),
        ]
    )


class SecondFactorMiddleware:
    """Sends a user who must give a code and has not yet to the code's page, whatever
    page they asked for (Django admin included); they come back to it afterwards."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            must_give_second_factor(user)
            and not user.is_verified()  # type: ignore[union-attr] # set by OTPMiddleware
            and request.path not in _open_paths()
        ):
            query = urlencode({"next": request.get_full_path()})
            return redirect(f"{reverse('accounts:second-factor')}?{query}")
        return self.get_response(request)


def confirmed_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def device_to_enrol(user: User) -> TOTPDevice:
    """The user's device being set up (its key shown until a first code confirms it)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=_("Authenticator app"), confirmed=False)
    return device


def code_refusal(device: TOTPDevice, code: str) -> str | None:
    """None when the code is right (then the caller signs the device in); else why not."""
    allowed, _details = device.verify_is_allowed()
    if not allowed:
        return _("Too many wrong codes: wait a few seconds, then enter the current code.")
    if not device.verify_token(code):
        return _("The code is wrong or has expired: enter the code the app shows now.")
    return None


def sign_in_device(request: HttpRequest, device: TOTPDevice) -> None:
    """The session is verified from now on (django-otp remembers the device in it)."""
    if not device.confirmed:
        device.confirmed = True
        device.save(update_fields=["confirmed"])
    otp_login(request, device)
