"""Narrative sections as rich text: only the allow-list is stored, the page and the Word file show the same
formatting, and the plain text of older reports still reads and prints."""

import html
import importlib
import io
from html.parser import HTMLParser

import docx
from django.apps import apps
from rest_framework.test import APIClient

from lib.errors import ServiceError
from reports import document, richtext, services
from reports.docx_render import render_docx
from reports.models import Report
from tests.reports.helpers import ReportsTestCase

FORMATTED = (
    "<p>Nhân dân <b>đồng thuận</b>, <i>tin tưởng</i> và <u>ủng hộ</u>.</p>"
    "<ul><li>Mở rộng đường liên thôn</li><li>Xây <strong>12</strong> nhà đại đoàn kết</li></ul>"
    "<ol><li>Tiếp tục tuyên truyền</li><li>Nhân rộng mô hình</li></ol>"
)
HOSTILE = (
    '<p onclick="steal()" style="color:red">Kết quả<script>alert("x")</script></p>'
    '<img src="x" onerror="alert(1)"><a href="javascript:alert(2)">bấm vào đây</a>'
    '<style>body{display:none}</style><iframe src="https://evil.example"></iframe>'
    '<svg onload="alert(3)"></svg><ul><li onmouseover="x()">mục</li></ul>'
)


class SanitiseTest(ReportsTestCase):
    def test_it_keeps_the_editor_formatting(self):
        self.assertEqual(richtext.sanitise(FORMATTED), FORMATTED)

    def test_it_removes_scripts_handlers_styles_and_javascript_urls(self):
        clean = richtext.sanitise(HOSTILE)
        for bad in ("script", "alert", "onclick", "onerror", "onload", "onmouseover", "style", "javascript", "<img",
                    "<a ", "href", "iframe", "evil", "<svg", "display:none"):  # fmt: skip
            self.assertNotIn(bad, clean)
        self.assertEqual(clean, "<p>Kết quả</p>bấm vào đây<ul><li>mục</li></ul>")

    def test_text_smuggling_a_script_is_treated_as_html(self):
        self.assertEqual(richtext.normalise('<script>alert("x")</script>'), "")
        # Plain text is escaped into a paragraph: what is stored is always the sanitiser's HTML (issue 18).
        self.assertEqual(richtext.normalise("Số hộ < 5 và > 2"), "<p>Số hộ &lt; 5 và &gt; 2</p>")

    def test_no_break_spaces_typed_by_the_editor_become_spaces(self):
        self.assertEqual(richtext.sanitise("<p>Nhân dân <b>đồng thuận</b>&nbsp;với\xa0chủ trương.</p>"),
                         "<p>Nhân dân <b>đồng thuận</b> với chủ trương.</p>")  # fmt: skip

    def test_an_emptied_editor_stores_nothing(self):
        self.assertEqual(richtext.normalise("<p><br></p>"), "")
        self.assertEqual(richtext.normalise("  <div> </div> "), "")


class NarrativeSaveTest(ReportsTestCase):
    def test_the_service_stores_only_the_allow_list(self):
        report = self.report_of(self.p.commune_org)
        services.report_save(
            report=report, by=self.p.commune_officer, narrative={"p1_situation": HOSTILE, "p2_tasks": FORMATTED}
        )
        report.refresh_from_db()
        self.assertEqual(report.narrative["p1_situation"], "<p>Kết quả</p>bấm vào đây<ul><li>mục</li></ul>")
        self.assertEqual(report.narrative["p2_tasks"], FORMATTED)

    def test_the_api_goes_through_the_same_sanitiser(self):
        report = self.report_of(self.p.commune_org)
        client = APIClient()
        client.force_authenticate(self.p.commune_officer)
        r = client.patch(
            f"/api/v1/reports/{report.pk}/",
            {"narrative": {"p1_situation": '<p>Ổn định<img src=x onerror="alert(1)"></p>'}, "revision": 0},
            format="json",
        )
        self.assertEqual(r.status_code, 200, r.content)
        self.assertEqual(r.json()["narrative"]["p1_situation"], "<p>Ổn định</p>")

    def test_an_over_long_section_is_refused_in_vietnamese_and_nothing_changes(self):
        report = self.report_of(self.p.commune_org)
        services.report_save(report=report, by=self.p.commune_officer, narrative={"p1_situation": "<p>Cũ</p>"})
        with self.assertRaisesMessage(ServiceError, "quá dài (tối đa 40.000 ký tự"):
            services.report_save(
                report=report, by=self.p.commune_officer, narrative={"p1_situation": "<p>" + "a" * 40_001 + "</p>"}
            )
        report.refresh_from_db()
        self.assertEqual((report.narrative["p1_situation"], report.revision), ("<p>Cũ</p>", 1))

    def test_the_page_form_saves_the_editor_html(self):
        report = self.report_of(self.p.commune_org)
        self.client.force_login(self.p.commune_officer)
        r = self.client.post(
            f"/bao-cao/{report.pk}/",
            {"revision": "0", "save": "1", "n_p1_situation": FORMATTED + '<p onclick="x()">Hết</p>'},
        )
        self.assertEqual(r.status_code, 302)
        report.refresh_from_db()
        self.assertEqual(report.narrative["p1_situation"], FORMATTED + "<p>Hết</p>")
        html = self.client.get(f"/bao-cao/{report.pk}/").content.decode()
        self.assertIn("data-richtext>&lt;p&gt;Nhân dân &lt;b&gt;đồng thuận&lt;/b&gt;", html)  # escaped in the textarea
        self.assertIn("js/richtext.js", html)


