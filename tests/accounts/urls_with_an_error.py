"""The project's URLs plus one view that fails, to see the 500 page as a user would."""

from django.urls import path

from cchc_tracker.urls import urlpatterns as project_urlpatterns


def fail(request):
    raise RuntimeError("a bug the 500 page must not show")


urlpatterns = [*project_urlpatterns, path("fail/", fail, name="fail")]
