"""API clients in the admin: the token is shown once, on the page after creation."""

from django import forms
from django.contrib import admin, messages
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from api.models import ApiCall, ApiClient, Scope
from api.services import client_issue_token, clients_revoke


class ApiClientForm(forms.ModelForm):
    scopes = forms.MultipleChoiceField(
        label=_("scopes"),
        choices=Scope.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = ApiClient
        fields = [
            "name",
            "owner",
            "scopes",
            "expires_on",
            "allowed_addresses",
            "allowed_origins",
            "revoked_at",
        ]


@admin.register(ApiClient)
class ApiClientAdmin(admin.ModelAdmin):
    form = ApiClientForm
    list_display = ["name", "token_prefix", "owner", "expires_on", "revoked_at", "created_at"]
    list_filter = ["revoked_at"]
    search_fields = ["name", "token_prefix"]
    readonly_fields = ["token_prefix", "created_at"]
    actions = ["revoke"]

    def save_model(self, request: HttpRequest, obj: ApiClient, form, change: bool) -> None:
        if not change:
            # Kept on the request only: the clear token is never stored, logged or put
            # in a cookie (a message would be); the next page shows it once.
            request._api_token = client_issue_token(client=obj)  # type: ignore[attr-defined]
        super().save_model(request, obj, form, change)

    def response_add(self, request: HttpRequest, obj: ApiClient, post_url_continue=None):
        token = getattr(request, "_api_token", None)
        if token is None:
            return super().response_add(request, obj, post_url_continue)
        context = {
            **self.admin_site.each_context(request),
            "title": _("The token of %(name)s") % {"name": obj.name},
            "client": obj,
            "token": token,
            "opts": self.opts,
        }
        response: HttpResponse = TemplateResponse(request, "api/token_created.html", context)
        response["Cache-Control"] = "no-store"
        return response

    @admin.action(description=_("Revoke the selected clients' tokens"))
    def revoke(self, request: HttpRequest, queryset) -> None:
        count = clients_revoke(clients=queryset)
        self.message_user(
            request,
            ngettext("%(count)d token revoked.", "%(count)d tokens revoked.", count)
            % {"count": count},
            messages.SUCCESS,
        )


@admin.register(ApiCall)
class ApiCallAdmin(admin.ModelAdmin):
    list_display = ["at", "client", "path", "status", "duration_ms", "address"]
    list_filter = ["status", "client"]
    search_fields = ["path"]
    date_hierarchy = "at"
    list_select_related = ["client"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False
