from django.urls import path

from units import views

app_name = "units"
urlpatterns = [
    path("units/<slug:code>/", views.unit_detail, name="unit-detail"),
]
