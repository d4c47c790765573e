"""Django admin for locked-out sign-ins: axes' own pages, plus an explicit unlock action.

Axes unlocks by deleting the attempt rows; "Delete selected" does that but does not say
so, hence *Unlock sign-in*. The failure log (AccessFailureLog) keeps every failure with
its time, user name and address whatever is unlocked.
"""

import axes.admin  # noqa: F401 - registers axes' models first, so that one can be replaced
from axes.models import AccessAttempt
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts.strings_axes import AXES_STRINGS  # noqa: F401 - keeps axes' labels translated

admin.site.unregister(AccessAttempt)


@admin.register(AccessAttempt)
class AccessAttemptAdmin(axes.admin.AccessAttemptAdmin):
    actions = ["unlock", *axes.admin.AccessAttemptAdmin.actions]

    @admin.action(description=_("Unlock sign-in for the selected attempts"), permissions=["delete"])
    def unlock(self, request: HttpRequest, queryset: QuerySet[AccessAttempt]) -> None:
        names = sorted({attempt.username or "" for attempt in queryset})
        count, _rows = queryset.delete()
        self.message_user(
            request,
            ngettext(
                "Unlocked %(count)d attempt: %(names)s can sign in again.",
                "Unlocked %(count)d attempts: %(names)s can sign in again.",
                count,
            )
            % {"count": count, "names": ", ".join(names)},
            messages.SUCCESS,
        )
