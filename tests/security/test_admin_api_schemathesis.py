"""The admin endpoints (audit log, privacy) against their own OpenAPI document, with an admin token:
no 5xx, only documented statuses, bodies as described, invalid input refused."""

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from sellerdesk.api import tokens
from tests.security.conftest import make_agent

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", WSGIHandler()).include(path_regex="^/api/v1/(audit|privacy)")


@pytest.fixture
def admin_key(db):
    request_started.disconnect(close_old_connections)  # keep the test's transaction across requests
    _, key = tokens.issue(make_agent("root", role="admin"), "fuzz", ["read", "reply", "admin"])
    yield key
    request_started.connect(close_old_connections)


@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True, database=None)
def test_admin_operations_honour_their_schema(case, admin_key):
    case.call_and_validate(headers={"Authorization": f"Bearer {admin_key}"}, excluded_checks=[positive_data_acceptance])
