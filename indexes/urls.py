from django.urls import path

from indexes import views

app_name = "indexes"
urlpatterns = [
    path("sets/<slug:code>/", views.index_set_detail, name="index-set-detail"),
    path("units/<slug:code>/", views.unit_detail, name="unit-detail"),
]
