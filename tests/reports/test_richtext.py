"""Narrative sections as rich text: only the allow-list is stored, the page and the Word file show the same
formatting, and the plain text of older reports still reads and prints."""

import io

import docx
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
        self.assertEqual(richtext.normalise("Số hộ < 5 và > 2"), "Số hộ < 5 và > 2")  # plain text stays text

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
