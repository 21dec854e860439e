"""API fuzzing: schemathesis generates requests for every operation of /api/schema/ — valid and
hostile bodies, query strings and path parameters — as an administrator and as a commune officer,
with every check schemathesis has on. No answer may be a server error, use a status code, header or
media type the schema does not declare, break the schema it documents, accept data the schema
forbids. Bounded for CI: six examples an operation, derandomised."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import CHECKS, load_all_checks
from schemathesis.specs.openapi.checks import positive_data_acceptance

from danvan.wsgi import application
from tests.factories import Personas

schema = schemathesis.openapi.from_wsgi("/api/schema/", application)

ROLES = ("admin", "commune_officer")

# Every check schemathesis knows (not_a_server_error, status_code_conformance, content_type_conformance,
# response_headers_conformance, response_schema_conformance, negative_data_rejection, missing_required_header,
# unsupported_method, allow_header_conformance, use_after_free, ensure_resource_availability, ignored_auth,
# object_level_authorization), so a new one is on when schemathesis grows — but one. positive_data_acceptance wants
# every schema-valid request accepted, and a business rule refuses schema-valid data with 400 by design: an
# organisation id that does not exist, a unit code outside the catalogue, a file that is not XLSX, statistics without
# a unit in the caller's scope. What it found that a schema can say is now in the schema (page and page size bounds,
# JSON-only bodies where a form cannot carry the nested data, empty query values read as absent).
load_all_checks()
ALL_CHECKS = [check for check in CHECKS.get_all() if check is not positive_data_acceptance]


@pytest.fixture(autouse=True)
def keep_the_test_connection():
    """schemathesis calls the WSGI app directly, not through Django's test client, so the request
    signals would close the test's database connection (CONN_MAX_AGE on PostgreSQL) mid-transaction.
    Detach them as Django's test client does."""
    signals = (request_started, request_finished)
    for signal in signals:
        signal.disconnect(close_old_connections)
    yield
    for signal in signals:
        signal.connect(close_old_connections)


@pytest.fixture
def tokens(db):
    personas = Personas.create()
    return {role: Token.objects.create(user=getattr(personas, role)).key for role in ROLES}


def test_every_check_is_on():
    names = {check.__name__ for check in ALL_CHECKS}
    assert {"not_a_server_error", "status_code_conformance", "negative_data_rejection", "ignored_auth"} <= names
    assert len(names) >= 13


@pytest.mark.filterwarnings("ignore")
@schema.parametrize()
@settings(max_examples=6, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_no_server_error_and_no_answer_outside_the_schema(case, tokens):
    for role in ROLES:
        case.call_and_validate(headers={"Authorization": f"Token {tokens[role]}"}, checks=ALL_CHECKS)
