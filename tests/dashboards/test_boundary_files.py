"""The boundary files are static files served with a content hash in their name and a long cache lifetime, as in
production (whitenoise's CompressedManifestStaticFilesStorage)."""

import re
import tempfile

from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.management import call_command
from django.http import HttpResponse
from django.templatetags.static import static
from django.test import RequestFactory, SimpleTestCase, override_settings
from django.utils.functional import empty
from whitenoise.middleware import WhiteNoiseMiddleware

PRODUCTION_STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}


class BoundaryFilesTest(SimpleTestCase):
    def test_the_boundary_files_have_a_hashed_url_and_a_year_long_cache(self):
        with (
            tempfile.TemporaryDirectory() as root,
            override_settings(
                STATIC_ROOT=root, STORAGES=PRODUCTION_STORAGES, WHITENOISE_USE_FINDERS=False, DEBUG=False
            ),
        ):
            # The other apps' files (admin, API docs) are not needed to prove it, and take the most time.
            call_command(
                "collectstatic",
                interactive=False,
                verbosity=0,
                ignore_patterns=["admin", "rest_framework", "drf_spectacular_sidecar"],
            )
            staticfiles_storage._wrapped = empty  # read the new manifest
            middleware = WhiteNoiseMiddleware(lambda request: HttpResponse(status=404))
            for name in ("geo/provinces-2025.geojson", "geo/provinces-2008.geojson", "geo/archipelagos.geojson"):
                url = static(name)
                stem = name.removesuffix(".geojson")
                self.assertRegex(url, rf"^/static/{re.escape(stem)}\.[0-9a-f]{{12}}\.geojson$")
                response = middleware(RequestFactory().get(url, HTTP_ACCEPT_ENCODING="gzip"))
                self.assertEqual(response.status_code, 200, url)
                self.assertIn("max-age=315360000", response["Cache-Control"])
                self.assertIn("immutable", response["Cache-Control"])
                self.assertEqual(response.get("Content-Encoding"), "gzip")
                # The unhashed name is served too, but not for long (it may change).
                plain = middleware(RequestFactory().get(f"/static/{name}"))
                self.assertNotIn("immutable", plain.get("Cache-Control", ""))
