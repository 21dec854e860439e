from django.urls import path

from portal import views

app_name = "opendata"

urlpatterns = [
    path("", views.open_data, name="index"),
    path("danh-muc.json", views.catalogue, name="catalogue"),
    path("<slug:key>.<str:fmt>", views.download, name="download"),
]
