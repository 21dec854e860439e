"""/api/v1/: every module registers its endpoints here."""

from csp.constants import SELF, UNSAFE_INLINE
from csp.decorators import csp_update
from django.urls import include, path
from drf_spectacular.settings import spectacular_settings
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

v1 = [
    # First and under its own prefix: the public status lookup (cases/track/) is the busiest API request, and Django
    # tries patterns in order — behind the other modules' it was matched against ~50 patterns (~0.07 ms a request,
    # a fifth of what the lookup costs in the process); a request for another module skips this include at its prefix.
    path("cases/", include("cases.api_urls")),
    path("", include("geo.api_urls")),
    path("", include("orgs.api_urls")),
    path("", include("practices.api_urls")),
    path("", include("emulation.api_urls")),
    path("", include("reports.api_urls")),
]

# The Swagger UI page is the one HTML page with a relaxed Content-Security-Policy, for itself only: drf-spectacular
# loads Swagger UI from its distribution (a CDN unless the sidecar package is installed) and its template has an
# inline <style>. The split view serves the page's start-up script from this origin, so no inline script is needed.
_SWAGGER_ORIGIN = spectacular_settings.SWAGGER_UI_DIST.split("/npm/")[0]
docs_view = csp_update(
    {
        "script-src": [SELF, _SWAGGER_ORIGIN],
        "style-src": [SELF, _SWAGGER_ORIGIN, UNSAFE_INLINE],
        "img-src": [SELF, "data:", _SWAGGER_ORIGIN],
    }
)(SpectacularSwaggerSplitView.as_view(url_name="api-schema"))

urlpatterns = [
    path("v1/", include(v1)),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", docs_view, name="api-docs"),
]
