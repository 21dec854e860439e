"""The portal's pages: the anonymous home, the search (accent-insensitive), a place, the accountability table, the
map pin of the public form — and every public page light (≤ 300 KB transferred) with no request to another origin."""

from __future__ import annotations

import gzip
import re
import tempfile
from html.parser import HTMLParser
from urllib.parse import urlsplit

from django.contrib.staticfiles import finders
from django.core.cache import caches
from django.test import override_settings

from cases.models import Case
from geo.models import AdminUnit
from meetings.models import Dialogue, DialogueStatus
from portal import opendata
from tests.base import BaseTestCase
from tests.cases.helpers import submit
from tests.front.test_home import add_practices

PUBLIC_PAGES = [
    "/",
    "/gui-y-kien/",
    "/gui-y-kien/tra-cuu/",
    "/cong-khai/tim-kiem/?q=dan+van",
    "/cong-khai/ket-qua-tra-loi/",
    "/cong-khai/ban-do/",
    "/du-lieu-mo/",
]
BUDGET = 300_000


class Links(HTMLParser):
    """Every address the page names: src, href, and the data-* addresses its scripts fetch."""

    def __init__(self):
        super().__init__()
        self.refs: list[tuple[str, str, str]] = []  # (tag, attribute, value)

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if value and (name in ("src", "href", "action") or name in ("data-boundaries", "data-islands")):
                self.refs.append((tag, name, value))


def links(html: str) -> list[tuple[str, str, str]]:
    parser = Links()
    parser.feed(html)
    return parser.refs


def transferred(body: bytes) -> int:
    """Bytes on the wire: whitenoise serves the static files pre-compressed (CompressedManifestStaticFilesStorage),
    and a front proxy compresses the HTML."""
    return len(gzip.compress(body, compresslevel=9))


