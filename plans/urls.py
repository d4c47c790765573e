from plans.plan_urls import urlpatterns as plan_urlpatterns

app_name = "plans"
urlpatterns: list = [*plan_urlpatterns]
