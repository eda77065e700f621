"""Attacker-side tests: each one tries what an attacker would against the real views, servers and commands."""

import pytest
from django.test import Client

from tests.web.conftest import make_agent


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def agent(db):
    return make_agent("anna", name="Anna Schmidt")


@pytest.fixture
def admin_agent(db):
    return make_agent("boss", role="admin", name="Bo Admin")


@pytest.fixture
def web(agent):
    client = Client()
    client.force_login(agent)
    return client


@pytest.fixture
def admin_web(admin_agent):
    client = Client()
    client.force_login(admin_agent)
    return client
