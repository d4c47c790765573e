from django.urls import path

from commitments import views

app_name = "commitments"
urlpatterns = [
    path("", views.index, name="index"),
    path("awards/<int:year>/", views.awards_year, name="awards-year"),
    path("awards/units/<slug:unit_code>/", views.awards_unit, name="awards-unit"),
    path("<int:year>/", views.year, name="year"),
    path("<int:year>/<slug:unit_code>/", views.detail, name="detail"),
    path("<int:year>/<slug:unit_code>/print/", views.print_document, name="print"),
    path("<int:year>/<slug:unit_code>/scan/", views.scan, name="scan"),
]
