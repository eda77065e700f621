"""Attacker-side tests: each one tries what an attacker would against the real views, servers and commands
(safe defaults, secrets, webhooks, resource limits, accounts, tokens, the audit log, privacy)."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django_otp.oath import totp

# The web UI's agents, signed-in clients, translations compiled once, a fast password hasher.
from tests.web.conftest import (  # noqa: F401
    PASSWORD,
    admin_agent,
    admin_web,
    agent,
    fast_password_hashing,
    make_agent,
    translations,
    web,
)


@pytest.fixture
def admin(db):
    return make_agent("root", role="admin", name="Admin")


def login(username: str, password: str = PASSWORD, *, ip: str = "198.51.100.7", client: Client | None = None):
    client = client or Client(REMOTE_ADDR=ip, HTTP_USER_AGENT="pytest-browser")
    response = client.post("/login/", {"username": username, "password": password})
    return client, response


def signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def current_code(secret_b32: str, steps_ahead: int = 0) -> str:
    """The authenticator app's code; steps_ahead=1 is the next 30 s window's code (a code is
    accepted once, and up to one window early, to allow for clock drift)."""
    import base64

    key = base64.b32decode(secret_b32 + "=" * (-len(secret_b32) % 8))
    return f"{totp(key, t0=-30 * steps_ahead):06d}"


def enable_two_factor(client: Client) -> tuple[str, list[str]]:
    """Through the pages, as a person would: open setup, read the key, confirm with a code."""
    page = client.get("/account/two-factor/setup/").content.decode()
    secret = re.search(r'id="totp-secret">([A-Z2-7]+)<', page).group(1)
    device = re.search(r'name="device" value="(\d+)"', page).group(1)
    response = client.post("/account/two-factor/setup/", {"device": device, "code": current_code(secret)})
    assert response.status_code == 200
    codes = re.findall(r"<li>([a-z2-7]{8})</li>", response.content.decode())
    return secret, codes
