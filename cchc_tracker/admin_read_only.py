"""Admin pages that only read: records that are written elsewhere (by the pages that keep
the rules, or as an audit trail) are listed and opened in the admin, never added, changed
or deleted there. Shared by the admins of every app."""

from typing import Any

from django.http import HttpRequest


class ReadOnlyAdmin:
    """Put before admin.ModelAdmin in the bases."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
