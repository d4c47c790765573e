from plans import library_urls
from plans.plan_urls import urlpatterns as plan_urlpatterns

app_name = "plans"
urlpatterns: list = [*library_urls.urlpatterns, *plan_urlpatterns]