@override_settings(MEDIA_ROOT=tempfile.mkdtemp(prefix="danvan-portal-"))
class PortalPagesTest(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        add_practices(cls.p, 2, unit=cls.p.commune)
        submit(cls.p)
        AdminUnit.objects.filter(pk=cls.p.commune.pk).update(latitude=11.94, longitude=108.44)
        AdminUnit.objects.filter(pk=cls.p.other_commune.pk).update(latitude=12.05, longitude=108.42)

    def setUp(self):
        caches["pages"].clear()  # the home and the dialogue index are kept a minute per process
        opendata.generate()

    def test_the_anonymous_home_is_the_portal_and_an_officer_keeps_their_home(self):
        r = self.client.get("/")
        self.assertContains(r, "Cổng thông tin công tác dân vận")
        for url in ("/gui-y-kien/", "/gui-y-kien/tra-cuu/", "/du-lieu-mo/", "/van-ban/", "/cong-khai/ban-do/"):
            self.assertContains(r, f'href="{url}"')
        self.assertContains(r, 'name="don-vi"')  # the commune picker
        self.login(self.p.commune_officer)
        self.assertNotContains(self.client.get("/"), "Cổng thông tin công tác dân vận")

    def test_the_home_reads_nothing_from_the_database(self):
        self.client.get("/")
        with self.assertNumQueries(0):
            self.assertEqual(self.client.get("/").status_code, 200)

    def test_the_search_folds_accents_across_public_content(self):
        from practices.models import Practice

        Practice.objects.filter(name="Mô hình 0").update(name="Dân vận khéo xây đường giao thông nông thôn")
        for p in Practice.objects.all():
            p.save()  # refresh the search text
        Dialogue.objects.create(
            organization=self.p.commune_org, unit=self.p.commune, title="Đối thoại về bồi thường đất đai",
            starts_at="2026-01-10T08:00:00+07:00", place="Nhà văn hoá phường", status=DialogueStatus.ANNOUNCED,
            announced_on="2026-01-01", created_by=self.p.commune_officer,
        )  # fmt: skip
        r = self.client.get("/cong-khai/tim-kiem/", {"q": "giao thong nong thon"})
        self.assertContains(r, "Dân vận khéo xây đường giao thông nông thôn")
        r = self.client.get("/cong-khai/tim-kiem/", {"q": "BOI THUONG dat"})
        self.assertContains(r, "Đối thoại về bồi thường đất đai")
        self.assertNotContains(r, "Dân vận khéo xây đường")
        r = self.client.get("/cong-khai/tim-kiem/", {"q": "khong co gi ca xyz"})
        self.assertContains(r, "Không tìm thấy nội dung công khai")
        # A case's words are never searched or shown.
        self.assertNotContains(self.client.get("/cong-khai/tim-kiem/", {"q": "vanh dai"}), "vành đai")

    def test_a_place_shows_its_figures_from_the_release(self):
        r = self.client.get("/cong-khai/dia-ban/", {"don-vi": self.p.commune.code})
        self.assertEqual(r.context["figures"]["total"], 1)
        self.assertContains(r, self.p.commune.name)
        self.assertContains(r, "Mô hình 0")
        # The commune's grassroots-democracy disclosures are one tap away, and that page answers without an account.
        self.assertContains(r, f'href="/dan-chu-co-so/xa/{self.p.commune.code}/"')
        self.assertEqual(self.client.get(f"/dan-chu-co-so/xa/{self.p.commune.code}/").status_code, 200)
        self.assertEqual(self.client.get("/cong-khai/dia-ban/", {"don-vi": "99999"}).status_code, 404)

    def test_accountability_by_province_then_commune(self):
        r = self.client.get("/cong-khai/ket-qua-tra-loi/")
        self.assertEqual([row["unit_code"] for row in r.context["rows"]], [self.p.province.code])
        r = self.client.get("/cong-khai/ket-qua-tra-loi/", {"tinh": self.p.province.code})
        self.assertEqual([row["unit_code"] for row in r.context["rows"]], [self.p.commune.code])
        self.assertEqual(r.context["parent"]["total"], 1)
        self.assertEqual(self.client.get("/cong-khai/ket-qua-tra-loi/", {"tinh": "00"}).status_code, 404)
        # A case of the old (before 1/7/2025) commune: in the open data with its version's end, not in today's table.
        old_case, _ = submit(self.p, ip="203.0.113.8")
        Case.objects.filter(pk=old_case.pk).update(unit=self.p.old_commune)
        opendata.generate()
        rows, _at = opendata.rows("answer-rates")
        old = [r for r in rows if r["unit_code"] == self.p.old_commune.code and r["unit_level"] == "commune"]
        # Same code as today's commune: the version's end tells them apart.
        self.assertEqual(sorted(r["unit_valid_to"] for r in old), ["", self.p.old_commune.valid_to.isoformat()])
        r = self.client.get("/cong-khai/ket-qua-tra-loi/")
        self.assertEqual([row["unit_code"] for row in r.context["rows"]], [self.p.province.code])
        self.assertEqual(r.context["rows"][0]["total"], 1)

    def test_every_public_page_is_light_and_names_no_other_origin(self):
        for url in PUBLIC_PAGES:
            with self.subTest(url=url):
                r = self.client.get(url)
                self.assertEqual(r.status_code, 200)
                html = r.content.decode()
                total = transferred(r.content)
                assets = set()
                for tag, attribute, value in links(html):
                    parts = urlsplit(value)
                    self.assertFalse(parts.scheme or parts.netloc, f"{tag} {attribute}={value} leaves the site")
                    if (
                        tag in ("script", "img")
                        or (tag == "link" and attribute == "href")
                        or attribute.startswith("data-")
                    ):
                        assets.add(parts.path)
                self.assertNotRegex(html, re.compile(r"(src|href)=\"//"))
                for path in assets:
                    found = finders.find(path.removeprefix("/static/"))
                    self.assertTrue(found, path)
                    with open(found, "rb") as f:
                        total += transferred(f.read())
                self.assertLessEqual(total, BUDGET, f"{url}: {total} bytes")
                # The map pages fetch their boundaries: counted above.
                if url in ("/gui-y-kien/", "/cong-khai/ban-do/"):
                    self.assertIn("/static/geo/provinces-2025.geojson", assets)


class MapPinTest(BaseTestCase):
    def setUp(self):
        AdminUnit.objects.filter(pk=self.p.commune.pk).update(latitude=11.94, longitude=108.44)
        AdminUnit.objects.filter(pk=self.p.other_commune.pk).update(latitude=12.05, longitude=108.42)
        AdminUnit.objects.filter(pk=self.p.far_commune.pk).update(latitude=15.88, longitude=108.33)

    def form(self, **extra):
        from tests.cases.helpers import topic

        data = {
            "kind": "feedback", "topic": topic().pk, "unit": "", "title": "Đèn đường hỏng",
            "content": "Đèn đường trước nhà văn hoá hỏng đã hai tuần.", "people_count": 1,
        }  # fmt: skip
        data.update(extra)
        return self.client.post("/gui-y-kien/", data)

    def test_the_nearest_commune_by_centroid(self):
        r = self.client.get("/gui-y-kien/xa-gan-nhat/", {"lat": "12.03", "lng": "108.43"})
        self.assertEqual(r.json()["code"], self.p.other_commune.code)
        r = self.client.get("/gui-y-kien/xa-gan-nhat/", {"lat": "11.95", "lng": "108.45"})
        self.assertEqual(r.json(), {"code": self.p.commune.code, "name": self.p.commune.name,
                                    "province": self.p.province.name})  # fmt: skip
        self.assertEqual(self.client.get("/gui-y-kien/xa-gan-nhat/", {"lat": "48.8", "lng": "2.3"}).status_code, 404)
        self.assertEqual(self.client.get("/gui-y-kien/xa-gan-nhat/", {"lat": "x", "lng": "1"}).status_code, 400)

    def test_a_pin_without_a_commune_fills_the_commune_and_the_coordinates(self):
        r = self.form(latitude="15.87", longitude="108.34")
        self.assertEqual(r.status_code, 302, r.content.decode()[:2000])
        case = Case.objects.get()
        self.assertEqual((case.unit_id, case.latitude, case.longitude), (self.p.far_commune.pk, 15.87, 108.34))

    def test_a_chosen_commune_wins_over_the_pin(self):
        self.assertEqual(self.form(unit=self.p.commune.code, latitude="15.87", longitude="108.34").status_code, 302)
        self.assertEqual(Case.objects.get().unit_id, self.p.commune.pk)

    def test_bad_pins_are_refused_with_a_message_and_nothing_is_saved(self):
        for extra in (
            {"latitude": "48.8", "longitude": "2.3"},
            {"latitude": "12"},
            {"latitude": "abc", "longitude": "1"},
        ):
            with self.subTest(extra=extra):
                r = self.form(**extra)
                self.assertEqual(r.status_code, 200)
                self.assertContains(r, "Vị trí ghim trên bản đồ không hợp lệ")
        r = self.form()
        self.assertContains(r, "hoặc ghim vị trí trên bản đồ")
        self.assertFalse(Case.objects.exists())
