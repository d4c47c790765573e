from django.urls import path

from indexes.views import browse

app_name = "indexes"
urlpatterns = [
    path("overview/", browse.overview, name="overview"),
    path("sets/<slug:code>/", browse.index_set_detail, name="index-set-detail"),
    path("units/<slug:code>/", browse.unit_detail, name="unit-detail"),
]
