from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponseRedirect
from django.templatetags.static import static
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from accounts import views as accounts_views
from cchc_tracker.csp_report import csp_report

admin.site.site_header = _("CCHC Tracker administration")
admin.site.site_title = _("CCHC Tracker")
admin.site.index_title = _("Administration")


@require_safe
def favicon(request: HttpRequest) -> HttpResponseRedirect:
    """Browsers ask for /favicon.ico where a response names no icon (a PDF scan, a
    download); the pages themselves link the SVG in static/."""
    return HttpResponseRedirect(static("favicon.svg"))


urlpatterns = [
    path("favicon.ico", favicon, name="favicon"),
    path("", accounts_views.home, name="home"),
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("account/notifications/", include("notifications.urls")),
    path("account/", include("accounts.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("units.urls")),
    path("", include("indexes.urls")),
    path("", include("assessments.urls")),
    path("dashboards/", include("dashboards.urls")),
    path("commitments/", include("commitments.urls")),
    path("plans/", include("plans.urls")),
    path("exchange/", include("exchange.urls")),
    path("api/", include("api.urls")),
    path("admin/", admin.site.urls),
    path("csp-report/", csp_report, name="csp-report"),
]
# Uploaded evidence and scans are never served from MEDIA_URL, not even in development:
# only the permission-checked download views hand them out.
