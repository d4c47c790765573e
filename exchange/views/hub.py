from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from exchange import permissions, selectors


@login_required
@require_safe
def home(request: HttpRequest) -> HttpResponse:
    """What this user may take out of the app or bring into it, and the recent log."""
    user = request.user
    sets = selectors.exchange_sets(user)
    ctx = {
        "sets": sets,
        "years": selectors.exchange_years(sets) if permissions.may_export_years(user) else [],
        "logs": selectors.recent_logs(user),
        "may_import_sets": permissions.may_import_index_sets(user),
        "may_import_self": permissions.may_import_self(user),
        "may_import_appraised": permissions.may_import_appraised(user),
        "sees_all_logs": permissions.may_see_logs(user),
    }
    return render(request, "exchange/home.html", ctx)
