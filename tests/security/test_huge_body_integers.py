"""Integer body fields are bounded at the edge (issue 18, item 6): 2⁶³ or −2⁶³−1 in any integer property of any
write operation's body is a 400 in the API's error shape naming the field, never a 500 (SQLite cannot bind such a
number: a huge judge id on contests was a 500). The sweep reads the operations from the OpenAPI schema, so a new
endpoint is covered without anyone remembering it."""

from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

from tests.base import BaseTestCase

HUGE = 2**63
NEGATIVE_HUGE = -(2**63) - 1


def _resolve(schema, node):
    while "$ref" in node:
        node = schema["components"]["schemas"][node["$ref"].rsplit("/", 1)[-1]]
    return node


def integer_paths(schema, node, prefix=(), depth=0):
    """Paths (tuples of keys, "[]" for a list item) to every integer property under ``node``."""
    node = _resolve(schema, node)
    if depth > 4:
        return []
    if node.get("type") == "integer" and not node.get("readOnly"):
        return [prefix]
    if node.get("type") == "array":
        return integer_paths(schema, node.get("items", {}), (*prefix, "[]"), depth + 1)
    found = []
    for name, child in node.get("properties", {}).items():
        if not _resolve(schema, child).get("readOnly"):
            found += integer_paths(schema, child, (*prefix, name), depth + 1)
    return found


def body_with(path, value):
    """A JSON body holding ``value`` at ``path`` (lists of one item)."""
    if not path:
        return value
    if path[0] == "[]":
        return [body_with(path[1:], value)]
    return {path[0]: body_with(path[1:], value)}


def write_operations():
    """(method, path, integer property path) of every POST/PUT/PATCH with an integer in its JSON body."""
    schema = SchemaGenerator().get_schema(request=None, public=True)
    found = []
    for path, operations in schema["paths"].items():
        for method in ("post", "put", "patch"):
            body = operations.get(method, {}).get("requestBody", {}).get("content", {})
            media = body.get("application/json")
            if not media:
                continue
            for prop in integer_paths(schema, media["schema"]):
                found.append((method, path, prop))
    return found


class HugeBodyIntegerTest(BaseTestCase):
    def test_every_integer_body_field_refuses_a_huge_number_with_400(self):
        api = APIClient()
        api.force_authenticate(self.p.admin)
        operations = write_operations()
        paths = {path for _m, path, _p in operations}
        # The operations that used to fail, among others; the sweep must find them.
        self.assertIn("/api/v1/contests/", paths)
        self.assertIn("/api/v1/practices/", paths)
        self.assertGreater(len(operations), 20, "the sweep found too few fields to mean anything")
        checked = 0
        for method, path, prop in operations:
            url = path.replace("{id}", "1").replace("{pk}", "1")
            url = url.replace("{code}", "XX").replace("{token}", "x")
            for value in (HUGE, NEGATIVE_HUGE):
                with self.subTest(method=method, path=path, field=".".join(prop), value=value):
                    r = getattr(api, method)(url, body_with(prop, value), format="json")
                    self.assertLess(r.status_code, 500, r.content[:300])
                    self.assertIn("message", r.json())
                    if "{" not in path:  # no object to find first: the body itself is judged
                        self.assertEqual(r.status_code, 400, r.content[:300])
                        self.assertIn(prop[0], r.json()["extra"], r.content[:300])
                        checked += 1
        self.assertGreater(checked, 10)
