"""API fuzzing: schemathesis generates requests for every operation of /api/schema/ — valid and
hostile bodies, query strings and path parameters — as a commune officer, a province officer and
a national user. No answer may be a server error or break the schema it documents."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance

from danvan.wsgi import application
from tests.factories import Personas

schema = schemathesis.openapi.from_wsgi("/api/schema/", application)

ROLES = ("commune_officer", "province_officer", "central")


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


@pytest.mark.filterwarnings("ignore")
@schema.parametrize()
@settings(max_examples=6, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_no_server_error_and_no_answer_outside_the_schema(case, tokens):
    for role in ROLES:
        case.call_and_validate(
            headers={"Authorization": f"Token {tokens[role]}"},
            checks=[not_a_server_error, response_schema_conformance, content_type_conformance],
        )
