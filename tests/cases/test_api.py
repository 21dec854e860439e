"""The API, end to end with frozen time: intake → routing → accept → answer with a file → the
sender reads it and reopens; a second case goes overdue and escalates to the province."""

import datetime as dt
import tempfile

import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import override_settings
from rest_framework.test import APIClient

from audit.models import Action as AuditAction
from audit.models import AuditEvent
from cases.models import Case, Status
from orgs.models import User
from tests.base import BaseTestCase
from tests.cases.helpers import CITIZEN, EXE, PDF

TZ = dt.timezone(dt.timedelta(hours=7))
MONDAY = dt.datetime(2026, 11, 2, 8, 30, tzinfo=TZ)


def at(days: int):
    return time_machine.travel(MONDAY + dt.timedelta(days=days), tick=False)


# A petition: the personas' commune body is a Party committee, which handles petitions but forwards complaints
# (tests/cases/test_legal_path.py); the API's complaint path is tested there too.
INTAKE = {
    "kind": "petition",
    "topic": "dat-dai",
    "unit": "24820",
    "title": "Khiếu nại quyết định thu hồi đất",
    "content": "Quyết định thu hồi đất số 12 không đúng diện tích thực tế.",
    **CITIZEN,
}


@override_settings(MEDIA_ROOT=tempfile.mkdtemp(prefix="danvan-cases-api-"), CASES_ESCALATION_MARGIN_DAYS=3)
class CaseApiTest(BaseTestCase):
    def api(self, user=None):
        client = APIClient()
        if user is not None:
            client.force_authenticate(user)
        return client

    def test_the_whole_path_and_an_escalation(self):
        public = self.api()
        with at(0):
            r = public.post(
                "/api/v1/cases/intake/",
                {**INTAKE, "files": [SimpleUploadedFile("qd-thu-hoi.pdf", PDF)]},
                format="multipart",
                REMOTE_ADDR="203.0.113.20",
            )
            self.assertEqual(r.status_code, 201, r.content)
            intake = r.json()
            self.assertEqual(intake["organization_name"], self.p.commune_org.name)
            self.assertEqual(intake["accept_due"], "2026-11-12")
            code, token = intake["code"], intake["token"]
            second = public.post(
                "/api/v1/cases/intake/",
                {**INTAKE, "title": "Đường ngập sau mưa", "kind": "feedback", "topic": "giao-thong"},
                format="json",
                REMOTE_ADDR="203.0.113.21",
            ).json()

        commune = self.api(self.p.commune_officer)
        pk = intake["id"]
        with at(3):
            r = commune.get("/api/v1/cases/?status=open")
            self.assertEqual({row["code"] for row in r.json()["results"]}, {code, second["code"]})
            r = commune.post(f"/api/v1/cases/{pk}/accept/", {}, format="json")
            self.assertEqual(r.json()["status"], "accepted", r.content)
            # The body's reply limit runs from receipt: 2/11 + 20 = 22/11 (Sun) → Mon 23/11.
            self.assertEqual(r.json()["resolve_due"], "2026-11-23")
        with at(10):
            r = commune.post(
                f"/api/v1/cases/{pk}/answer/",
                {"text": "Đã đo đạc lại; điều chỉnh quyết định.", "files": [SimpleUploadedFile("qd-moi.pdf", PDF)]},
                format="multipart",
            )
            self.assertEqual(r.status_code, 201, r.content)
            self.assertEqual(r.json()["files"][0]["original_name"], "qd-moi.pdf")

        with at(12):
            status_only = public.post("/api/v1/cases/track/", {"code": code}, format="json").json()
            self.assertEqual(
                set(status_only), {"code", "kind", "status", "received_on", "due_date", "organization_name"}
            )
            self.assertEqual(status_only["status"], "answered")
            full = public.post("/api/v1/cases/track/", {"code": code, "token": token}, format="json").json()
            self.assertEqual(full["answers"][0]["text"], "Đã đo đạc lại; điều chỉnh quyết định.")
            self.assertEqual(full["files"][0]["original_name"], "qd-thu-hoi.pdf")
            self.assertNotIn(CITIZEN["phone"], str(full))
            bad = public.post("/api/v1/cases/reopen/", {"code": code, "token": "x" * 32, "reason": "?"}, format="json")
            self.assertEqual(bad.status_code, 404)
            r = public.post(
                "/api/v1/cases/reopen/",
                {"code": code, "token": token, "reason": "Diện tích vẫn sai 20 m²."},
                format="json",
            )
            self.assertEqual(r.json()["status"], "reopened", r.content)

        # The second case (feedback, acceptance due 12/11) is never accepted.
        with at(14):  # 16/11: 4 days late, margin 3
            self.assertEqual(self.api(self.p.province_officer).get("/api/v1/cases/?when=overdue").json()["count"], 0)
            call_command("escalate_cases", stdout=open("/dev/null", "w"))  # noqa: SIM115
            province = self.api(self.p.province_officer).get("/api/v1/cases/?when=overdue").json()
            self.assertEqual([row["code"] for row in province["results"]], [second["code"]])
            self.assertEqual(province["results"][0]["escalated_to"], self.p.province_org.pk)
            self.assertEqual(province["results"][0]["organization"], self.p.commune_org.pk)
            detail = commune.get(f"/api/v1/cases/{second['id']}/").json()
            self.assertEqual(detail["events"][-1]["action"], "escalate")
            self.assertIn("Quá hạn 4 ngày", detail["events"][-1]["note"])

    def test_intake_refuses_an_executable_renamed_pdf(self):
        r = self.api().post(
            "/api/v1/cases/intake/", {**INTAKE, "files": [SimpleUploadedFile("don.pdf", EXE)]}, format="multipart"
        )
        self.assertEqual(r.status_code, 400)
        self.assertIn("tệp chương trình Windows", r.json()["message"])
        self.assertFalse(Case.objects.exists())

    def test_another_communes_officer_gets_404_on_every_endpoint(self):
        pk = self.api().post("/api/v1/cases/intake/", INTAKE, format="json").json()["id"]
        other = self.api(self.p.other_commune_officer)
        self.assertEqual(other.get(f"/api/v1/cases/{pk}/").status_code, 404)
        self.assertEqual(other.get(f"/api/v1/cases/{pk}/petitioner/").status_code, 404)
        for action in ("accept", "dismiss", "transfer", "answer", "escalate", "extend", "release"):
            r = other.post(f"/api/v1/cases/{pk}/{action}/", {"reason": "x", "text": "x", "organization": 1})
            self.assertEqual(r.status_code, 404, action)
            self.assertEqual(r.json()["message"], "Không tìm thấy.")
        self.assertEqual(other.get("/api/v1/cases/?all=1").json()["count"], 0)
        self.assertEqual(Case.objects.get(pk=pk).status, Status.RECEIVED)

    def test_the_petitioner_endpoint_is_for_the_chain_and_logged(self):
        from tests.factories import make_org, make_user

        pk = self.api().post("/api/v1/cases/intake/", INTAKE, format="json").json()["id"]
        r = self.api(self.p.commune_officer).get(f"/api/v1/cases/{pk}/petitioner/")
        self.assertEqual(r.json()["phone"], CITIZEN["phone"])
        self.assertNotIn("phone", str(self.api(self.p.commune_officer).get(f"/api/v1/cases/{pk}/").json()))
        mttq = make_org("Ủy ban MTTQ tỉnh Lâm Đồng", "mttq", self.p.province)
        r = self.api(make_user("mttq", mttq)).get(f"/api/v1/cases/{pk}/petitioner/")
        self.assertEqual(r.status_code, 403)
        logged = AuditEvent.objects.filter(action=AuditAction.VIEW_PERSONAL, object_id=str(pk))
        self.assertEqual(list(logged.values_list("actor__username", flat=True)), ["canboxa"])

    def test_transfer_and_a_concurrent_accept(self):
        pk = self.api().post("/api/v1/cases/intake/", INTAKE, format="json").json()["id"]
        commune = self.api(self.p.commune_officer)
        r = commune.post(f"/api/v1/cases/{pk}/transfer/", {"organization": self.p.province_org.pk}, format="json")
        self.assertEqual(r.status_code, 400)  # reason required
        r = commune.post(
            f"/api/v1/cases/{pk}/transfer/",
            {"organization": self.p.province_org.pk, "reason": "Thuộc thẩm quyền cấp tỉnh"},
            format="json",
        )
        self.assertEqual(r.json()["organization"], self.p.province_org.pk)
        province = self.api(self.p.province_officer)
        self.assertEqual(province.post(f"/api/v1/cases/{pk}/accept/", {}, format="json").status_code, 200)
        r = province.post(f"/api/v1/cases/{pk}/accept/", {}, format="json")
        self.assertEqual(r.status_code, 409)  # an illegal move is the shared transition refusal
        self.assertIn("Không thể thụ lý vụ việc đang ở trạng thái “Đã thụ lý”", r.json()["message"])

    def test_statistics_for_a_subtree_and_period(self):
        client = self.api()
        with at(0):
            a = client.post("/api/v1/cases/intake/", INTAKE, format="json", REMOTE_ADDR="10.1.1.1").json()
            client.post(
                "/api/v1/cases/intake/",
                {**INTAKE, "kind": "feedback", "unit": "24823"},
                format="json",
                REMOTE_ADDR="10.1.1.2",
            )
            client.post(
                "/api/v1/cases/intake/",
                {**INTAKE, "kind": "feedback", "unit": "21100"},
                format="json",
                REMOTE_ADDR="10.1.1.3",
            )
            commune = self.api(self.p.commune_officer)
            commune.post(f"/api/v1/cases/{a['id']}/accept/", {}, format="json")
            commune.post(f"/api/v1/cases/{a['id']}/answer/", {"text": "Đã giải quyết"}, format="multipart")
            province = self.api(self.p.province_officer)
            stats = province.get("/api/v1/cases/statistics/?unit=68&from=2026-11-01&to=2026-11-30").json()
        self.assertEqual(stats["total"], 2)
        self.assertEqual(stats["kind_petition"], 1)
        self.assertEqual(stats["kind_feedback"], 1)
        self.assertEqual((stats["answered"], stats["answered_on_time"], stats["on_time_rate"]), (1, 1, 1.0))
        self.assertEqual(province.get("/api/v1/cases/statistics/?unit=51").status_code, 404)
        self.assertEqual(province.get("/api/v1/cases/statistics/?unit=68&from=2027-01-01").json()["total"], 0)

    def test_the_schema_lists_the_cases_endpoints(self):
        self.client.force_login(self.p.commune_officer)
        paths = self.client.get("/api/schema/?format=json").json()["paths"]
        for path in (
            "/api/v1/cases/intake/",
            "/api/v1/cases/track/",
            "/api/v1/cases/{id}/answer/",
            "/api/v1/cases/reopen/",
            "/api/v1/cases/{id}/escalate/",
            "/api/v1/cases/{id}/transfer/",
        ):
            self.assertIn(path, paths)

    def test_the_list_has_a_fixed_number_of_queries(self):
        client = self.api()
        for i in range(6):
            client.post(
                "/api/v1/cases/intake/", {**INTAKE, "kind": "feedback"}, format="json", REMOTE_ADDR=f"10.2.0.{i}"
            )

        def commune():  # a request's user as the server loads it, without the scope another request cached on it
            return self.api(User.objects.get(pk=self.p.commune_officer.pk))

        # A full first page, read keys first (issue 19: not a sort of every case): the user's memberships (bodies and
        # scope), the scope's lineage, the page's keys (a union of the bodies' two sides, each from its index), the
        # page's rows, the count (capped). Auth is forced.
        officer_api = commune()
        with self.assertNumQueries(5):
            r = officer_api.get("/api/v1/cases/?page_size=5")
        self.assertEqual(r.json()["count"], 6)
        self.assertEqual(len(r.json()["results"]), 5)
        newest = r.json()["results"][0]
        self.assertEqual(newest["code"][4], "-")  # the tracking code as people read it
        self.assertEqual(newest["unit_code"], self.p.commune.code)
        # Twice the cases: the same number of queries, the same rows as the queue page in the same order.
        for i in range(6):
            client.post(
                "/api/v1/cases/intake/", {**INTAKE, "kind": "feedback"}, format="json", REMOTE_ADDR=f"10.2.1.{i}"
            )
        officer_api = commune()
        with self.assertNumQueries(5):
            r = officer_api.get("/api/v1/cases/?page_size=5")
        self.assertEqual(r.json()["count"], 12)
        from cases.selectors import QueueFilters, queue_page

        page = queue_page(self.p.commune_officer, QueueFilters(status=""), None, per_page=5)
        self.assertEqual([c["id"] for c in r.json()["results"]], [row.id for row in page])
        # The whole area and a text search answer in a fixed number of queries too.
        officer_api = commune()
        with self.assertNumQueries(5):
            r = officer_api.get("/api/v1/cases/?page_size=5&all=1")
        self.assertEqual(r.json()["count"], 12)
        officer_api = commune()
        with self.assertNumQueries(5):
            r = officer_api.get("/api/v1/cases/?page_size=5&all=1&q=" + INTAKE["title"].split()[0])
        self.assertEqual(len(r.json()["results"]), 5)
