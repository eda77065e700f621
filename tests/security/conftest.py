"""Attacker-side tests: each one tries what an attacker would against the real views, servers and commands."""

# The web UI's agents and signed-in clients (fixtures).
from tests.web.conftest import admin_agent, admin_web, agent, fast_password_hashing, web  # noqa: F401