class NarrativeDisplayTest(ReportsTestCase):
    def test_the_report_page_shows_the_formatting_and_runs_nothing(self):
        report = self.report_of(self.p.commune_org)
        # A row written before the sanitiser (or by hand in the database) is sanitised again on the way out.
        Report.objects.filter(pk=report.pk).update(narrative={"p1_situation": FORMATTED + HOSTILE})
        self.client.force_login(self.p.province_officer)  # reviewer: reads, does not edit
        html = self.client.get(f"/bao-cao/{report.pk}/").content.decode()
        shown = html.split('id="narrative-p1_situation">', 1)[1].split("</div>", 1)[0]
        self.assertTrue(shown.startswith("<p>Nhân dân <b>đồng thuận</b>, <i>tin tưởng</i>"))
        self.assertIn("<ol><li>Tiếp tục tuyên truyền</li>", shown)
        self.assertTrue(shown.endswith("<p>Kết quả</p>bấm vào đây<ul><li>mục</li></ul>"))
        self.assertNotIn("alert", html)
        self.assertNotIn("javascript:", html)
        self.assertNotIn("js/richtext.js", html)

    def test_an_older_plain_text_narrative_still_reads_as_paragraphs(self):
        report = self.report_of(self.p.commune_org)
        Report.objects.filter(pk=report.pk).update(narrative={"p1_situation": "Dòng một: 2 < 3.\nDòng hai & ba."})
        self.client.force_login(self.p.province_officer)
        html = self.client.get(f"/bao-cao/{report.pk}/").content.decode()
        self.assertIn("<p>Dòng một: 2 &lt; 3.</p><p>Dòng hai &amp; ba.</p>", html)


