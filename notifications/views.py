from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.http import AuthenticatedHttpRequest
from notifications import selectors, services
from notifications.forms import PreferencesForm
from notifications.kinds import KINDS
from notifications.models import Notification, Preferences

PER_PAGE = 30


@login_required
@require_safe
def notification_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    unread_only = request.GET.get("show") == "unread"
    rows = selectors.notifications_for_user(user=request.user, unread_only=unread_only)
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    ctx = {"page": page, "unread_only": unread_only}
    return render(request, "notifications/notification_list.html", ctx)


@login_required
@require_POST
def notification_read(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Mark one of one's own notifications read, then go where it leads (`open`) or back."""
    # Another user's notification is not found: nobody learns it exists.
    notification = get_object_or_404(Notification, pk=pk, recipient=request.user)
    services.notification_mark_read(user=request.user, notification_id=notification.pk)
    if request.POST.get("open") and notification.link:
        return redirect(notification.link)
    back = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        return redirect(back)
    return redirect("notifications:list")


@login_required
@require_POST
def notification_read_all(request: AuthenticatedHttpRequest) -> HttpResponse:
    count = services.notifications_mark_all_read(user=request.user)
    text = ngettext(
        "%(count)s notification marked as read.", "%(count)s notifications marked as read.", count
    )
    messages.success(request, text % {"count": count})
    return redirect("notifications:list")


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request: AuthenticatedHttpRequest) -> HttpResponse:
    saved = Preferences.objects.filter(user=request.user).first()
    muted = saved.muted_kinds if saved else []
    initial = {
        "email_kinds": [code for code in KINDS if code not in muted],
        "language": saved.language if saved else get_language(),
    }
    form = PreferencesForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.preferences_save(
            user=request.user,
            email_kinds=form.cleaned_data["email_kinds"],
            language=form.cleaned_data["language"],
        )
        messages.success(request, _("Your notification choices are saved."))
        return redirect("notifications:preferences")
    ctx = {"form": form, "has_email": bool(request.user.email)}
    return render(request, "notifications/preferences.html", ctx)
