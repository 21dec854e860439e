"""Joint inspections: a team from three agencies, results per unit and item with photos checked by content,
findings whose follow-up tasks enter each agency's queue, roll up by agency, and reach the digest when overdue."""

import datetime as dt

import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from audit.models import AuditEvent
from lib.errors import ServiceError
from notifications import digest as notification_digest
from notifications.todo import todo_for
from programmes import inspections, selectors, services
from programmes.models import InspectionStatus, Rating, ResultPhoto, Task
from tests.programmes.helpers import YEAR, ProgrammesTestCase


def jpeg(name="anh.jpg") -> SimpleUploadedFile:
    # A JPEG header as lib.uploads sniffs it (tests/lib/test_uploads.py does the same).
    return SimpleUploadedFile(name, b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 64, content_type="image/jpeg")


class InspectionTest(ProgrammesTestCase):
    def plan_inspection(self):
        p = self.p
        programme = self.make_programme()
        items = [
            inspections.checklist_item_add(by=p.province_officer, programme=programme, text=text)
            for text in ("Triển khai kế hoạch năm", "Xây dựng mô hình “Dân vận khéo”", "Giải quyết kiến nghị của dân")
        ]
        inspection = inspections.inspection_create(
            by=p.province_officer,
            organization=p.province_org,
            programme=programme,
            title="Kiểm tra liên ngành thực hiện chương trình phối hợp năm 2027",
            date_from=dt.date(YEAR, 4, 1),
            date_to=dt.date(YEAR, 4, 10),
            members=[
                ("Nguyễn Văn An", "Trưởng đoàn", p.province_org),
                ("Trần Văn Bình", "Thành viên", p.police),
                ("Lê Văn Cường", "Thành viên", p.military),
            ],
            visits=[(p.commune, p.commune_org, dt.date(YEAR, 4, 2)), (p.other_commune, None, None)],
        )
        return programme, items, inspection

    def test_a_team_from_three_agencies_records_results_findings_and_follow_ups(self):
        p = self.p
        _programme, items, inspection = self.plan_inspection()
        self.assertEqual(inspection.members.values("organization").distinct().count(), 3)
        self.assertEqual(list(inspection.items.order_by("id")), items)
        with self.assertRaises(ServiceError) as caught:  # not started yet
            inspections.finding_add(inspection=inspection, by=p.province_officer, text="Chậm triển khai")
        self.assertEqual(caught.exception.status_code, 409)
        inspections.inspection_start(inspection=inspection, by=p.province_officer)
        visit = inspection.visits.get(unit=p.commune)
        result = inspections.result_record(
            visit=visit, item=items[1], by=p.police_officer, rating=Rating.PARTLY, note="Mới có 1 mô hình",
            photos=[jpeg()],
        )  # fmt: skip
        self.assertEqual(result.photos.count(), 1)
        finding = inspections.finding_add(
            inspection=inspection, by=p.military_officer, text="Chưa xây dựng mô hình trong lực lượng vũ trang",
            visit=visit,
        )  # fmt: skip
        deadlines = {
            p.province_org: dt.date(YEAR, 5, 15),
            p.police: dt.date(YEAR, 6, 1),
            p.military: dt.date(YEAR, 7, 1),
        }
        for owner, deadline in deadlines.items():
            services.followup_create(finding=finding, by=p.province_officer, title=f"Khắc phục — {owner.name}",
                                     owner=owner, deadline=deadline)  # fmt: skip
        for owner in deadlines:
            rows = selectors.task_queue(owner, state="open", today=dt.date(YEAR, 4, 10))[0:25]
            self.assertEqual([(r.finding_id, r.owner_id) for r in rows if r.finding_id], [(finding.pk, owner.pk)])
        by_agency = selectors.task_rates(Task.objects.filter(finding__inspection=inspection), group="party",
                                         today=dt.date(YEAR, 5, 20))  # fmt: skip
        self.assertEqual({r.label: (r.total, r.overdue) for r in by_agency}, {
            "Ban Tuyên giáo và Dân vận Tỉnh ủy Lâm Đồng": (1, 1), "Công an tỉnh Lâm Đồng": (1, 0),
            "Bộ Chỉ huy Quân sự tỉnh Lâm Đồng": (1, 0),
        })  # fmt: skip
        inspections.inspection_conclude(inspection=inspection, by=p.province_officer, conclusion="Cơ bản đạt yêu cầu.")
        inspection.refresh_from_db()
        self.assertEqual(inspection.status, InspectionStatus.CONCLUDED)
        self.assertTrue(AuditEvent.objects.filter(content_type__model="inspection", action="transition").count() == 2)

    def test_an_overdue_follow_up_reaches_the_digest_and_the_home_to_do_list(self):
        p = self.p
        _programme, _items, inspection = self.plan_inspection()
        inspections.inspection_start(inspection=inspection, by=p.province_officer)
        finding = inspections.finding_add(inspection=inspection, by=p.province_officer, text="Chưa có sổ theo dõi")
        task = services.followup_create(finding=finding, by=p.province_officer, title="Lập sổ theo dõi",
                                        owner=p.police, deadline=dt.date(YEAR, 5, 1))  # fmt: skip
        day = dt.date(YEAR, 5, 3)
        officers = {o.user_id: o for o in notification_digest.collect(day)}
        police_lines = [line for q in officers[p.police_officer.pk].orgs for line in q.text()]
        self.assertTrue(any("1 nhiệm vụ chương trình phối hợp quá hạn" in line for line in police_lines), police_lines)
        military = officers.get(p.military_officer.pk)
        self.assertFalse(military and any(q.text() for q in military.orgs))  # nothing overdue of its own
        items = [i for i in todo_for(p.police_officer, day) if i.module == "programmes"]
        self.assertEqual([(i.label.split(" — ")[0], i.count) for i in items], [("Nhiệm vụ quá hạn", 1)])
        with time_machine.travel(dt.datetime(YEAR, 5, 3, 9, tzinfo=dt.UTC)):
            self.client.force_login(p.police_officer)
            html = self.client.get(items[0].url).content.decode()
        self.assertEqual(html.count('data-task="'), items[0].count)
        self.assertIn(f'data-task="{task.pk}"', html)
        services.task_complete(task=task, by=p.police_officer, on=day)
        officers = {o.user_id: o for o in notification_digest.collect(day)}
        self.assertFalse(any("quá hạn" in line for q in officers[p.police_officer.pk].orgs for line in q.text()))

    def test_hostile_photos_are_refused_and_nothing_is_stored(self):
        p = self.p
        _programme, items, inspection = self.plan_inspection()
        inspections.inspection_start(inspection=inspection, by=p.province_officer)
        visit = inspection.visits.first()
        for upload, message in (
            (SimpleUploadedFile("anh.jpg", b"MZ\x90\x00" + b"\x00" * 64), "chương trình Windows"),
            (SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.4\n" + b"x" * 64), "không đúng định dạng"),
            (jpeg("anh.png"), "đuôi"),
        ):
            with self.subTest(message), self.assertRaises(ServiceError) as caught:
                inspections.result_record(visit=visit, item=items[0], by=p.province_officer, rating=Rating.MET,
                                          photos=[upload])  # fmt: skip
            self.assertIn(message, caught.exception.message)
        self.assertEqual(ResultPhoto.objects.count(), 0)
        self.assertFalse(visit.results.exists())

    def test_outsiders_cannot_record_and_units_must_be_in_the_territory(self):
        p = self.p
        _programme, items, inspection = self.plan_inspection()
        inspections.inspection_start(inspection=inspection, by=p.province_officer)
        with self.assertRaises(ServiceError) as caught:
            inspections.result_record(visit=inspection.visits.first(), item=items[0], by=p.border_officer,
                                      rating=Rating.MET)  # fmt: skip
        self.assertEqual(caught.exception.status_code, 403)
        with self.assertRaises(ServiceError) as caught:
            inspections.inspection_create(
                by=p.province_officer, organization=p.province_org, title="Kiểm tra", date_from=dt.date(YEAR, 4, 1),
                date_to=dt.date(YEAR, 4, 2), members=[("A", "", p.police)], visits=[(p.far_commune, None, None)],
            )  # fmt: skip
        self.assertIn("không thuộc địa bàn", caught.exception.message)
        self.assertFalse(selectors.inspections_visible_to(p.far_officer).exists())
        self.assertTrue(selectors.inspections_visible_to(p.police_officer).filter(pk=inspection.pk).exists())
