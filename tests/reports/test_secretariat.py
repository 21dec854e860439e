"""Documents a secretariat accepts: Times New Roman as the document's own font, headers that follow the issuing body in
both layouts (HD 36-HD/VPTW, NĐ 30/2020), and the number taken from the body's register of outgoing documents."""

import datetime as dt
import io
import threading
import unittest

import docx
import time_machine
from django.db import connection
from django.test import TransactionTestCase
from docx.oxml.ns import qn

from audit.models import AuditEvent
from geo.models import UnitType
from lib.errors import ServiceError
from orgs.models import OrganizationType
from reports import document, register, services
from reports.docx_render import render_docx
from reports.issuer import issuer_for
from reports.models import OutgoingDocument
from tests.factories import make_org, make_unit, make_user
from tests.reports.helpers import ReportsTestCase

TNR = "Times New Roman"


def texts(cell):
    return [p.text for p in cell.paragraphs if p.text]


def read(data: bytes):
    return docx.Document(io.BytesIO(data))


class IssuerHeaderTest(ReportsTestCase):
    """One organisation of each kind; the header, symbol and signature of its reports in its layout."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        p = cls.p
        cls.hanoi = make_unit("01", "Thành phố Hà Nội", UnitType.CITY)
        cls.hanoi_ward = make_unit("00004", "Phường Ba Đình", UnitType.WARD, parent=cls.hanoi)
        cls.orgs = {
            "tinh-uy": p.province_org,
            "thanh-uy": make_org("Ban Tuyên giáo và Dân vận Thành ủy Hà Nội", "ban-tgdv", cls.hanoi),
            "dang-uy": p.commune_org,
            "dang-uy-ha-noi": make_org("Đảng ủy phường Ba Đình", "dang-uy-xa", cls.hanoi_ward),
            "mttq-tinh": make_org("Ủy ban MTTQ Việt Nam tỉnh Lâm Đồng", "mttq", p.province),
            "mttq-xa": make_org("Ủy ban MTTQ Việt Nam xã Lạc Dương", "mttq", p.other_commune),
            "ubnd-tinh": make_org("Ủy ban nhân dân tỉnh Lâm Đồng", "ubnd", p.province),
            "ubnd-xa": make_org("Ủy ban nhân dân phường Xuân Hương - Đà Lạt", "ubnd", p.commune),
            "ca-tinh": make_org("Công an tỉnh Lâm Đồng", "cong-an", p.province),
            "ca-xa": make_org("Công an xã Lạc Dương", "cong-an", p.other_commune),
            "qs-xa": make_org("Ban Chỉ huy quân sự xã Lạc Dương", "quan-su", p.other_commune),
            "bp-tinh": make_org("Bộ Chỉ huy Bộ đội Biên phòng tỉnh Quảng Ngãi", "bien-phong", p.other_province),
        }
        for code, is_party in (("ban-tgdv", True), ("dang-uy-xa", True)):
            OrganizationType.objects.filter(code=code).update(is_party=is_party)
        cls.orgs["qs-tinh"] = make_org(
            "Bộ Chỉ huy quân sự tỉnh Lâm Đồng",
            "quan-su",
            p.province,
            parent=make_org("Quân khu 7", "quan-su", None),
        )

    def issuer(self, key):
        org = self.orgs[key]
        org.refresh_from_db()
        return issuer_for(org)

    def test_party_bodies_use_hd_36_with_thanh_uy_in_the_centrally_run_cities(self):
        cases = {
            "tinh-uy": ("TỈNH ỦY LÂM ĐỒNG", "BAN TUYÊN GIÁO VÀ DÂN VẬN", "BC/BTGDVTU", "", "TRƯỞNG BAN"),
            "thanh-uy": ("THÀNH ỦY HÀ NỘI", "BAN TUYÊN GIÁO VÀ DÂN VẬN", "BC/BTGDVTU", "", "TRƯỞNG BAN"),
            "dang-uy": (
                "ĐẢNG BỘ TỈNH LÂM ĐỒNG",
                "ĐẢNG ỦY PHƯỜNG XUÂN HƯƠNG - ĐÀ LẠT",
                "BC/ĐU",
                "T/M ĐẢNG ỦY",
                "BÍ THƯ",
            ),
            "dang-uy-ha-noi": ("ĐẢNG BỘ THÀNH PHỐ HÀ NỘI", "ĐẢNG ỦY PHƯỜNG BA ĐÌNH", "BC/ĐU", "T/M ĐẢNG ỦY", "BÍ THƯ"),
        }
        for key, expected in cases.items():
            got = self.issuer(key)
            self.assertEqual(got.format, "party", key)
            self.assertEqual((got.parent, got.name, got.symbol, got.authority, got.position), expected, key)

    def test_state_bodies_use_nd_30_each_with_its_own_forms(self):
        cases = {
            "mttq-tinh": (
                "ỦY BAN MTTQ VIỆT NAM\nTỈNH LÂM ĐỒNG",
                "BAN THƯỜNG TRỰC",
                "BC-MTTQ-BTT",
                "TM. BAN THƯỜNG TRỰC",
                "CHỦ TỊCH",
            ),
            "mttq-xa": (
                "ỦY BAN MTTQ VIỆT NAM\nXÃ LẠC DƯƠNG",
                "BAN THƯỜNG TRỰC",
                "BC-MTTQ-BTT",
                "TM. BAN THƯỜNG TRỰC",
                "CHỦ TỊCH",
            ),
            "ubnd-tinh": ("", "ỦY BAN NHÂN DÂN\nTỈNH LÂM ĐỒNG", "BC-UBND", "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"),
            "ubnd-xa": (
                "",
                "ỦY BAN NHÂN DÂN\nPHƯỜNG XUÂN HƯƠNG - ĐÀ LẠT",
                "BC-UBND",
                "TM. ỦY BAN NHÂN DÂN",
                "CHỦ TỊCH",
            ),
            "ca-tinh": ("BỘ CÔNG AN", "CÔNG AN TỈNH LÂM ĐỒNG", "BC-CAT", "", "GIÁM ĐỐC"),
            "ca-xa": ("CÔNG AN TỈNH LÂM ĐỒNG", "CÔNG AN XÃ LẠC DƯƠNG", "BC-CAX", "", "TRƯỞNG CÔNG AN"),
            "qs-tinh": ("QUÂN KHU 7", "BỘ CHỈ HUY QUÂN SỰ TỈNH LÂM ĐỒNG", "BC-BCH", "", "CHỈ HUY TRƯỞNG"),
            "qs-xa": (
                "BỘ CHỈ HUY QUÂN SỰ TỈNH LÂM ĐỒNG",
                "BAN CHỈ HUY QUÂN SỰ XÃ LẠC DƯƠNG",
                "BC-BCH",
                "",
                "CHỈ HUY TRƯỞNG",
            ),
            "bp-tinh": (
                "BỘ TƯ LỆNH BỘ ĐỘI BIÊN PHÒNG",
                "BỘ CHỈ HUY BỘ ĐỘI BIÊN PHÒNG TỈNH QUẢNG NGÃI",
                "BC-BCH",
                "",
                "CHỈ HUY TRƯỞNG",
            ),
        }
        for key, expected in cases.items():
            got = self.issuer(key)
            self.assertEqual(got.format, "state", key)
            self.assertEqual((got.parent, got.name, got.symbol, got.authority, got.position), expected, key)

    def word_header(self, key):
        org = self.orgs[key]
        self.form.org_types.add(org.org_type)
        officer = make_user(f"canbo-{key}", org)
        report = services.report_open(organization=org, period=self.period, by=officer)
        return read(render_docx(document.build(report)))

    def test_the_word_header_of_each_layout(self):
        front = self.word_header("mttq-tinh")
        header = front.tables[0]
        self.assertEqual(texts(header.cell(0, 0)), ["ỦY BAN MTTQ VIỆT NAM", "TỈNH LÂM ĐỒNG", "BAN THƯỜNG TRỰC"])
        self.assertEqual(texts(header.cell(0, 1))[0], "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
        signature = front.tables[-1].cell(0, 1)
        self.assertEqual(texts(signature)[:2], ["TM. BAN THƯỜNG TRỰC", "CHỦ TỊCH"])
        city = self.word_header("thanh-uy").tables[0]
        self.assertEqual(texts(city.cell(0, 0)), ["THÀNH ỦY HÀ NỘI", "BAN TUYÊN GIÁO VÀ DÂN VẬN", "*"])
        self.assertEqual(texts(city.cell(0, 1))[0], "ĐẢNG CỘNG SẢN VIỆT NAM")
        party = self.word_header("dang-uy-ha-noi")
        self.assertEqual(texts(party.tables[-1].cell(0, 1))[:2], ["T/M ĐẢNG ỦY", "BÍ THƯ"])
        police = self.word_header("ca-xa")
        self.assertEqual(texts(police.tables[0].cell(0, 0)), ["CÔNG AN TỈNH LÂM ĐỒNG", "CÔNG AN XÃ LẠC DƯƠNG"])
        self.assertEqual(texts(police.tables[-1].cell(0, 1))[0], "TRƯỞNG CÔNG AN")
        # A draft has no number yet: the clerk's blank, the body's symbol.
        self.assertEqual(police.tables[0].cell(1, 0).text, "Số: \u00a0\u00a0\u00a0\u00a0\u00a0\u00a0/BC-CAX")


class WordFontAndRegisterTest(ReportsTestCase):
    def submit(self, report, officer):
        services.report_submit(report=report, by=officer)
        report.refresh_from_db()
        return report

    def download(self, report, user):
        self.client.force_login(user)
        r = self.client.get(f"/bao-cao/{report.pk}/word/")
        self.assertEqual(r.status_code, 200)
        return read(r.content)

    def test_the_word_file_opens_with_times_new_roman_in_the_font_box(self):
        report = self.submit(self.report_of(self.p.commune_org), self.p.commune_officer)
        doc = self.download(report, self.p.commune_officer)
        # What Word's font box shows: the document defaults and the Normal style name Times New Roman for every script.
        defaults = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
        fonts = defaults.find(qn("w:rFonts"))
        for script in ("ascii", "hAnsi", "eastAsia", "cs"):
            self.assertEqual(fonts.get(qn(f"w:{script}")), TNR, script)
            self.assertEqual(doc.styles["Normal"].element.rPr.rFonts.get(qn(f"w:{script}")), TNR, script)
        self.assertIsNone(fonts.get(qn("w:asciiTheme")))  # a theme font would win over the named one
        self.assertEqual(doc.styles["Normal"].font.name, TNR)
        self.assertEqual(doc.styles["Normal"].font.size.pt, 14)
        runs = [r for p in doc.paragraphs for r in p.runs if r.text]
        self.assertTrue(runs and all(r.font.name == TNR for r in runs))
        body = [r.font.size.pt for p in doc.paragraphs if p.text.startswith("Đảng ủy") for r in p.runs]
        self.assertEqual(set(body), {14})
        header = doc.tables[0]
        self.assertEqual({r.font.size.pt for p in header.cell(0, 0).paragraphs for r in p.runs if r.text}, {14})

    def test_the_number_comes_from_the_bodys_register_and_is_never_reused(self):
        report = self.submit(self.report_of(self.p.commune_org), self.p.commune_officer)
        self.assertEqual(report.doc_number, "1")
        doc = self.download(report, self.p.commune_officer)
        self.assertEqual(doc.tables[0].cell(1, 0).text, "Số 01-BC/ĐU")
        entry = OutgoingDocument.objects.get(report=report)
        self.assertEqual(
            (entry.organization, entry.year, entry.symbol, entry.number), (report.organization, 2026, "BC/ĐU", 1)
        )
        self.assertTrue(AuditEvent.objects.for_object(entry).filter(action="create").exists())
        # Returned and sent again: the same number, no new entry.
        services.report_return(report=report, by=self.p.province_officer, reason="Bổ sung số liệu")
        report.refresh_from_db()
        report = self.submit(report, self.p.commune_officer)
        self.assertEqual(report.doc_number, "1")
        self.assertEqual(OutgoingDocument.objects.filter(organization=report.organization).count(), 1)
        # The next document of the same body, year and symbol takes 2, whatever the database ids.
        other_period = services.period_open(form=self.form, year=2026, number=2, by=self.p.central)
        second = self.submit(self.report_of(self.p.commune_org, other_period), self.p.commune_officer)
        self.assertEqual(second.doc_number, "2")
        self.assertNotEqual(second.doc_number, str(second.pk))
        # Another body keeps its own register.
        other = self.submit(self.report_of(self.p.other_commune_org), self.p.other_commune_officer)
        self.assertEqual(other.doc_number, "1")

    def test_numbers_restart_each_year_and_per_symbol(self):
        org, by = self.p.commune_org, self.p.commune_officer
        day = dt.date(2026, 12, 31)
        numbers = [
            register.document_register(organization=org, symbol="BC/ĐU", subject="a", issued_on=day, by=by).number,
            register.document_register(organization=org, symbol="BC/ĐU", subject="b", issued_on=day, by=by).number,
            register.document_register(organization=org, symbol="KH/ĐU", subject="c", issued_on=day, by=by).number,
            register.document_register(
                organization=org, symbol="BC/ĐU", subject="d", issued_on=dt.date(2027, 1, 1), by=by
            ).number,
        ]
        self.assertEqual(numbers, [1, 2, 1, 1])
        with self.assertRaises(ServiceError):
            register.document_register(organization=org, symbol=" ", subject="e", issued_on=day, by=by)

    def test_a_report_sent_in_january_takes_that_years_register(self):
        report = self.report_of(self.p.commune_org)
        with time_machine.travel(dt.datetime(2027, 1, 5, 9, tzinfo=dt.UTC), tick=False):
            report = self.submit(report, self.p.commune_officer)
        self.assertEqual(OutgoingDocument.objects.get(report=report).year, 2027)

    def test_a_failed_submission_gives_its_number_back(self):
        report = self.report_of(self.p.commune_org)
        with self.assertRaises(ServiceError):
            services.report_submit(report=report, by=self.p.other_commune_officer)  # not its author
        self.assertFalse(OutgoingDocument.objects.exists())


@unittest.skipUnless(connection.vendor == "postgresql", "SQLite runs one writing transaction at a time")
class RegisterConcurrencyTest(TransactionTestCase):
    def test_issuers_at_the_same_moment_get_distinct_consecutive_numbers(self):
        unit = make_unit("68", "Tỉnh Lâm Đồng", UnitType.PROVINCE)
        org = make_org("Ủy ban nhân dân tỉnh Lâm Đồng", "ubnd", unit)
        user = make_user("vanthu", org)
        barrier = threading.Barrier(6)
        got: list[int] = []
        errors: list[Exception] = []

        def issue():
            try:
                barrier.wait()
                entry = register.document_register(
                    organization=org, symbol="BC-UBND", subject="x", issued_on=dt.date(2026, 5, 1), by=user
                )
                got.append(entry.number)
            except Exception as e:  # noqa: BLE001 - reported below
                errors.append(e)
            finally:
                connection.close()

        threads = [threading.Thread(target=issue) for _ in range(6)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        self.assertEqual(errors, [])
        self.assertEqual(sorted(got), [1, 2, 3, 4, 5, 6])


class RegisterApiTest(ReportsTestCase):
    def test_a_body_reads_its_register_and_another_province_gets_404(self):
        from rest_framework.test import APIClient

        services.report_submit(report=self.report_of(self.p.commune_org), by=self.p.commune_officer)
        client = APIClient()
        client.force_authenticate(self.p.commune_officer)
        url = f"/api/v1/reports/register/?organization={self.p.commune_org.pk}&year=2026"
        r = client.get(url)
        self.assertEqual(r.status_code, 200, r.content)
        [entry] = r.json()["results"]
        self.assertEqual((entry["number"], entry["symbol"], entry["year"]), (1, "BC/ĐU", 2026))
        client.force_authenticate(self.p.province_officer)  # the level above reads it too
        self.assertEqual(client.get(url).json()["count"], 1)
        far = make_user("canboquangngai", self.p.far_org)
        client.force_authenticate(far)
        self.assertEqual(client.get(url).status_code, 404)
        self.assertEqual(client.get("/api/v1/reports/register/?year=2026").status_code, 400)