class NarrativeWordTest(ReportsTestCase):
    def word(self, report) -> docx.document.Document:
        report = Report.objects.select_related(
            "organization__org_type", "organization__parent", "unit", "period__form"
        ).get(pk=report.pk)
        return docx.Document(io.BytesIO(render_docx(document.build(report))))

    def test_bold_italic_underline_and_lists_reach_the_word_file(self):
        report = self.report_of(self.p.commune_org)
        services.report_save(report=report, by=self.p.commune_officer, narrative={"p1_situation": FORMATTED})
        doc = self.word(report)
        paragraphs = [p for p in doc.paragraphs if p.text]
        first = next(p for p in paragraphs if p.text.startswith("Nhân dân"))
        self.assertEqual(first.text, "Nhân dân đồng thuận, tin tưởng và ủng hộ.")
        formats = {r.text: (bool(r.bold), bool(r.italic), bool(r.underline)) for r in first.runs}
        self.assertEqual(formats["đồng thuận"], (True, False, False))
        self.assertEqual(formats["tin tưởng"], (False, True, False))
        self.assertEqual(formats["ủng hộ"], (False, False, True))
        self.assertEqual(formats["Nhân dân "], (False, False, False))
        styles = {p.text: p.style.name for p in paragraphs}
        self.assertEqual(styles["Mở rộng đường liên thôn"], "List Bullet")
        self.assertEqual(styles["Xây 12 nhà đại đoàn kết"], "List Bullet")
        self.assertEqual(styles["Tiếp tục tuyên truyền"], "List Number")
        self.assertEqual(styles["Nhân rộng mô hình"], "List Number")
        bold_12 = next(p for p in paragraphs if p.text == "Xây 12 nhà đại đoàn kết").runs
        self.assertEqual([r.text for r in bold_12 if r.bold], ["12"])

    def test_each_numbered_list_starts_again_at_one(self):
        report = self.report_of(self.p.commune_org)
        services.report_save(
            report=report,
            by=self.p.commune_officer,
            narrative={"p1_situation": "<ol><li>Một</li><li>Hai</li></ol>", "p2_tasks": "<ol><li>Lại một</li></ol>"},
        )
        doc = self.word(report)
        num_ids = {}
        for p in doc.paragraphs:
            if p.text in ("Một", "Hai", "Lại một"):
                num_pr = p._p.pPr.numPr
                num_ids[p.text] = num_pr.numId.val if num_pr is not None else None
        self.assertEqual(num_ids["Một"], num_ids["Hai"])
        self.assertIsNotNone(num_ids["Một"])
        self.assertNotEqual(num_ids["Một"], num_ids["Lại một"])
        w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
        for num in doc.part.numbering_part.element.findall(f"{w}num"):
            if int(num.get(f"{w}numId")) == num_ids["Lại một"]:
                self.assertEqual(num.find(f"{w}lvlOverride/{w}startOverride").get(f"{w}val"), "1")
                break
        else:
            self.fail("the second list has no numbering instance of its own")

    def test_an_older_plain_text_narrative_prints_as_paragraphs(self):
        report = self.report_of(self.p.commune_org)
        Report.objects.filter(pk=report.pk).update(narrative={"p1_situation": "Dòng một.\nSố hộ 2 < 3 và 5 > 4."})
        texts = [p.text for p in self.word(report).paragraphs]
        self.assertIn("Dòng một.", texts)
        self.assertIn("Số hộ 2 < 3 và 5 > 4.", texts)  # no tag: the text prints as written


# ------------------------------------------------------------------------------ issue 18, item 1: stored XSS

PAYLOADS = [
    "< p>x <img src=x onerror=alert(1)  <>",
    "<p>x <img src=x onerror=alert(1)  <>",
    "< P>x <IMG SRC=x OnError=alert(1)>",
    "x <svg onload=alert(1)>",
    "< svg/onload=alert(1)>x",
    '<a href="javascript:alert(1)">bấm</a>',
    '<a href="JaVaScRiPt&colon;alert(1)">bấm</a>',
    '<p style="background:url(javascript:alert(1))">x</p>',
    "&lt;img src=x onerror=alert(1)&gt;",
    "<p>&#60;img src=x onerror=alert(1)&#62;</p>",
    "<scr<script>ipt>alert(1)</script>",
    "<!--><img src=x onerror=alert(1)>-->",
]


class _Elements(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, list]] = []

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, attrs))


def assert_inert(test, value: str) -> None:
    """``value`` as a browser would read it has only allow-listed elements and no attribute at all (so no event
    handler, no style, no javascript: URL)."""
    parser = _Elements()
    parser.feed(value)
    parser.close()
    for tag, attrs in parser.found:
        test.assertIn(tag, richtext.ALLOWED_TAGS, value)
        test.assertEqual(attrs, [], value)


