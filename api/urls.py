"""/api/v1/: every module registers its endpoints here."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

v1 = [
    # First and under its own prefix: the public status lookup (cases/track/) is the busiest API request, and Django
    # tries patterns in order — behind the other modules' it was matched against ~50 patterns (~0.07 ms a request,
    # a fifth of what the lookup costs in the process); a request for another module skips this include at its prefix.
    path("cases/", include("cases.api_urls")),
    path("cases/", include("meetings.api_urls")),
    path("", include("geo.api_urls")),
    path("", include("orgs.api_urls")),
    path("", include("practices.api_urls")),
    path("", include("emulation.api_urls")),
    path("", include("reports.api_urls")),
]

urlpatterns = [
    path("v1/", include(v1)),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
]
