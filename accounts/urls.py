from django.urls import path

from accounts import second_factor_views

app_name = "accounts"
urlpatterns = [
    path("second-factor/", second_factor_views.second_factor_code, name="second-factor"),
    path(
        "second-factor/set-up/", second_factor_views.second_factor_enrol, name="second-factor-enrol"
    ),
    path("second-factor/qr.svg", second_factor_views.second_factor_qr, name="second-factor-qr"),
]
