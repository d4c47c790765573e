"""Only administrators (role admin or superuser) manage this app's records in the admin,
whatever Django model permissions a staff account was given."""

from django.http import HttpRequest

from accounts.access import may_manage_commitments


def is_admin(request: HttpRequest) -> bool:
    return may_manage_commitments(request.user)


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
