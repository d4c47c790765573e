"""The outbox and its delivery log for administrators, and the failed addresses: a
flagged address gets no more mail until its row is deleted here."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts.admin import UserAdmin
from notifications.models import DeliveryAttempt, FailedAddress, Notification, Preferences


class DeliveryAttemptInline(admin.TabularInline):
    model = DeliveryAttempt
    extra = 0
    can_delete = False
    readonly_fields = fields = ("attempted_at", "address", "succeeded", "error")

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = [
        "created_at",
        "recipient",
        "kind",
        "unit",
        "email_status",
        "attempts",
        "next_attempt_at",
        "sent_at",
        "read_at",
    ]
    list_filter = ["email_status", "kind"]
    search_fields = ["recipient__username", "recipient__email", "key"]
    list_select_related = ["recipient", "unit"]
    date_hierarchy = "created_at"
    readonly_fields = [
        "recipient",
        "kind",
        "params",
        "unit",
        "url_name",
        "url_kwargs",
        "key",
        "created_at",
        "read_at",
        "attempts",
        "sent_at",
    ]
    # An administrator may set a failed row back to pending (and its next attempt).
    fields = [*readonly_fields[:7], "email_status", "next_attempt_at", *readonly_fields[7:]]
    inlines = [DeliveryAttemptInline]

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(DeliveryAttempt)
class DeliveryAttemptAdmin(admin.ModelAdmin):
    list_display = ["attempted_at", "address", "succeeded", "notification", "error"]
    list_filter = ["succeeded"]
    search_fields = ["address", "error"]
    list_select_related = ["notification"]
    readonly_fields = ["notification", "address", "attempted_at", "succeeded", "error"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(FailedAddress)
class FailedAddressAdmin(admin.ModelAdmin):
    list_display = ["address", "user", "flagged_at", "reason"]
    search_fields = ["address", "user__username"]
    list_select_related = ["user"]
    readonly_fields = ["user", "address", "reason", "flagged_at"]
    actions = ["clear"]

    @admin.action(description=_("Clear: send to these addresses again"))
    def clear(self, request, queryset) -> None:
        count, _deleted = queryset.delete()
        text = ngettext("%(count)s address cleared.", "%(count)s addresses cleared.", count)
        self.message_user(request, text % {"count": count})

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(Preferences)
class PreferencesAdmin(admin.ModelAdmin):
    list_display = ["user", "language", "muted_kinds"]
    search_fields = ["user__username"]
    list_select_related = ["user"]


class FailedAddressInline(admin.TabularInline):
    """On the user's page in admin: the addresses of the user that get no more mail."""

    model = FailedAddress
    extra = 0
    readonly_fields = fields = ("address", "reason", "flagged_at")
    verbose_name_plural = _("failed e-mail addresses (no mail is sent to them; delete to clear)")

    def has_add_permission(self, request, obj=None) -> bool:
        return False


# accounts sits below notifications and cannot name it: the inline is added from here.
UserAdmin.inlines = [*UserAdmin.inlines, FailedAddressInline]
