"""Finding 9: a leaked API token, a token used past its time, and actions nobody can trace."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.utils import DatabaseError
from django.test import Client

from sellerdesk.accounts.models import ApiToken
from sellerdesk.api import tokens
from sellerdesk.audit.models import AuditEntry
from sellerdesk.channels.models import ChannelAccount
from sellerdesk.conversations.models import Conversation
from sellerdesk.customers.models import Customer
from sellerdesk.lib import clock
from tests.security.conftest import login

T0 = dt.datetime(2026, 11, 23, 12, 0, tzinfo=dt.timezone.utc)


@pytest.fixture
def conv(db):
    account = ChannelAccount.objects.create(kind="email", name="Support", address="support@shop.example")
    customer = Customer.objects.create(name="Jane Buyer", email="jane@buyer.example", created_at=T0)
    return Conversation.objects.create(channel="email", account=account, customer=customer, subject="Where?",
                                       created_at=T0, last_message_at=T0)


def bearer(key: str) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {key}", REMOTE_ADDR="203.0.113.9")


def test_a_read_token_cannot_act(agent, conv):
    _, key = tokens.issue(agent, "dashboard", ["read"])
    api = bearer(key)
    assert api.get(f"/api/v1/conversations/{conv.pk}").status_code == 200
    r = api.post(f"/api/v1/conversations/{conv.pk}/resolve", content_type="application/json")
    assert r.status_code == 403
    assert r.json()["detail"] == "This token's scopes (read) do not include 'reply', which POST needs here."
    assert Conversation.objects.get(pk=conv.pk).status == "open"


def test_a_reply_token_can_act(agent, conv):
    _, key = tokens.issue(agent, "bot", ["read", "reply"])
    r = bearer(key).post(f"/api/v1/conversations/{conv.pk}/resolve", content_type="application/json")
    assert r.status_code == 200
    assert Conversation.objects.get(pk=conv.pk).status == "resolved"


def test_an_expired_token_is_refused(agent, conv):
    _, key = tokens.issue(agent, "temp", ["read"], expires_at=clock.now() + dt.timedelta(days=1))
    assert bearer(key).get("/api/v1/me").status_code == 200
    with clock.frozen(clock.now() + dt.timedelta(days=1, seconds=1)):
        r = bearer(key).get("/api/v1/me")
    assert r.status_code == 401
    assert r.json()["detail"] == "Invalid or revoked API token."


def test_only_admins_hold_admin_tokens(agent, admin):
    with pytest.raises(tokens.TokenError, match="Only admins can hold admin tokens; anna is not an admin."):
        tokens.issue(agent, "sneaky", ["admin"])
    with pytest.raises(tokens.TokenError, match="Unknown scope root"):
        tokens.issue(admin, "typo", ["root"])
    token, _ = tokens.issue(admin, "compliance", ["admin"])
    assert token.scopes == ["admin"]


def test_the_audit_api_needs_an_admin_scope_and_an_admin(agent, admin):
    _, plain = tokens.issue(admin, "plain", ["read", "reply"])
    assert bearer(plain).get("/api/v1/audit").status_code == 403
    _, admin_key = tokens.issue(admin, "audit", ["admin"])
    r = bearer(admin_key).get("/api/v1/audit?action=api_token_issued")
    assert r.status_code == 200
    body = r.json()
    assert [(e["action"], e["actor_name"], e["data"]["name"], e["data"]["scopes"]) for e in body["items"]] == [
        ("api_token_issued", "root", "audit", ["admin"]), ("api_token_issued", "root", "plain", ["read", "reply"]),
    ]
    assert body["next_before"] is None
    _, agent_key = tokens.issue(agent, "mine", ["read"])
    assert bearer(agent_key).get("/api/v1/audit").status_code == 403  # read scope, and not an admin


def test_a_token_made_in_the_ui_is_shown_once_and_listed_with_last_use(agent):
    client, _ = login("anna")
    r = client.post("/account/tokens/", {"name": "zapier", "scopes": ["read", "reply"], "expires_days": "30"})
    key = re.search(r'id="token-key">(sd_[\w-]+)<', r.content.decode()).group(1)
    token = ApiToken.objects.get()
    assert (token.name, token.scopes, token.prefix) == ("zapier", ["read", "reply"], key[:8])
    assert token.expires_at is not None
    assert bearer(key).get("/api/v1/me").status_code == 200
    page = client.get("/account/security/").content.decode()
    assert key not in page
    row = re.search(rf'<tr id="token-{token.pk}">(.*?)</tr>', page, re.S).group(1)
    assert f"{key[:8]}…" in row and "read, reply" in row and "never" not in row  # expires and last used are dates
    client.post(f"/account/tokens/{token.pk}/revoke/")
    assert bearer(key).get("/api/v1/me").status_code == 401


def test_the_ui_refuses_an_admin_token_for_an_agent(agent):
    client, _ = login("anna")
    r = client.post("/account/tokens/", {"name": "x", "scopes": ["admin"]}, follow=True)
    assert "Only admins can hold admin tokens" in r.content.decode()
    assert ApiToken.objects.count() == 0


def test_audit_page_shows_who_did_what_from_where_and_only_to_admins(agent, admin):
    login("anna", "wrong-password", ip="203.0.113.9")
    tokens.issue(agent, "x", ["read"])
    anna, _ = login("anna")
    assert anna.get("/audit/").status_code == 403
    boss, _ = login("root", ip="192.0.2.10")
    page = boss.get("/audit/?action=login_failed").content.decode()
    rows = re.findall(r"<tr><td>[^<]+</td><td>([^<]+)</td><td class=\"mono\">([a-z_]+)</td>.*?<td class=\"mono\" title=\"[^\"]*\">([^<]+)</td>", page, re.S)
    assert rows == [("anna", "login_failed", "203.0.113.9")]


def test_audit_entries_cannot_be_changed_or_deleted(agent):
    login("anna", "wrong-password", ip="203.0.113.9")
    entry = AuditEntry.objects.get()
    with pytest.raises(ValueError, match="append-only"):
        AuditEntry.objects.filter(pk=entry.pk).update(ip="127.0.0.1")
    with pytest.raises(ValueError, match="append-only"):
        AuditEntry.objects.filter(pk=entry.pk).delete()
    with pytest.raises(ValueError, match="append-only"):
        entry.save()
    with pytest.raises((IntegrityError, DatabaseError), match="append-only"), transaction.atomic():
        with connection.cursor() as cursor:  # even straight SQL, past the model
            cursor.execute("UPDATE audit_auditentry SET ip = '127.0.0.1'")
    assert AuditEntry.objects.get().ip == "203.0.113.9"


def test_secret_and_rule_changes_are_audited_without_the_secret(admin):
    boss, _ = login("root", ip="192.0.2.10")
    boss.post("/channels/email/new/", {
        "name": "Support", "address": "support@shop.example", "marketplace": "", "is_active": "on",
        "imap_host": "127.0.0.1", "imap_port": "993", "imap_security": "ssl", "imap_username": "u",
        "imap_password": "hunter2-secret", "imap_mailboxes": "INBOX",
        "smtp_host": "127.0.0.1", "smtp_port": "465", "smtp_security": "ssl", "smtp_username": "u",
        "smtp_password": "hunter2-secret",
    })
    entry = AuditEntry.objects.get(action="channel_account_created")
    assert (entry.actor_name, entry.ip, entry.target) == ("root", "192.0.2.10", f"channel_account:{ChannelAccount.objects.get().pk}")
    assert entry.data["passwords_changed"] == ["imap_password", "smtp_password"]
    assert "hunter2" not in str(entry.data)


def test_audit_api_filters_by_time_and_refuses_a_number_for_a_time(admin):
    _, key = tokens.issue(admin, "audit", ["admin"])
    api = bearer(key)
    assert api.get("/api/v1/audit?since=0.5").status_code == 422
    assert [e["action"] for e in api.get("/api/v1/audit?since=2000-01-01T00:00:00%2B00:00").json()["items"]] == ["api_token_issued"]
    assert api.get("/api/v1/audit?until=2000-01-01T00:00:00%2B00:00").json()["items"] == []
