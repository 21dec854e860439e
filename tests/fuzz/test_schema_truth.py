"""What schemathesis found, pinned: the schema declares the errors every endpoint can give, an address under /api/
that matches nothing answers the API's JSON error shape, and documented query values are checked, not ignored."""

from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

from tests.base import BaseTestCase


class SchemaTruthTest(BaseTestCase):
    def setUp(self):
        self.api = APIClient()
        self.api.force_authenticate(self.p.commune_officer)

    def test_it_declares_the_shared_errors_with_the_error_shape(self):
        schema = SchemaGenerator().get_schema(request=None, public=True)
        self.assertEqual(set(schema["components"]["schemas"]["Error"]["required"]), {"message", "extra"})
        for path, operations in schema["paths"].items():
            for method, operation in operations.items():
                codes = set(operation["responses"])
                security = operation.get("security", [])
                if security and {} not in security:  # signed-in only
                    self.assertLessEqual({"401", "403"}, codes, (method, path))
                if "{" in path:
                    self.assertIn("404", codes, (method, path))
                if method in ("post", "patch", "put"):
                    self.assertLessEqual({"400", "413", "415"}, codes, (method, path))

    def test_it_documents_the_page_bounds(self):
        schema = SchemaGenerator().get_schema(request=None, public=True)
        parameters = {p["name"]: p for p in schema["paths"]["/api/v1/cases/"]["get"]["parameters"]}
        self.assertEqual(parameters["page"]["schema"]["minimum"], 1)
        self.assertEqual(parameters["page_size"]["schema"]["maximum"], 500)

    def test_it_answers_json_for_an_address_that_matches_no_endpoint(self):
        response = self.api.get("/api/v1/cases/-1/")
        self.assertEqual(response.status_code, 404)
        self.assertEqual(response["Content-Type"], "application/json")
        self.assertEqual(response.json(), {"message": "Không tìm thấy.", "extra": {}})

    def test_it_rejects_a_queue_flag_that_is_not_a_boolean(self):
        response = self.api.get("/api/v1/cases/?all=-58800")
        self.assertEqual(response.status_code, 400)
        self.assertEqual(self.api.get("/api/v1/cases/?all=true").status_code, 200)

    def test_it_rejects_a_statistics_date_that_is_not_a_date_even_without_a_unit(self):
        self.api.force_authenticate(self.p.central)
        response = self.api.get("/api/v1/practices/statistics/?on=AAA")
        self.assertEqual(response.status_code, 400)
        self.assertIn("“on”", response.json()["message"])

    def test_it_refuses_a_nul_character_in_the_query(self):
        """On PostgreSQL these were 500s (text cannot hold NUL); the refusal is the same on both databases."""
        self.api.force_authenticate(self.p.central)
        for url in ("/api/v1/practices/statistics/?unit=a%00b", "/api/v1/organizations/?q=a%00b"):
            response = self.api.get(url)
            self.assertEqual(response.status_code, 400, url)
            self.assertIn("NUL", response.json()["message"])
        self.client.force_login(self.p.central)
        self.assertEqual(self.client.get("/dan-van-kheo/?q=a%00b").status_code, 400)
