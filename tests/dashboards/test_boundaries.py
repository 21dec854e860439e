"""An admin imports commune boundaries: checked in full before anything is written, audited, drawn by the map."""

import datetime as dt
import json

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from audit.models import AuditEvent
from dashboards.models import CommuneBoundary
from reports import services
from reports.catalogue import standard_form
from tests.base import BaseTestCase

ON = dt.date(2026, 1, 1)
SQUARE = [[[108.40, 11.90], [108.48, 11.90], [108.48, 11.98], [108.40, 11.98], [108.40, 11.90]]]


def collection(*features):
    return json.dumps({"type": "FeatureCollection", "features": list(features)}).encode()


def feature(code, coordinates=None, kind="Polygon"):
    return {
        "type": "Feature",
        "properties": {"code": code},
        "geometry": {"type": kind, "coordinates": coordinates or SQUARE},
    }


class BoundaryImportTest(BaseTestCase):
    def post(self, content, user=None, name="xa.geojson"):
        self.client.force_login(user or self.p.admin)
        return self.client.post(
            reverse("dashboards:boundaries"),
            {"hierarchy_date": "01/01/2026", "file": SimpleUploadedFile(name, content, "application/geo+json")},
        )

    def test_a_valid_file_turns_the_points_into_areas_on_the_map(self):
        response = self.post(collection(feature("24820"), feature("24823", [SQUARE], "MultiPolygon")))
        self.assertRedirects(response, reverse("dashboards:boundaries"))
        self.assertEqual(CommuneBoundary.objects.count(), 2)
        event = AuditEvent.objects.get(action="import", object_repr__startswith="Ranh giới")
        self.assertEqual(event.changes["communes"], 2)
        period = services.period_open(form=standard_form(), year=2026, number=1, by=self.p.central)
        self.client.force_login(self.p.central)
        data = self.client.get(reverse("api-dashboards-map") + f"?period={period.pk}&unit=68").json()
        areas = {u["code"]: u["area"] for u in data["units"]}
        self.assertEqual(areas["24820"]["type"], "Polygon")
        self.assertEqual(areas["24823"]["type"], "MultiPolygon")
        # A new import of the same hierarchy replaces the old one.
        self.post(collection(feature("24820")))
        self.assertEqual(list(CommuneBoundary.objects.values_list("unit__code", flat=True)), ["24820"])

    def test_hostile_or_malformed_files_change_nothing_and_say_why_in_vietnamese(self):
        self.post(collection(feature("24820")))
        before = list(CommuneBoundary.objects.values_list("unit_id", "geometry"))
        open_ring = [[[108.4, 11.9], [108.5, 11.9], [108.5, 12.0], [108.4, 12.1]]]
        cases = {
            b"\xff\xfe not json": "không đọc được JSON",
            b"[" * 100000: "không đọc được JSON",
            json.dumps({"type": "Feature"}).encode(): "FeatureCollection",
            collection(): "không có ranh giới nào",
            collection(feature("99999")): "mã xã “99999” không có trong danh mục có hiệu lực ngày 01/01/2026",
            collection(feature("21100"), feature("24820", open_ring)): "khép kín",
            collection(
                feature("24820", [[[11.9, 108.4], [11.9, 108.5], [12.0, 108.5], [11.9, 108.4]]])
            ): "ngoài lãnh thổ",
            collection(feature("24820", [[["a", 1], [1, 2], [2, 3], ["a", 1]]])): "cặp số",
            collection(feature("24820"), feature("24820")): "hai ranh giới",
            collection({"type": "Feature", "properties": {"code": "24820"}, "geometry": {"type": "Point"}}): "Polygon",
        }
        for content, message in cases.items():
            with self.subTest(message=message):
                response = self.post(content)
                self.assertEqual(response.status_code, 400)
                self.assertIn(message, response.content.decode())
                self.assertEqual(list(CommuneBoundary.objects.values_list("unit_id", "geometry")), before)
        self.assertEqual(AuditEvent.objects.filter(action="import", object_repr__startswith="Ranh giới").count(), 1)

    def test_only_an_admin_imports(self):
        response = self.post(collection(feature("24820")), user=self.p.province_officer)
        self.assertEqual(response.status_code, 403)
        self.assertFalse(CommuneBoundary.objects.exists())
