from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_safe


@login_required
@require_safe
def home(request: HttpRequest) -> HttpResponse:
    """Each role starts where its work is; the overview is the fallback for everyone."""
    return redirect(role_home_url(request.user))


def role_home_url(user) -> str:
    """Where a role's work starts."""
    if user.is_official:
        return reverse("assessments:official-board")
    if user.is_appraiser:
        return reverse("assessments:appraisal-board")
    if user.is_leader:
        return reverse("dashboards:year-dashboard")
    return reverse("indexes:overview")
