"""Django admin for the second factor: who has set up an authenticator app, and the reset.

django-otp's own admin shows each device's secret key and QR code to every administrator
and is in English; this list shows neither key nor code. Deleting a user's app is the
reset after a lost phone: the user sets up a new one at the next sign-in.
"""

import django_otp.plugins.otp_totp.admin  # noqa: F401 - registered first, then replaced
from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import AuthenticatorApp

admin.site.unregister(TOTPDevice)


@admin.register(AuthenticatorApp)
class AuthenticatorAppAdmin(admin.ModelAdmin):
    list_display = ["user", "set_up", "created", "last_used"]
    list_filter = ["confirmed"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    list_select_related = ["user"]
    fields = ["user", "set_up", "created", "last_used"]
    readonly_fields = ["user", "set_up", "created", "last_used"]

    @admin.display(description=_("set up"), boolean=True, ordering="confirmed")
    def set_up(self, obj: AuthenticatorApp) -> bool:
        return obj.confirmed

    @admin.display(description=pgettext_lazy("authenticator app", "created"), ordering="created_at")
    def created(self, obj: AuthenticatorApp):
        return obj.created_at

    @admin.display(description=_("last used"), ordering="last_used_at")
    def last_used(self, obj: AuthenticatorApp):
        return obj.last_used_at

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
