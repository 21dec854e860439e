"""The "Done when" through the API: a provincial programme with a 2027 plan, tasks for each party and sub-tasks for
three communes; a joint inspection of three agencies whose follow-ups enter each agency's queue and roll up."""

import datetime as dt

import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from programmes.models import ContributionKind, Task
from tests.programmes.helpers import YEAR, ProgrammesTestCase

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 64


class ApiTest(ProgrammesTestCase):
    def post(self, user, url, data, status=201, **kwargs):
        self.client.force_login(user)
        kwargs.setdefault("content_type", "application/json")
        response = self.client.post(f"/api/v1/programmes/{url}", data, **kwargs)
        self.assertEqual(response.status_code, status, response.content.decode()[:500])
        return response.json()

    def get(self, user, url, status=200):
        self.client.force_login(user)
        response = self.client.get(f"/api/v1/programmes/{url}")
        self.assertEqual(response.status_code, status, response.content.decode()[:500])
        return response.json()

    def test_programme_plan_tasks_and_subtasks_through_the_api(self):
        p = self.p
        programme = self.post(p.province_officer, "", {
            "organization": p.province_org.pk, "title": "Chương trình phối hợp công tác dân vận 2026–2030",
            "start_year": 2026, "end_year": 2030, "document_refs": "23-QĐ/TW",
            "parties": [{"organization": p.police.pk, "role": "lead"}, {"organization": p.military.pk}],
        })  # fmt: skip
        self.assertEqual(len(programme["parties"]), 3)
        plan = self.post(p.province_officer, f"{programme['id']}/plans/", {"year": YEAR})
        ids = {}
        for org in (p.province_org, p.police, p.military):
            task = self.post(p.province_officer, f"plans/{plan['id']}/tasks/", {
                "title": f"Nhiệm vụ của {org.name}", "owner": org.pk, "deadline": f"{YEAR}-09-30",
            })  # fmt: skip
            ids[org.pk] = task["id"]
        for commune, post in zip(p.communes, p.posts, strict=True):
            sub = self.post(p.police_officer, f"tasks/{ids[p.police.pk]}/subtasks/", {
                "title": f"Triển khai tại {commune.name}", "owner": post.pk, "deadline": f"{YEAR}-08-31",
            })  # fmt: skip
            self.assertEqual(sub["parent"], ids[p.police.pk])
        self.client.force_login(p.post_officer)
        response = self.client.post(
            f"/api/v1/programmes/tasks/{Task.objects.get(owner=p.posts[0]).pk}/notes/",
            {"text": "Đã tổ chức ra mắt", "progress": 90, "files": [SimpleUploadedFile("anh.jpg", JPEG)]},
        )
        self.assertEqual(response.status_code, 200, response.content)
        parent = self.get(p.police_officer, f"tasks/{ids[p.police.pk]}/")
        self.assertEqual(parent["progress"], 30)  # (90 + 0 + 0) / 3
        # Illegal move: the shared 409 shape; and the other province sees nothing.
        self.post(p.police_officer, f"tasks/{ids[p.military.pk]}/complete/", {}, status=403)
        self.get(p.far_officer, f"tasks/{ids[p.police.pk]}/", status=404)
        self.get(p.far_officer, f"{programme['id']}/", status=404)
        self.client.force_login(p.province_officer)
        review = self.client.get(f"/api/v1/programmes/{programme['id']}/review/{YEAR}/")
        self.assertEqual(review.status_code, 200)
        self.assertTrue(review.content.startswith(b"PK"))

    def test_inspection_follow_ups_reach_each_agency_queue_through_the_api(self):
        p = self.p
        programme = self.make_programme()
        self.post(p.province_officer, f"{programme.pk}/checklist/", {"text": "Triển khai kế hoạch năm"})
        inspection = self.post(p.province_officer, "inspections/", {
            "organization": p.province_org.pk, "programme": programme.pk, "title": "Kiểm tra liên ngành 2027",
            "date_from": f"{YEAR}-04-01", "date_to": f"{YEAR}-04-10",
            "members": [{"name": "Nguyễn Văn An", "position": "Trưởng đoàn", "organization": p.province_org.pk},
                        {"name": "Trần Văn Bình", "organization": p.police.pk},
                        {"name": "Lê Văn Cường", "organization": p.military.pk}],
            "visits": [{"unit": c.code} for c in p.communes],
        })  # fmt: skip
        self.assertEqual(len({m["organization"] for m in inspection["members"]}), 3)
        pk = inspection["id"]
        self.post(p.province_officer, f"inspections/{pk}/start/", {}, status=200)
        self.client.force_login(p.military_officer)
        response = self.client.post(f"/api/v1/programmes/inspections/{pk}/results/", {
            "visit": inspection["visits"][0]["id"], "item": inspection["items"][0], "rating": "not_met",
            "photos": [SimpleUploadedFile("anh.jpg", JPEG)],
        })  # fmt: skip
        self.assertEqual(response.status_code, 200, response.content)
        bad = self.client.post(f"/api/v1/programmes/inspections/{pk}/results/", {
            "visit": inspection["visits"][0]["id"], "item": inspection["items"][0], "rating": "met",
            "photos": [SimpleUploadedFile("anh.jpg", b"<html><script>alert(1)</script>")],
        })  # fmt: skip
        self.assertEqual(bad.status_code, 400)
        self.assertIn("trang HTML", bad.json()["message"])
        detail = self.post(p.police_officer, f"inspections/{pk}/findings/", {"text": "Chưa có sổ theo dõi"}, 200)
        finding = detail["findings"][0]["id"]
        for org, deadline in ((p.province_org, "05-01"), (p.police, "05-15"), (p.military, "09-01")):
            self.post(p.province_officer, f"inspections/{pk}/followups/", {
                "finding": finding, "title": f"Khắc phục — {org.name}", "owner": org.pk,
                "deadline": f"{YEAR}-{deadline}",
            })  # fmt: skip
        with time_machine.travel(dt.datetime(YEAR, 5, 20, 9, tzinfo=dt.UTC)):
            queues = (
                (p.province_officer, p.province_org, "overdue"),
                (p.police_officer, p.police, "overdue"),
                (p.military_officer, p.military, "open"),
            )
            for officer, org, state in queues:
                self.client.force_login(officer)
                # session, user, scope (memberships, lineage), the organisation, the keys, the rows
                with self.assertNumQueries(7):
                    response = self.client.get(f"/api/v1/programmes/tasks/?org={org.pk}&state={state}")
                queue = response.json()
                self.assertEqual([r["finding"] for r in queue["results"]], [finding], org.name)
                self.assertEqual(queue["results"][0]["state"], "overdue" if state == "overdue" else "not_started")
            self.client.force_login(p.province_officer)
            rates = self.client.get(f"/api/v1/programmes/rates/?group=party&inspection={pk}").json()
        flat = {r["label"]: r for top in rates for r in [top, *top["children"]]}
        self.assertEqual(flat["Công an tỉnh Lâm Đồng"]["overdue"], 1)
        self.assertEqual(flat["Bộ Chỉ huy Quân sự tỉnh Lâm Đồng"]["overdue"], 0)
        self.assertEqual(flat["Ban Tuyên giáo và Dân vận Tỉnh ủy Lâm Đồng"]["total"], 1)
        done = self.post(p.province_officer, f"inspections/{pk}/conclude/", {"conclusion": "Đạt yêu cầu"}, 200)
        self.assertEqual(done["status"], "concluded")
        self.get(p.far_officer, f"inspections/{pk}/", status=404)

    def test_contributions_through_the_api(self):
        p = self.p
        made = self.post(p.border_officer, "contributions/", {
            "organization": p.border.pk, "kind": "houses", "place": p.commune.code, "date_from": "2026-03-01",
            "date_to": "2026-03-31", "quantity": "2", "value_vnd": 120_000_000,
        })  # fmt: skip
        self.assertEqual((made["force"], made["place"]), ("border_guard", p.commune.code))
        refused = self.post(p.border_officer, "contributions/", {
            "organization": p.border.pk, "kind": "houses", "place": p.far_commune.code, "date_from": "2026-03-01",
            "date_to": "2026-03-31", "quantity": "2",
        }, status=400)  # fmt: skip
        self.assertIn("không thuộc địa bàn", refused["message"])
        self.post(p.far_officer, "contributions/", {
            "organization": p.border.pk, "kind": "workdays", "place": p.commune.code, "date_from": "2026-03-01",
            "date_to": "2026-03-31", "quantity": "2",
        }, status=404)  # fmt: skip
        rollup = self.get(p.province_officer, "contributions/rollup/?by=force")
        self.assertEqual([(r["label"], r["kind"], r["quantity"], r["value_vnd"]) for r in rollup],
                         [("Bộ đội Biên phòng", "houses", "2.00", 120_000_000)])  # fmt: skip
        self.assertEqual(len(self.get(p.province_officer, "contributions/kinds/")), ContributionKind.objects.count())

    def test_every_endpoint_is_in_the_openapi_schema(self):
        self.client.force_login(self.p.central)
        schema = self.client.get("/api/schema/?format=json").json()
        paths = [path for path in schema["paths"] if path.startswith("/api/v1/programmes/")]
        self.assertEqual(len(paths), 29)
