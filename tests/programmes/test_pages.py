"""The programmes pages: each renders in Vietnamese for the bodies concerned, 404 outside the territory."""

import datetime as dt

from programmes import inspections, services
from programmes.models import Task
from tests.programmes.helpers import YEAR, ProgrammesTestCase


class PagesTest(ProgrammesTestCase):
    def test_the_programme_page_lists_the_plan_tasks_and_subtasks(self):
        programme, _plan, _tasks, subtasks = self.make_plan_with_tasks()
        self.client.force_login(self.p.province_officer)
        html = self.client.get(f"/chuong-trinh/{programme.pk}/").content.decode()
        self.assertEqual(html.count('class="subtask"'), 3)
        self.assertEqual(html.count("<tr data-task="), 3)
        self.assertIn(f'id="plan-{YEAR}"', html)
        self.assertIn("23-QĐ/TW; 25-NQ/TW", html)
        html = self.client.get(f"/chuong-trinh/nhiem-vu/{subtasks[0].parent_id}/").content.decode()
        self.assertIn("Nhiệm vụ cấp dưới", html)
        self.assertEqual(self.client.get(f"/chuong-trinh/{programme.pk}/tong-ket/{YEAR}/").status_code, 200)

    def test_every_list_page_renders_and_other_provinces_get_404(self):
        programme, _plan, tasks, _subtasks = self.make_plan_with_tasks()
        p = self.p
        inspections.checklist_item_add(by=p.province_officer, programme=programme, text="Nội dung")
        inspection = inspections.inspection_create(
            by=p.province_officer, organization=p.province_org, programme=programme, title="Kiểm tra",
            date_from=dt.date(YEAR, 4, 1), date_to=dt.date(YEAR, 4, 2), members=[("A", "", p.police)],
            visits=[(p.commune, None, None)],
        )  # fmt: skip
        self.client.force_login(p.province_officer)
        for url in ("/chuong-trinh/", "/chuong-trinh/nhiem-vu/", "/chuong-trinh/ty-le/?group=level",
                    "/chuong-trinh/kiem-tra/", f"/chuong-trinh/kiem-tra/{inspection.pk}/", "/chuong-trinh/dong-gop/",
                    f"/chuong-trinh/kiem-tra/{inspection.pk}/ket-luan.docx"):  # fmt: skip
            with self.subTest(url):
                self.assertEqual(self.client.get(url).status_code, 200)
        self.client.force_login(p.far_officer)
        hidden = (
            f"/chuong-trinh/{programme.pk}/",
            f"/chuong-trinh/nhiem-vu/{tasks['police'].pk}/",
            f"/chuong-trinh/kiem-tra/{inspection.pk}/",
            f"/chuong-trinh/nhiem-vu/?org={p.police.pk}",
        )
        for url in hidden:
            with self.subTest(url):
                self.assertEqual(self.client.get(url).status_code, 404)
        response = self.client.post(f"/chuong-trinh/nhiem-vu/{tasks['police'].pk}/hoan-thanh/")
        self.assertEqual(response.status_code, 404)
        self.assertEqual(Task.objects.get(pk=tasks["police"].pk).status, "not_started")

    def test_the_queue_page_costs_a_fixed_number_of_queries(self):
        _programme, _plan, _tasks, _subtasks = self.make_plan_with_tasks()
        p = self.p
        for n in range(30):
            services.followup_create(
                finding=self.finding(), by=p.province_officer, title=f"Việc {n}", owner=p.police,
                deadline=dt.date(YEAR, 1, 1) + dt.timedelta(days=n),
            )  # fmt: skip
        self.client.force_login(p.police_officer)
        # session, user, the user's memberships (bodies, scope, the menu), the shown body, the scope's lineage, the
        # body again (the gate), keys, rows, count: the same for 30 tasks as for 3
        with self.assertNumQueries(9):
            html = self.client.get(f"/chuong-trinh/nhiem-vu/?org={p.police.pk}").content.decode()
        self.assertEqual(html.count('data-task="'), 25)
        self.assertIn("Trang 1/2", html)

    def finding(self):
        if not hasattr(self, "_finding"):
            p = self.p
            programme = self.make_programme()
            inspections.checklist_item_add(by=p.province_officer, programme=programme, text="Nội dung")
            inspection = inspections.inspection_create(
                by=p.province_officer, organization=p.province_org, programme=programme, title="Kiểm tra",
                date_from=dt.date(YEAR, 4, 1), date_to=dt.date(YEAR, 4, 2), members=[("A", "", p.police)],
                visits=[(p.commune, None, None)],
            )  # fmt: skip
            inspections.inspection_start(inspection=inspection, by=p.province_officer)
            self._finding = inspections.finding_add(inspection=inspection, by=p.province_officer, text="Tồn tại")
        return self._finding


class ContributionPagesTest(ProgrammesTestCase):
    def test_the_contributions_page_rolls_up_by_force_in_a_fixed_number_of_queries(self):
        import datetime as dt
        from decimal import Decimal

        from programmes import contributions
        from programmes.models import ContributionKind

        p = self.p
        workdays = ContributionKind.objects.get(code="workdays")
        for n in range(30):
            contributions.contribution_add(
                by=p.border_officer, organization=p.border, kind=workdays, place=p.communes[n % 3],
                date_from=dt.date(2026, 3, 1), date_to=dt.date(2026, 3, 2), quantity=Decimal(10),
            )  # fmt: skip
        self.client.force_login(p.province_officer)
        # session, user, the user's memberships (writable and own bodies, scope, the menu), the writable bodies' rows,
        # the scope's lineage, kinds, the roll-up, the page and its count, the form's kinds: the same for 30 entries
        # as for 3
        with self.assertNumQueries(10):
            html = self.client.get("/chuong-trinh/dong-gop/?by=force").content.decode()
        self.assertIn('data-key="border_guard" data-kind="workdays"', html)
        self.assertIn('<td class="quantity">300</td>', html)
