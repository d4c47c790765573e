from django.urls import path, re_path

from api.endpoints import api, not_found

urlpatterns = [
    path("v1/", api.urls),
    re_path(r"^(?P<rest>.*)$", not_found),
]
