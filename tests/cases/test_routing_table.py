"""The routing table: administrators edit it (audited), officers ask the API where a case goes."""

from rest_framework.test import APIClient

from audit.models import Action as AuditAction
from audit.models import AuditEvent
from cases.models import RoutingRule
from orgs.models import User
from tests.base import BaseTestCase
from tests.cases.helpers import topic


class RoutingTableTest(BaseTestCase):
    def api(self, user):
        client = APIClient()
        client.force_authenticate(user)
        return client

    def test_the_api_applies_the_most_specific_rule(self):
        api = self.api(self.p.commune_officer)
        r = api.get("/api/v1/cases/routing/", {"unit": "24820", "topic": "dat-dai"})
        self.assertEqual(r.status_code, 200, r.content)
        self.assertEqual(r.json()["organization"], self.p.commune_org.pk)  # no rule: the commune's own body
        RoutingRule.objects.create(unit=self.p.province, topic=topic("dat-dai"), organization=self.p.province_org)
        r = api.get("/api/v1/cases/routing/", {"unit": "24820", "topic": "dat-dai", "kind": "denunciation"})
        self.assertEqual(r.json()["organization_name"], self.p.province_org.name)
        self.assertEqual(
            api.get("/api/v1/cases/routing/", {"unit": "24820", "topic": "moi-truong"}).json()["organization"],
            self.p.commune_org.pk,
        )

    def test_bad_parameters_and_other_scopes(self):
        api = self.api(self.p.commune_officer)
        r = api.get("/api/v1/cases/routing/", {"unit": "99999", "topic": "dat-dai"})
        self.assertEqual(r.status_code, 400)
        self.assertIn("không có trong danh mục hiện hành", r.json()["message"])
        self.assertEqual(
            api.get("/api/v1/cases/routing/", {"unit": "24820", "topic": "x", "kind": "?"}).status_code, 400
        )
        other = self.api(self.p.other_commune_officer)
        self.assertEqual(other.get("/api/v1/cases/routing/", {"unit": "24820", "topic": "dat-dai"}).status_code, 404)
        self.assertIn(APIClient().get("/api/v1/cases/routing/", {"unit": "24820"}).status_code, (401, 403))

    def test_an_administrator_edits_the_table_and_the_edit_is_audited(self):
        admin = User.objects.create_superuser("quantri-dinhtuyen", "qtdt@example.vn", "Mat-khau-dai-1")
        self.client.force_login(admin)
        r = self.client.post(
            "/quan-tri/cases/routingrule/add/",
            {
                "unit": self.p.commune.pk,
                "include_subtree": "on",
                "topic": topic("moi-truong").pk,
                "kind": "",
                "organization": self.p.province_org.pk,
                "is_active": "on",
            },
        )
        self.assertEqual(r.status_code, 302, r.content[:2000])
        rule = RoutingRule.objects.get()
        self.assertTrue(AuditEvent.objects.for_object(rule).filter(action=AuditAction.CREATE, actor=admin).exists())
