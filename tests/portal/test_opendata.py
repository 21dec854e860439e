"""Open data: the catalogue lists every dataset, every download matches its documented columns, no column or value
is personal, the figures are the officers' own (cases.selectors), and a stale release is refused."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import tempfile

import time_machine
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from cases import handling
from cases.models import Case, Petitioner, Subscription
from cases.selectors import case_statistics
from meetings.models import Dialogue
from orgs.models import Role
from portal import opendata
from practices.models import Practice
from reports import services as report_services
from reports.models import RollupValue
from tests.cases.helpers import CITIZEN, submit
from tests.factories import make_user
from tests.front.test_home import add_practices
from tests.reports.helpers import ReportsTestCase

# Names that would carry a person (or a case's words) whatever the model: refused in any dataset.
DENY = {
    "full_name", "name", "id_number", "phone", "email", "address", "username", "first_name", "last_name",
    "person_name", "title", "content", "text", "ip", "client_ip", "token", "token_hash", "code", "display_code",
    "petitioner", "created_by", "leader_name", "answer", "reason", "birth", "gender",
}  # fmt: skip


def personal_fields() -> set[str]:
    """The models' own personal fields: the petitioner, the subscription, accounts, a practice's person, a case's
    words and a dialogue's minutes."""
    names = {f.name for f in Petitioner._meta.get_fields() if f.concrete and not f.is_relation}
    names |= {f.name for f in Subscription._meta.get_fields() if f.concrete and not f.is_relation}
    names |= {f.name for f in get_user_model()._meta.get_fields() if f.concrete and not f.is_relation}
    names |= {"person_name", "title", "content", "minutes", "description"}
    names -= {"id", "case", "channel", "created_at", "is_active", "is_staff", "is_superuser", "date_joined"}
    names -= {"last_login", "confirmed_at", "stopped_at"}
    return names


