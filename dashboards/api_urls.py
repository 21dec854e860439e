from django.urls import path

from dashboards import api

urlpatterns = [
    path("dashboards/map/", api.MapDataView.as_view(), name="api-dashboards-map"),
]
