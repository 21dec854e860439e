"""Integers at or past 2⁶³ in a query string or a body are refused at the edge with 400 (the API's
error shape) or ignored with a Vietnamese message on a page: never a 500 (SQLite cannot bind them;
issue 18, item 6). The sweep reads every list operation's parameters from the OpenAPI schema, so a
new filter is covered without anyone remembering to add it here."""

from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

from tests.base import BaseTestCase

HUGE = "50709995031252303872"
NEGATIVE_HUGE = "-" + HUGE


def list_parameters() -> list[tuple[str, str, dict]]:
    """(path, parameter name, schema) of every query parameter of every GET without a path id."""
    schema = SchemaGenerator().get_schema(request=None, public=True)
    found = []
    for path, operations in schema["paths"].items():
        get = operations.get("get")
        if not get or "{" in path:
            continue
        for parameter in get.get("parameters", []):
            if parameter.get("in") == "query":
                found.append((path, parameter["name"], parameter.get("schema", {})))
    return found


class HugeIntegerTest(BaseTestCase):
    def test_every_api_list_parameter_refuses_a_huge_integer_with_400(self):
        api = APIClient()
        api.force_authenticate(self.p.central)
        parameters = list_parameters()
        self.assertGreater(len(parameters), 20, "the sweep found too few parameters to mean anything")
        for path, name, _schema in parameters:
            for value in (HUGE, NEGATIVE_HUGE):
                with self.subTest(path=path, parameter=name, value=value):
                    r = api.get(path, {name: value})
                    self.assertLess(r.status_code, 500, r.content[:300])
                    if r.status_code >= 400:
                        self.assertIn("message", r.json())


class QueryMatchesSchemaTest(BaseTestCase):
    """The schema and the behaviour agree (issue 18, item 10): a query value outside what a list
    operation documents is a 400 in the error shape, not a silently ignored filter."""

    def setUp(self):
        self.api = APIClient()
        self.api.force_authenticate(self.p.central)

    def test_every_integer_parameter_refuses_what_is_not_an_integer(self):
        integers = [(path, name) for path, name, schema in list_parameters() if schema.get("type") == "integer"]
        self.assertIn(("/api/v1/practices/", "page_size"), integers)
        for path, name in integers:
            if name == "page":
                continue  # an invalid page is a 404, as DRF documents it
            with self.subTest(path=path, parameter=name):
                r = self.api.get(path, {name: "true"})
                self.assertEqual(r.status_code, 400, r.content[:300])
                self.assertIn(name, r.json()["message"])

    def test_every_enum_parameter_refuses_a_value_outside_it(self):
        enums = [(path, name) for path, name, schema in list_parameters() if "enum" in schema]
        self.assertIn(("/api/v1/practices/", "kind"), enums)
        for path, name in enums:
            with self.subTest(path=path, parameter=name):
                r = self.api.get(path, {name: "khong-co"})
                self.assertEqual(r.status_code, 400, r.content[:300])
                self.assertIn(name, r.json()["message"])

    def test_a_missing_token_is_401_with_a_challenge_and_the_session_still_works(self):
        r = APIClient().get("/api/v1/practices/")
        self.assertEqual(r.status_code, 401)
        self.assertEqual(r["WWW-Authenticate"], "Token")
        self.assertEqual(r.json()["message"], "Bạn cần đăng nhập.")
        self.login(self.p.commune_officer)
        self.assertEqual(self.client.get("/api/v1/practices/").status_code, 200)

    def test_recognition_level_is_documented_with_its_blank_value(self):
        schema = SchemaGenerator().get_schema(request=None, public=True)
        field = schema["components"]["schemas"]["PracticeList"]["properties"]["recognition_level"]
        refs = [option["$ref"].rsplit("/", 1)[-1] for option in field["oneOf"]]
        self.assertEqual([schema["components"]["schemas"][ref]["enum"] for ref in refs][-1], [""])


class HugeIntegerOnPagesTest(BaseTestCase):
    """The HTML lists read their filters through forms: a huge number in any of their query parameters (those the
    page's own GET forms send, plus the paging ones) is ignored or answered with a message, never a 500."""

    PAGES = (
        "/dan-van-kheo/",
        "/y-kien/",
        "/y-kien/ghi-nhan/",
        "/y-kien/diem-nong/",
        "/y-kien/tang-bat-thuong/",
        "/bao-cao/",
        "/bao-cao/tong-hop/1/",
        "/thi-dua/danh-gia/",
        "/thi-dua/hoi-thi/",
        "/nhat-ky/",
        "/thong-bao/",
        "/don-vi/",
    )
    EXTRA = ("page", "organization", "period", "year", "buoi", "criteria_set", "unit", "on")

    def test_every_list_page_survives_a_huge_integer_in_each_parameter(self):
        import re

        self.login(self.p.admin)
        swept = 0
        for page in self.PAGES:
            first = self.client.get(page)
            if first.status_code == 404:
                continue  # a page that needs an object (tong-hop/1/) answers 404 before reading its query
            self.assertLess(first.status_code, 500, page)
            names = set(re.findall(rb'<form[^>]*method="get".*?</form>', first.content, re.S | re.I))
            fields = {n.decode() for form in names for n in re.findall(rb'name="([^"]+)"', form)} | set(self.EXTRA)
            for name in sorted(fields - {"csrfmiddlewaretoken"}):
                for value in (HUGE, NEGATIVE_HUGE):
                    with self.subTest(page=page, parameter=name, value=value):
                        r = self.client.get(page, {name: value})
                        self.assertLess(r.status_code, 500, r.content[:300])
                        swept += 1
        self.assertGreater(swept, 50)
