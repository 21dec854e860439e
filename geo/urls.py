from django.urls import path

from geo import views

app_name = "geo"

urlpatterns = [
    path("", views.unit_list, name="list"),
    path("chon/", views.unit_picker, name="picker"),
    path("xem/", views.unit_go, name="go"),
    path("nhap/", views.unit_import, name="import"),
    path("<str:code>/", views.unit_detail, name="detail"),
]
