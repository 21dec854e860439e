"""/api/v1/: every module registers its endpoints here."""

from csp.constants import SELF, UNSAFE_INLINE
from csp.decorators import csp_update
from django.urls import include, path, re_path
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.decorators import api_view, authentication_classes, permission_classes
from rest_framework.exceptions import NotFound

v1 = [
    path("", include("geo.api_urls")),
    path("", include("orgs.api_urls")),
    path("", include("practices.api_urls")),
    path("", include("emulation.api_urls")),
    path("cases/", include("cases.api_urls")),
    path("cases/", include("meetings.api_urls")),
    path("", include("reports.api_urls")),
    path("", include("documents.api_urls")),
    path("programmes/", include("programmes.api_urls")),
    path("democracy/", include("democracy.api_urls")),
    # A string, not an import: dashboards sits beside api in the top layer (import-linter).
    path("", include("dashboards.api_urls")),
]

# The Swagger UI page is the one HTML page with a relaxed Content-Security-Policy, for itself only: drf-spectacular's
# template has an inline <style>. Its files come from the sidecar package (our own static files) and the split view
# serves the page's start-up script from this origin, so neither another origin nor inline script is allowed.
docs_view = csp_update({"style-src": [SELF, UNSAFE_INLINE]})(SpectacularSwaggerSplitView.as_view(url_name="api-schema"))


@extend_schema(exclude=True)
@api_view(["GET", "POST", "PUT", "PATCH", "DELETE"])
@authentication_classes([])
@permission_classes([])
def not_found(request):
    """An address under /api/ that matches no endpoint (``/cases/-1/``, a misspelt path) answers the API's JSON
    error shape, not the site's HTML 404 page: an API client reads one content type."""
    raise NotFound


urlpatterns = [
    path("v1/", include(v1)),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", docs_view, name="api-docs"),
    re_path(r"^.*$", not_found, name="api-not-found"),
]