@override_settings(MEDIA_ROOT=tempfile.mkdtemp(prefix="danvan-opendata-"))
class OpenDataTest(ReportsTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        p = cls.p
        # Only the commune has a centroid: the far commune's cases are counted everywhere but not drawn on the map.
        type(p.commune).objects.filter(pk=p.commune.pk).update(latitude=11.94, longitude=108.44)
        cls.cases = [submit(p)[0] for _ in range(3)] + [submit(p, unit=p.far_commune)[0]]
        handling.case_accept(case=cls.cases[0], by=p.commune_officer)
        handling.case_answer(case=cls.cases[0], by=p.commune_officer, text="Đã chi trả tiền bồi thường.")
        add_practices(p, 2)
        add_practices(p, 1, status="draft")
        report = report_services.report_open(organization=p.commune_org, period=cls.period, by=p.central)
        author = make_user("canbo-bc", p.commune_org, Role.OFFICER)
        services_values = {cls.ind["houses"].pk: 5} if "houses" in cls.ind else {}
        report_services.report_save(report=report, by=author, values={(k, ""): v for k, v in services_values.items()})
        report_services.report_submit(report=report, by=author)
        report_services.report_approve(report=report, by=p.province_officer)

    def setUp(self):
        self.catalogue = opendata.generate()

    def download(self, key: str, fmt: str):
        r = self.client.get(f"/du-lieu-mo/{key}.{fmt}")
        self.assertEqual(r.status_code, 200, key)
        return b"".join(r.streaming_content)

    def csv_rows(self, key: str) -> tuple[list[str], list[dict]]:
        reader = csv.DictReader(io.StringIO(self.download(key, "csv").decode("utf-8-sig")))
        rows = list(reader)
        return list(reader.fieldnames or []), rows

    def test_the_catalogue_lists_every_dataset_with_both_downloads(self):
        served = self.client.get("/du-lieu-mo/danh-muc.json").json()
        self.assertEqual(served["@type"], "dcat:Catalog")
        self.assertIn("dct:license", served)
        keys = [d["dct:identifier"] for d in served["dcat:dataset"]]
        self.assertEqual(sorted(keys), sorted(d.key for d in opendata.DATASETS))
        for entry in served["dcat:dataset"]:
            urls = [d["dcat:downloadURL"] for d in entry["dcat:distribution"]]
            self.assertEqual(
                urls,
                [f"http://testserver/du-lieu-mo/{entry['dct:identifier']}.{fmt}" for fmt in ("csv", "json")],
            )
            for url in urls:
                self.assertEqual(self.client.get(url.removeprefix("http://testserver")).status_code, 200)
        page = self.client.get("/du-lieu-mo/")
        for d in opendata.DATASETS:
            self.assertContains(page, d.title)
        self.assertContains(page, "CC BY 4.0")

    def test_each_download_validates_against_its_documented_columns(self):
        documented = {e["dct:identifier"]: e["columns"] for e in self.catalogue["dcat:dataset"]}
        for d in opendata.DATASETS:
            with self.subTest(dataset=d.key):
                names = [c["name"] for c in documented[d.key]]
                header, rows = self.csv_rows(d.key)
                self.assertEqual(header, names)
                payload = json.loads(self.download(d.key, "json"))
                self.assertEqual(payload["columns"], names)
                self.assertEqual(len(payload["rows"]), len(rows))
                self.assertGreater(len(rows), 0, f"{d.key} has no row: the test data must fill every dataset")
                types = {c["name"]: c["type"] for c in documented[d.key]}
                for row in payload["rows"]:
                    self.assertEqual(list(row), names)
                    for name, value in row.items():
                        expected = {"string": (str,), "integer": (int,), "number": (int, float, type(None))}
                        self.assertIsInstance(value, expected[types[name]], f"{d.key}.{name}={value!r}")

    def test_no_dataset_has_a_personal_column_or_value(self):
        personal = DENY | personal_fields()
        self.assertIn("full_name", personal)
        self.assertIn("email", personal)
        secrets = {v for v in CITIZEN.values() if v} | {"canboxa", "canbo-bc", "Chậm bồi thường đất làm đường vành đai"}
        secrets |= {c.code for c in Case.objects.all()}
        for d in opendata.DATASETS:
            for column in d.column_names:
                with self.subTest(dataset=d.key, column=column):
                    self.assertNotIn(column, personal)
                    self.assertFalse(column.startswith(("person", "petitioner", "contact")))
            for fmt in ("csv", "json"):
                text = self.download(d.key, fmt).decode("utf-8-sig")
                for secret in secrets:
                    self.assertNotIn(secret, text, f"{d.key}.{fmt}")

    def test_answer_rates_are_the_officers_figures(self):
        _header, rows = self.csv_rows("answer-rates")
        by_code = {r["unit_code"]: r for r in rows}
        for unit in (self.p.commune, self.p.province, self.p.far_commune):
            stats = case_statistics(unit)
            row = by_code[unit.code]
            self.assertEqual(int(row["total"]), stats["total"])
            self.assertEqual(int(row["answered"]), stats["answered"])
            self.assertEqual(int(row["answered_on_time"]), stats["answered_on_time"])
        self.assertEqual(int(by_code[self.p.commune.code]["total"]), 3)
        self.assertEqual(int(by_code[self.p.commune.code]["answered"]), 1)
        _header, practice_rows = self.csv_rows("practices-recognised")
        self.assertEqual(sum(int(r["practices"]) for r in practice_rows), Practice.objects.public().count())
        self.assertEqual(sum(int(r["practices"]) for r in practice_rows), 2)  # the draft is not counted
        _header, months = self.csv_rows("cases-by-unit-topic-month")
        self.assertEqual(sum(int(r["cases"]) for r in months), Case.objects.count())
        _header, rollups = self.csv_rows("report-rollups")
        self.assertEqual(len(rollups), RollupValue.objects.filter(unit_level="province").count())

    def test_a_release_older_than_a_day_is_refused_and_the_command_renews_it(self):
        later = timezone.now() + dt.timedelta(days=1, minutes=1)
        with time_machine.travel(later, tick=False):
            for url in ("/du-lieu-mo/answer-rates.csv", "/du-lieu-mo/danh-muc.json", "/du-lieu-mo/",
                        "/cong-khai/ket-qua-tra-loi/"):  # fmt: skip
                with self.subTest(url=url):
                    r = self.client.get(url)
                    self.assertEqual(r.status_code, 503)
                    self.assertEqual(r["Retry-After"], "600")
            call_command("opendata", stdout=io.StringIO())
            self.assertEqual(self.client.get("/du-lieu-mo/answer-rates.csv").status_code, 200)
            generated = dt.datetime.fromisoformat(opendata.current_catalogue()["dct:modified"])
            self.assertLess(abs((generated - later).total_seconds()), 5)

    def test_a_missing_release_is_refused_and_an_unknown_dataset_is_not_found(self):
        self.assertEqual(self.client.get("/du-lieu-mo/khong-co.csv").status_code, 404)
        self.assertEqual(self.client.get("/du-lieu-mo/answer-rates.xml").status_code, 404)
        from django.core.files.storage import default_storage

        default_storage.delete(opendata.CATALOGUE)
        self.assertEqual(self.client.get("/du-lieu-mo/answer-rates.json").status_code, 503)

    def test_the_public_map_data_has_places_and_counts_only(self):
        data = self.client.get("/cong-khai/ban-do/du-lieu.json").json()
        self.assertEqual([(p["code"], p["cases"]) for p in data["points"]], [(self.p.commune.code, 3)])
        Case.objects.update(unit=self.p.commune)
        opendata.generate()
        data = self.client.get("/cong-khai/ban-do/du-lieu.json").json()
        self.assertEqual(data["points"], [
            {"code": self.p.commune.code, "name": self.p.commune.name, "province": self.p.province.name,
             "lat": 11.94, "lng": 108.44, "cases": 4},
        ])  # fmt: skip
        self.assertEqual(self.client.get("/cong-khai/ban-do/du-lieu.json?linh-vuc=khong-co").json()["points"], [])
        self.assertFalse(Dialogue.objects.exists())
