"""Phone-first report entry (reports/entry_views.py): one section at a time, a draft on every step."""

from decimal import Decimal

from reports import services
from reports.models import Status, Value
from tests.reports.helpers import ReportsTestCase


class EntryStepTests(ReportsTestCase):
    def setUp(self):
        self.report = self.report_of(self.p.commune_org)
        self.url = f"/bao-cao/{self.report.pk}/nhap/"

    def step_with(self, code: str) -> int:
        """The number of the step that holds an indicator's box."""
        self.login(self.p.commune_officer)
        for number in range(1, 20):
            html = self.client.get(self.url, {"phan": number}).content.decode()
            if f'id="v_{self.ind[code].pk}_"' in html:
                return number
        raise AssertionError(code)

    def test_it_saves_the_section_as_a_draft_and_moves_on(self):
        number = self.step_with("houses")
        r = self.client.post(
            self.url, {"phan": number, "revision": self.report.revision, f"v_{self.ind['houses'].pk}_": "1.234"}
        )
        self.assertRedirects(r, f"{self.url}?phan={number + 1}", fetch_redirect_response=False)
        self.assertEqual(Value.objects.get(report=self.report, indicator=self.ind["houses"]).value, 1234)
        self.report.refresh_from_db()
        self.assertEqual(self.report.status, Status.DRAFT)

    def test_a_bad_figure_is_reported_beside_its_box_and_nothing_is_saved(self):
        number = self.step_with("houses")
        r = self.client.post(
            self.url, {"phan": number, "revision": self.report.revision, f"v_{self.ind['houses'].pk}_": "mười"}
        )
        self.assertEqual(r.status_code, 400)
        html = r.content.decode()
        self.assertIn(f'aria-describedby="e_{self.ind["houses"].pk}_"', html)
        self.assertIn(f'id="e_{self.ind["houses"].pk}_" role="alert"', html)
        self.assertFalse(Value.objects.filter(report=self.report, indicator=self.ind["houses"]).exists())

    def test_a_save_over_another_editors_is_refused(self):
        number = self.step_with("houses")
        stale = self.report.revision
        self.save(self.report, houses=3)
        r = self.client.post(self.url, {"phan": number, "revision": stale, f"v_{self.ind['houses'].pk}_": "9"})
        self.assertEqual(r.status_code, 409)
        self.assertEqual(Value.objects.get(report=self.report, indicator=self.ind["houses"]).value, 3)

    def test_each_row_shows_its_unit_and_the_previous_periods_value(self):
        # The previous period: an approved report with 7 houses.
        earlier = services.period_open(form=self.form, year=2025, number=2, by=self.p.central)
        old = self.report_of(self.p.commune_org, earlier)
        self.save(old, houses=7)
        services.report_submit(report=old, by=self.p.commune_officer)
        old.refresh_from_db()
        old.status = Status.APPROVED  # approving needs the province's chain; the value read is what matters here
        old.save(update_fields=["status"])
        number = self.step_with("houses")
        html = self.client.get(self.url, {"phan": number}).content.decode()
        row = html[html.index(f'id="v_{self.ind["houses"].pk}_"') :]
        row = row[: row.index("entry-row")]
        self.assertIn(self.ind["houses"].unit, row)
        self.assertIn("Kỳ trước: 7", row)

    def test_automatic_figures_are_shown_not_typed(self):
        auto = next(i for i in self.ind.values() if i.is_auto)
        self.login(self.p.commune_officer)
        found = False
        for number in range(1, 20):
            html = self.client.get(self.url, {"phan": number}).content.decode()
            if f'<output id="v_{auto.pk}_">' in html:
                found = True
                self.assertNotIn(f'name="v_{auto.pk}_"', html)
                self.assertIn("Tự động", html)
                break
        self.assertTrue(found)

    def test_only_the_author_enters_and_not_after_sending(self):
        self.login(self.p.other_commune_officer)
        self.assertEqual(self.client.get(self.url).status_code, 404)
        self.save(self.report, houses=Decimal(1))
        services.report_submit(report=self.report, by=self.p.commune_officer)
        self.login(self.p.commune_officer)
        self.assertRedirects(self.client.get(self.url), f"/bao-cao/{self.report.pk}/", fetch_redirect_response=False)
