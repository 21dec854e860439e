from django.urls import path

from orgs import api

urlpatterns = [
    path("auth/token/", api.TokenView.as_view(), name="api-token"),
    path("me/", api.MeView.as_view(), name="api-me"),
    path("organizations/", api.OrganizationListView.as_view(), name="api-organizations"),
    path("organizations/<int:pk>/", api.OrganizationDetailView.as_view(), name="api-organization"),
]
