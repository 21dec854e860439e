"""/api/v1/: every module registers its endpoints here."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

v1 = [
    path("", include("geo.api_urls")),
    path("", include("orgs.api_urls")),
    path("", include("practices.api_urls")),
    path("", include("emulation.api_urls")),
    path("cases/", include("cases.api_urls")),
    path("cases/", include("meetings.api_urls")),
    path("", include("reports.api_urls")),
]

urlpatterns = [
    path("v1/", include(v1)),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
]
