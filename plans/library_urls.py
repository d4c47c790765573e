"""The evidence library's addresses, included by plans/urls.py (kept apart from the
plan's own, which live beside them)."""

from django.urls import path

from plans.views import library, standing

LIBRARY = "library/<slug:unit_code>/"
DOCUMENT = "library/documents/<int:pk>/"
urlpatterns = [
    path("library/", library.my_library, name="library-mine"),
    path(LIBRARY, library.unit_library, name="library-unit"),
    path(f"{LIBRARY}<int:year>/", library.library, name="library"),
    path(f"{DOCUMENT}edit/", library.library_edit, name="library-edit"),
    path(f"{DOCUMENT}remove/", library.library_remove, name="library-remove"),
    path(f"{DOCUMENT}download/", library.library_download, name="library-download"),
    path(f"{DOCUMENT}attach/<int:criterion_id>/", library.library_attach, name="library-attach"),
    # The mid-year standing: every unit's for leaders, one unit's for it and for them.
    path("standing/", standing.standing_home, name="standing-home"),
    path("standing/<int:year>/", standing.standing_list, name="standing-list"),
    path("standing/<int:year>/<slug:unit_code>/", standing.standing_unit, name="standing-unit"),
]
