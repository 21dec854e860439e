from django.urls import path

from geo import api

urlpatterns = [
    path("units/", api.UnitListView.as_view(), name="api-units"),
    path("units/<str:code>/", api.UnitDetailView.as_view(), name="api-unit"),
]
