from django.urls import path

from indexes import views

app_name = "indexes"
urlpatterns = [
    path("overview/", views.overview, name="overview"),
    path("sets/<slug:code>/", views.index_set_detail, name="index-set-detail"),
]
