"""Issue 18, item 3: a recognised practice is visible to every officer, but outside its scope an officer sees
exactly what the public showcase shows: no non-public person name, no private evidence (page, API, download), no
history with officers' names, no council scores."""

import datetime as dt
import tempfile
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from rest_framework.test import APIClient

from orgs.models import Role
from practices import services
from practices.models import CriteriaSet, Criterion, Field, Kind
from tests.base import BaseTestCase
from tests.factories import make_user
from tests.practices.test_lifecycle import COMPLETE

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 40
SECRET_NAME = "Nguyễn Thị Riêng Tư"


@override_settings(MEDIA_ROOT=tempfile.mkdtemp(prefix="danvan-media-"))
class RecognisedPracticeOutsideScopeTest(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        p = cls.p
        cls.far_officer = make_user("canbo-quangngai", p.far_org, Role.OFFICER)  # another province
        rubric = CriteriaSet.objects.create(name="Bộ tiêu chí", owner=p.province_org, pass_mark=Decimal("5"))
        crit = Criterion.objects.create(criteria_set=rubric, description="Hiệu quả", max_score=Decimal("10"))
        cls.hero = services.practice_register(
            by=p.commune_officer,
            organization=p.commune_org,
            unit=p.commune,
            name="Người gác đường hoa",
            kind=Kind.EXEMPLAR,
            field=Field.SOCIETY,
            person_name=SECRET_NAME,
            **COMPLETE,
        )
        for filename, public in (("anh.png", True), ("ho-so-rieng.png", False)):
            services.evidence_add(
                practice=cls.hero,
                by=p.commune_officer,
                upload=SimpleUploadedFile(filename, PNG),
                caption=filename,
                is_public=public,
            )
        services.practice_submit(practice=cls.hero, by=p.commune_officer)
        appraisal = services.practice_start_appraisal(
            practice=cls.hero, by=p.central, criteria_set=rubric, members=[p.appraiser]
        )
        services.appraisal_score(appraisal=appraisal, by=p.appraiser, scores={crit.pk: (Decimal("8"), "Hồ sơ riêng")})
        services.practice_recognise(practice=cls.hero, by=p.central, level="province")
        services.practice_commend(
            practice=cls.hero,
            by=p.province_officer,
            form="giay_khen",
            authority="Chủ tịch UBND tỉnh",
            decision_number="12/QĐ-UBND",
            recipient_kind=Kind.EXEMPLAR,
            decision_date=dt.date(2026, 5, 1),
            recipient_name=SECRET_NAME,
        )
        cls.public_photo, cls.private_file = cls.hero.evidence.order_by("id")

    def api(self, user):
        client = APIClient()
        client.force_authenticate(user)
        return client

    def test_the_page_outside_the_scope_shows_what_the_public_sees(self):
        self.client.force_login(self.far_officer)
        r = self.client.get(f"/dan-van-kheo/{self.hero.pk}/")
        self.assertEqual(r.status_code, 200)
        html = r.content.decode()
        self.assertIn("Người gác đường hoa", html)  # the practice itself is public
        self.assertIn("Chủ tịch UBND tỉnh", html)
        self.assertNotIn(SECRET_NAME, html)
        self.assertNotIn("ho-so-rieng.png", html)
        self.assertNotIn(f"/minh-chung/{self.private_file.pk}/", html)
        self.assertIn(f"/minh-chung/{self.public_photo.pk}/", html)
        self.assertNotIn(self.p.appraiser.username, html)  # no history with officers' names
        self.assertNotIn("Hội đồng thẩm định", html)

    def test_the_page_inside_the_scope_still_shows_everything(self):
        for user in (self.p.commune_officer, self.p.province_officer, self.p.central):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                html = self.client.get(f"/dan-van-kheo/{self.hero.pk}/").content.decode()
                self.assertIn(SECRET_NAME, html)
                self.assertIn("ho-so-rieng.png", html)
                self.assertIn("Lịch sử", html)

    def test_private_evidence_is_not_downloaded_outside_the_scope(self):
        self.client.force_login(self.far_officer)
        self.assertEqual(
            self.client.get(f"/dan-van-kheo/{self.hero.pk}/minh-chung/{self.private_file.pk}/").status_code, 404
        )
        self.assertEqual(
            self.client.get(f"/dan-van-kheo/{self.hero.pk}/minh-chung/{self.public_photo.pk}/").status_code, 200
        )
        self.client.force_login(self.p.province_officer)
        self.assertEqual(
            self.client.get(f"/dan-van-kheo/{self.hero.pk}/minh-chung/{self.private_file.pk}/").status_code, 200
        )

    def test_the_api_outside_the_scope_gives_the_public_view(self):
        r = self.api(self.far_officer).get(f"/api/v1/practices/{self.hero.pk}/")
        self.assertEqual(r.status_code, 200)
        data = r.json()
        self.assertEqual(data["name"], "Người gác đường hoa")
        self.assertEqual(data["person_name"], "")
        self.assertEqual([e["id"] for e in data["evidence"]], [self.public_photo.pk])
        self.assertEqual(data["events"], [])
        self.assertEqual([c["recipient_name"] for c in data["commendations"]], [""])
        self.assertNotIn(SECRET_NAME, r.content.decode())

    def test_the_api_inside_the_scope_is_unchanged(self):
        data = self.api(self.p.province_officer).get(f"/api/v1/practices/{self.hero.pk}/").json()
        self.assertEqual(data["person_name"], SECRET_NAME)
        self.assertEqual(len(data["evidence"]), 2)
        self.assertTrue(data["events"])
        self.assertEqual([c["recipient_name"] for c in data["commendations"]], [SECRET_NAME])

    def test_a_name_made_public_is_shown_outside_the_scope_as_on_the_showcase(self):
        type(self.hero).objects.filter(pk=self.hero.pk).update(person_public=True)
        data = self.api(self.far_officer).get(f"/api/v1/practices/{self.hero.pk}/").json()
        self.assertEqual(data["person_name"], SECRET_NAME)
        self.client.force_login(self.far_officer)
        self.assertIn(SECRET_NAME, self.client.get(f"/dan-van-kheo/{self.hero.pk}/").content.decode())
