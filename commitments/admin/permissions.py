"""Only administrators (role admin or superuser) manage this app's records in the admin,
whatever Django model permissions a staff account was given."""

from django.http import HttpRequest


def is_admin(request: HttpRequest) -> bool:
    user = request.user
    return bool(user.is_active and user.is_staff and getattr(user, "is_admin", False))


class AdminRoleOnly:
    def has_module_permission(self, request: HttpRequest) -> bool:
        return is_admin(request)

    def has_view_permission(self, request: HttpRequest, obj=None) -> bool:
        return is_admin(request)

    def has_add_permission(self, request: HttpRequest, *args) -> bool:
        return is_admin(request)

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return is_admin(request)

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return is_admin(request)
