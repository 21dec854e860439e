from django.urls import path

from portal import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("tim-kiem/", views.search, name="search"),
    path("dia-ban/", views.place, name="place"),
    path("ket-qua-tra-loi/", views.accountability, name="accountability"),
    path("ban-do/", views.case_map, name="map"),
    path("ban-do/du-lieu.json", views.case_map_data, name="map_data"),
]