class NarrativeAlwaysSanitisedTest(ReportsTestCase):
    def test_every_payload_is_stored_as_allow_listed_html_by_the_service(self):
        report = self.report_of(self.p.commune_org)
        for payload in PAYLOADS:
            with self.subTest(payload=payload):
                services.report_save(report=report, by=self.p.commune_officer, narrative={"p1_situation": payload})
                report.refresh_from_db()
                stored = report.narrative["p1_situation"]
                assert_inert(self, stored)
                self.assertEqual(stored, richtext.sanitise(stored))  # already the sanitiser's output

    def test_the_reported_payload_is_kept_as_visible_text(self):
        report = self.report_of(self.p.commune_org)
        services.report_save(report=report, by=self.p.commune_officer, narrative={"p1_situation": PAYLOADS[0]})
        report.refresh_from_db()
        stored = report.narrative["p1_situation"]
        self.assertEqual(stored, "<p>&lt; p&gt;x &lt;img src=x onerror=alert(1)  &lt;&gt;</p>")

    def test_the_page_form_and_the_api_store_the_same_inert_html(self):
        report = self.report_of(self.p.commune_org)
        self.client.force_login(self.p.commune_officer)
        client = APIClient()
        client.force_authenticate(self.p.commune_officer)
        for payload in PAYLOADS:
            with self.subTest(payload=payload):
                revision = Report.objects.get(pk=report.pk).revision
                r = self.client.post(
                    f"/bao-cao/{report.pk}/", {"revision": str(revision), "save": "1", "n_p1_situation": payload}
                )
                self.assertEqual(r.status_code, 302)
                from_page = Report.objects.get(pk=report.pk).narrative["p1_situation"]
                assert_inert(self, from_page)
                r = client.patch(
                    f"/api/v1/reports/{report.pk}/",
                    {"narrative": {"p1_situation": payload}, "revision": revision + 1},
                    format="json",
                )
                self.assertEqual(r.status_code, 200, r.content)
                self.assertEqual(r.json()["narrative"]["p1_situation"], from_page)
                page = self.client.get(f"/bao-cao/{report.pk}/").content.decode()
                source = page.split("data-richtext>", 1)[1].split("</textarea>", 1)[0]
                self.assertNotIn("<", source)  # the editor's source is escaped in the textarea
                assert_inert(self, html.unescape(source))

    def test_the_migration_resanitises_narratives_stored_before(self):
        report = self.report_of(self.p.commune_org)
        other = self.report_of(self.p.other_commune_org)
        Report.objects.filter(pk=report.pk).update(
            narrative={"p1_situation": PAYLOADS[0], "p2_tasks": "<p>Tốt</p>", "p3_x": HOSTILE}
        )
        Report.objects.filter(pk=other.pk).update(narrative={"p1_situation": "Dòng một: 2 < 3.\nDòng hai."})
        migration = importlib.import_module("reports.migrations.0006_resanitise_stored_narratives")
        migration.resanitise(apps, None)
        report.refresh_from_db()
        other.refresh_from_db()
        self.assertEqual(
            report.narrative,
            {
                "p1_situation": "<p>&lt; p&gt;x &lt;img src=x onerror=alert(1)  &lt;&gt;</p>",
                "p2_tasks": "<p>Tốt</p>",
                "p3_x": "<p>Kết quả</p>bấm vào đây<ul><li>mục</li></ul>",
            },
        )
        self.assertEqual(other.narrative, {"p1_situation": "<p>Dòng một: 2 &lt; 3.</p><p>Dòng hai.</p>"})


class CentralRolesDoNotEditOtherUnitsTest(ReportsTestCase):
    def test_a_central_officer_and_an_admin_get_no_editor_on_a_communes_report(self):
        report = self.report_of(self.p.commune_org)
        for user in (self.p.central, self.p.admin):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                page = self.client.get(f"/bao-cao/{report.pk}/").content.decode()
                self.assertNotIn("data-richtext", page)
                self.assertNotIn("js/richtext.js", page)
                self.assertIn('id="narrative-p1_situation"', page)  # they read it
                r = self.client.post(f"/bao-cao/{report.pk}/", {"revision": "0", "save": "1", "n_p1_situation": "x"})
                self.assertEqual(r.status_code, 302)
                report.refresh_from_db()
                self.assertEqual((report.narrative, report.revision), ({}, 0))

    def test_the_service_refuses_a_central_write_and_nothing_changes(self):
        report = self.report_of(self.p.commune_org)
        for user in (self.p.central, self.p.admin):
            with self.subTest(user=user.username), self.assertRaises(ServiceError) as caught:
                services.report_save(report=report, by=user, narrative={"p1_situation": "<p>x</p>"})
            self.assertEqual(caught.exception.status_code, 403)
        report.refresh_from_db()
        self.assertEqual((report.narrative, report.revision), ({}, 0))

    def test_the_reporting_units_officer_still_gets_the_editor(self):
        report = self.report_of(self.p.commune_org)
        self.client.force_login(self.p.commune_officer)
        page = self.client.get(f"/bao-cao/{report.pk}/").content.decode()
        self.assertIn("data-richtext", page)
