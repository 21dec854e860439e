import tempfile
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from rest_framework.test import APIClient

from practices.models import CriteriaSet, Criterion, Practice, Status
from tests.base import BaseTestCase

PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\n%%EOF\n"
PAYLOAD = {
    "name": "Dân vận khéo trong giải phóng mặt bằng đất đai",
    "kind": "model",
    "field": "economy",
    "unit": "24820",
    "situation": "Dự án chậm vì mặt bằng.",
    "objectives": "Bàn giao mặt bằng đúng hạn.",
    "content": "Đối thoại từng hộ.",
    "target_people": "Hộ dân bị ảnh hưởng",
    "outputs": "45 hộ bàn giao",
    "sustainability": "Áp dụng cho dự án khác",
    "start_date": "2026-02-01",
    "money_vnd": 25000000,
}


@override_settings(MEDIA_ROOT=tempfile.mkdtemp(prefix="danvan-media-"))
class PracticeApiTest(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.rubric = CriteriaSet.objects.create(name="Tiêu chí tỉnh", owner=cls.p.province_org, pass_mark=Decimal(50))
        cls.crit = Criterion.objects.create(criteria_set=cls.rubric, description="Hiệu quả", max_score=Decimal(100))

    def api(self, user):
        client = APIClient()
        client.force_authenticate(user)
        return client

    def test_the_whole_path_from_registration_to_adoption(self):
        commune = self.api(self.p.commune_officer)
        r = commune.post("/api/v1/practices/", PAYLOAD, format="json")
        self.assertEqual(r.status_code, 201, r.content)
        pk = r.json()["id"]
        r = commune.post(
            f"/api/v1/practices/{pk}/evidence/",
            {"file": SimpleUploadedFile("bien-ban.pdf", PDF), "caption": "Biên bản"},
            format="multipart",
        )
        self.assertEqual(r.status_code, 201, r.content)
        self.assertEqual(commune.post(f"/api/v1/practices/{pk}/submit/").status_code, 200)

        province = self.api(self.p.province_officer)
        r = province.post(
            f"/api/v1/practices/{pk}/start-appraisal/",
            {"criteria_set": self.rubric.pk, "members": [self.p.appraiser.pk]},
            format="json",
        )
        self.assertEqual(r.json()["status"], "under_appraisal", r.content)
        r = self.api(self.p.appraiser).post(
            f"/api/v1/practices/{pk}/scores/", {"scores": [{"criterion": self.crit.pk, "score": "80"}]}, format="json"
        )
        self.assertEqual(r.json(), {"total": "80.00"})
        r = province.post(f"/api/v1/practices/{pk}/recognise/", {"level": "province"}, format="json")
        self.assertEqual(r.json()["status"], "recognised")
        r = province.post(
            f"/api/v1/practices/{pk}/commend/",
            {
                "form": "bang_khen",
                "authority": "Chủ tịch UBND tỉnh",
                "decision_number": "12/QĐ-UBND",
                "decision_date": "2026-10-15",
                "recipient_kind": "model",
                "recipient_name": "Đảng ủy phường",
            },
            format="json",
        )
        self.assertEqual(r.status_code, 201, r.content)
        r = self.api(self.p.other_commune_officer).post(
            f"/api/v1/practices/{pk}/adopt/",
            {"organization": self.p.other_commune_org.pk, "unit": "24823"},
            format="json",
        )
        self.assertEqual(r.status_code, 201, r.content)
        detail = province.get(f"/api/v1/practices/{pk}/").json()
        self.assertEqual(detail["status"], "replicated")
        self.assertEqual([d["unit_code"] for d in detail["descendants"]], ["24823"])
        self.assertEqual(
            [e["to_status"] for e in detail["events"]],
            ["registered", "under_appraisal", "recognised", "commended", "replicated"],
        )
        self.assertEqual(len(detail["evidence"]), 1)

    def test_another_commune_gets_404_and_cannot_find_the_draft(self):
        pk = self.api(self.p.commune_officer).post("/api/v1/practices/", PAYLOAD, format="json").json()["id"]
        other = self.api(self.p.other_commune_officer)
        self.assertEqual(other.get(f"/api/v1/practices/{pk}/").status_code, 404)
        self.assertEqual(other.post(f"/api/v1/practices/{pk}/submit/").status_code, 404)
        self.assertEqual(other.patch(f"/api/v1/practices/{pk}/", {"name": "X"}, format="json").status_code, 404)
        self.assertEqual(other.get("/api/v1/practices/?q=giai phong mat bang").json()["count"], 0)
        self.assertEqual(Practice.objects.get(pk=pk).status, Status.DRAFT)

    def test_bad_input_gets_a_vietnamese_message_and_changes_nothing(self):
        client = self.api(self.p.commune_officer)
        pk = client.post("/api/v1/practices/", PAYLOAD, format="json").json()["id"]
        r = client.post(f"/api/v1/practices/{pk}/recognise/", {"level": "province"}, format="json")
        self.assertEqual(r.status_code, 400)
        self.assertEqual(r.json()["message"], "Mô hình chưa được thẩm định.")
        r = client.post(
            f"/api/v1/practices/{pk}/evidence/",
            {"file": SimpleUploadedFile("hop-dong.pdf", b"MZ\x90\x00" + b"\0" * 100)},
            format="multipart",
        )
        self.assertEqual(r.status_code, 400)
        self.assertIn("chương trình Windows", r.json()["message"])
        r = client.post("/api/v1/practices/", {**PAYLOAD, "unit": "00000"}, format="json")
        self.assertEqual(r.json()["message"], "Mã đơn vị hành chính “00000” không có trong danh mục.")
        self.assertEqual(Practice.objects.count(), 1)
        self.assertEqual(Practice.objects.get().evidence.count(), 0)

    @override_settings(DANVAN_MAX_EVIDENCE_BYTES=1024)
    def test_an_oversized_evidence_file_is_refused(self):
        client = self.api(self.p.commune_officer)
        pk = client.post("/api/v1/practices/", PAYLOAD, format="json").json()["id"]
        r = client.post(
            f"/api/v1/practices/{pk}/evidence/",
            {"file": SimpleUploadedFile("lon.pdf", PDF + b"0" * 2048)},
            format="multipart",
        )
        self.assertEqual(r.status_code, 400)
        self.assertIn("vượt giới hạn", r.json()["message"])

    def test_statistics_follow_scope(self):
        self.api(self.p.commune_officer).post("/api/v1/practices/", PAYLOAD, format="json")
        r = self.api(self.p.province_officer).get("/api/v1/practices/statistics/?unit=68")
        self.assertEqual(r.status_code, 200)
        self.assertEqual(r.json()["registered"], 0)  # a draft is not a registration
        self.assertEqual(r.json()["commendations"], {"by_form": [], "by_authority": []})
        self.assertEqual(self.api(self.p.commune_officer).get("/api/v1/practices/statistics/?unit=51").status_code, 404)
