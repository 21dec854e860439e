from django.urls import path

from dashboards import views

app_name = "dashboards"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("in/", views.dashboard_print, name="print"),
    path("to-chuc/", views.organization_dashboard, name="organization"),
    path("to-chuc/in/", views.organization_print, name="organization_print"),
    path("ban-do/", views.map_page, name="map"),
    path("ranh-gioi-xa/", views.boundaries_import, name="boundaries"),
]
