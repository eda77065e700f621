import datetime as dt
import json

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from sellerdesk.accounts.models import AgentProfile, ApiToken
from sellerdesk.api import tokens
from sellerdesk.lib import clock

MISSING = {"detail": "Authentication required: send the header 'Authorization: Bearer <token>'.", "errors": []}
INVALID = {"detail": "Invalid or revoked API token.", "errors": []}


def test_no_header_is_401_with_reason(db):
    r = Client().get("/api/v1/me")
    assert r.status_code == 401
    assert r.json() == MISSING
    assert r["WWW-Authenticate"] == 'Bearer realm="sellerdesk"'


def test_post_without_credentials_is_401_not_a_csrf_error(make_conv):
    conv = make_conv()
    r = Client(enforce_csrf_checks=True).post(f"/api/v1/conversations/{conv.pk}/resolve")
    assert r.status_code == 401
    assert r.json() == MISSING


def test_other_scheme_is_401(key):
    r = Client(HTTP_AUTHORIZATION=f"Token {key}").get("/api/v1/me")
    assert r.status_code == 401
    assert r.json() == MISSING


def test_wrong_token_is_401(key):
    r = Client(HTTP_AUTHORIZATION=f"Bearer {key}x").get("/api/v1/me")
    assert r.status_code == 401
    assert r.json() == INVALID


def test_revoked_token_is_401(agent, key, api):
    assert api.get("/api/v1/me").status_code == 200
    tokens.revoke(agent, key[:8])
    r = api.get("/api/v1/me")
    assert r.status_code == 401
    assert r.json() == INVALID


def test_inactive_user_is_401(agent, api):
    get_user_model().objects.filter(pk=agent.pk).update(is_active=False)
    r = api.get("/api/v1/me")
    assert r.status_code == 401
    assert r.json() == INVALID


def test_wrong_token_wins_over_a_valid_session(agent, key):
    client = Client(HTTP_AUTHORIZATION="Bearer sd_wrong")
    client.force_login(agent)
    r = client.get("/api/v1/me")
    assert r.status_code == 401
    assert r.json() == INVALID


def test_only_the_hash_is_stored(agent, key):
    row = ApiToken.objects.get(user=agent)
    assert row.key_hash == ApiToken.hash(key)
    assert row.prefix == key[:8]
    assert key not in json.dumps(list(ApiToken.objects.values()), default=str)


def test_last_used_at_is_written_at_most_once_a_minute(agent, key, api):
    t0 = dt.datetime(2026, 11, 23, 12, 0, tzinfo=dt.timezone.utc)
    row = ApiToken.objects.get(user=agent)
    assert row.last_used_at is None
    with clock.frozen(t0):
        assert api.get("/api/v1/me").status_code == 200
    row.refresh_from_db()
    assert row.last_used_at == t0
    with clock.frozen(t0 + dt.timedelta(seconds=59)):
        assert api.get("/api/v1/me").status_code == 200
    row.refresh_from_db()
    assert row.last_used_at == t0
    with clock.frozen(t0 + dt.timedelta(seconds=60)):
        assert api.get("/api/v1/me").status_code == 200
    row.refresh_from_db()
    assert row.last_used_at == t0 + dt.timedelta(seconds=60)


def test_request_within_the_minute_does_not_write(api, now, django_assert_num_queries):
    assert api.get("/api/v1/me").status_code == 200
    # The token joined with its user and agent profile: one read, no UPDATE.
    with django_assert_num_queries(1):
        assert api.get("/api/v1/me").status_code == 200


def test_session_auth_reads_and_needs_csrf_to_write(agent, make_conv):
    conv = make_conv()
    client = Client(enforce_csrf_checks=True)
    client.force_login(agent)
    r = client.get("/api/v1/me")
    assert r.status_code == 200
    assert r.json()["token_name"] is None
    r = client.post(f"/api/v1/conversations/{conv.pk}/resolve")
    assert r.status_code == 403
    assert r.json() == {"detail": "CSRF check Failed", "errors": []}
    client.get("/api/v1/docs")  # any page that renders the token sets the CSRF cookie
    csrf = client.cookies["csrftoken"].value
    r = client.post(f"/api/v1/conversations/{conv.pk}/resolve", HTTP_X_CSRFTOKEN=csrf)
    assert r.status_code == 200
    assert r.json()["status"] == "resolved"


def test_read_only_agent_can_read_but_not_write(agent, api, make_conv):
    conv = make_conv()
    AgentProfile.objects.filter(user=agent).update(role="readonly")
    assert api.get(f"/api/v1/conversations/{conv.pk}").status_code == 200
    r = api.post(f"/api/v1/conversations/{conv.pk}/notes", {"text": "hi"}, content_type="application/json")
    assert r.status_code == 403
    assert r.json() == {"detail": "This account is read-only.", "errors": []}
    assert conv.messages.count() == 0


@pytest.mark.parametrize("path", ["/api/v1/me", "/api/v1/conversations", "/api/v1/conversations/1", "/api/v1/conversations/1/messages"])
def test_every_read_needs_credentials(db, path):
    assert Client().get(path).status_code == 401


@pytest.mark.parametrize("action", ["reply", "notes", "assign", "resolve", "reopen", "snooze"])
def test_every_write_needs_credentials(make_conv, action):
    conv = make_conv()
    r = Client().post(f"/api/v1/conversations/{conv.pk}/{action}", {}, content_type="application/json")
    assert r.status_code == 401
    assert r.json() == MISSING
