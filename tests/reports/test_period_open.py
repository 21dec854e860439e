"""The page that opens a report period: the central level opens it with the form's cut-off or chosen dates;
anyone else is refused in Vietnamese and nothing is created."""

import datetime as dt

from reports.models import Period, Report
from tests.reports.helpers import ReportsTestCase

URL = "/bao-cao/mo-ky/"


class PeriodOpenPageTest(ReportsTestCase):
    def post(self, **fields):
        return self.client.post(URL, {"form": self.form.pk, "year": 2026, "number": 2, **fields})

    def test_it_opens_a_period_with_the_configured_cut_off_and_a_draft_for_every_organisation(self):
        self.login(self.p.central)
        r = self.client.get(URL)
        self.assertContains(r, "15/12/2025 – 14/06/2026")  # the six-month form's cut-off, shown before opening
        r = self.post()
        self.assertRedirects(r, "/bao-cao/", fetch_redirect_response=False)
        period = Period.objects.get(form=self.form, year=2026, number=2)
        self.assertEqual((period.start, period.end), (dt.date(2026, 6, 15), dt.date(2026, 12, 14)))
        self.assertEqual(period.due_date, dt.date(2026, 12, 14) + dt.timedelta(days=self.form.due_days))
        self.assertEqual(period.label, "6 tháng cuối năm 2026")
        self.assertEqual(
            Report.objects.filter(period=period).count(), Report.objects.filter(period=self.period).count()
        )
        r = self.client.get("/bao-cao/")
        self.assertContains(r, "Đã mở kỳ báo cáo 6 tháng cuối năm 2026")

    def test_it_takes_chosen_dates_and_due_date(self):
        self.login(self.p.central)
        self.post(start="2026-07-01", end="2026-12-31", due_date="2027-01-10")
        period = Period.objects.get(form=self.form, year=2026, number=2)
        self.assertEqual(
            (period.start, period.end, period.due_date),
            (dt.date(2026, 7, 1), dt.date(2026, 12, 31), dt.date(2027, 1, 10)),
        )

    def test_it_refuses_a_province_officer_in_vietnamese_and_creates_nothing(self):
        self.login(self.p.province_officer)
        r = self.client.get(URL)
        self.assertContains(r, "Chỉ cán bộ Trung ương mở được kỳ báo cáo.", status_code=403)
        r = self.post()
        self.assertContains(r, "Chỉ cán bộ Trung ương mở được kỳ báo cáo.", status_code=403)
        self.assertFalse(Period.objects.filter(year=2026, number=2).exists())
        self.assertNotContains(self.client.get("/bao-cao/"), URL)

    def test_it_refuses_bad_input_and_an_already_open_period(self):
        self.login(self.p.central)
        r = self.post(number=3)
        self.assertContains(r, "Kỳ 6 tháng chỉ có kỳ số từ 1 đến 2.", status_code=400)
        r = self.post(start="2026-12-31", end="2026-07-01")
        self.assertContains(r, "Ngày kết thúc phải sau ngày bắt đầu.", status_code=400)
        r = self.post(number=1)
        self.assertContains(r, "Kỳ báo cáo 6 tháng đầu năm 2026 đã được mở.", status_code=400)
        self.assertEqual(Period.objects.filter(year=2026).count(), 1)

    def test_anonymous_users_are_sent_to_sign_in(self):
        r = self.client.get(URL)
        self.assertEqual(r.status_code, 302)
        self.assertIn("next=", r["Location"])
