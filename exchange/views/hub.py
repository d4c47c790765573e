from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from accounts import access
from exchange import selectors


@login_required
@require_safe
def home(request: HttpRequest) -> HttpResponse:
    """What this user may take out of the app or bring into it, and the recent log."""
    user = request.user
    sets = selectors.exchange_sets(user)
    ctx = {
        "sets": sets,
        "years": selectors.exchange_years(sets) if access.may_export_years(user) else [],
        "logs": selectors.recent_logs(user),
        "may_import_sets": access.may_administer(user),
        "may_import_self": access.may_import_self_scores(user),
        "may_import_appraised": access.may_import_appraised_scores(user),
        "sees_all_logs": access.may_see_exchange_logs(user),
    }
    return render(request, "exchange/home.html", ctx)
