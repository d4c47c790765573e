from plans import library_urls

app_name = "plans"
urlpatterns: list = [*library_urls.urlpatterns]
