"""Signing in through AgentBackend (sellerdesk/accounts/backends.py): the agent comes with their profile
in one query, sessions from before it stay valid, and a wrong password is checked once, not twice."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import MD5PasswordHasher
from django.contrib.auth.signals import user_login_failed
from django.test import Client

from tests.security.conftest import PASSWORD, login, signed_in


def test_signing_in_records_the_agent_backend_and_a_page_reads_the_agent_with_the_profile(agent, django_assert_num_queries):
    client, response = login("anna")
    assert response.status_code == 302 and signed_in(client)
    assert client.session["_auth_user_backend"] == "sellerdesk.accounts.backends.AgentBackend"

    from sellerdesk.accounts.backends import AgentBackend

    with django_assert_num_queries(1):
        user = AgentBackend().get_user(agent.pk)
        assert (user.username, user.agent.role) == ("anna", agent.agent.role)


def test_a_session_signed_in_by_djangos_own_backend_stays_signed_in(agent):
    client = Client()
    client.force_login(agent, backend="django.contrib.auth.backends.ModelBackend")
    assert client.session["_auth_user_backend"] == "django.contrib.auth.backends.ModelBackend"
    response = client.get("/")
    assert response.status_code == 200
    assert signed_in(client)


def test_a_wrong_password_is_hashed_and_reported_once(agent, monkeypatch):
    checks, failures = [], []
    real_verify = MD5PasswordHasher.verify
    monkeypatch.setattr(MD5PasswordHasher, "verify", lambda self, password, encoded: checks.append(password) or real_verify(self, password, encoded))

    def failed(sender, credentials, **kwargs):
        failures.append(credentials["username"])

    user_login_failed.connect(failed)
    try:
        client, response = login("anna", "not-the-password")
    finally:
        user_login_failed.disconnect(failed)
    assert response.status_code == 200 and not signed_in(client)
    assert (checks, failures) == (["not-the-password"], ["anna"])
    client, response = login("anna", PASSWORD)
    assert signed_in(client) and checks == ["not-the-password", PASSWORD]


def test_an_inactive_agent_is_not_loaded_from_the_session(agent):
    client = Client()
    client.force_login(agent)
    get_user_model().objects.filter(pk=agent.pk).update(is_active=False)
    response = client.get("/")
    assert response.status_code == 302 and "/login/" in response["Location"]
