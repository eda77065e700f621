"""Writes to agent accounts (login, role, UI language, active): each one Event in its transaction.

Routing fields (shifts, skills, time away...) are written by sellerdesk.routing.actions.set_rota.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import transaction

from sellerdesk.accounts.models import AgentProfile
from sellerdesk.conversations.events import record

ACCOUNT_FIELDS = ("display_name", "email", "role", "ui_language", "is_active")
UI_LANGUAGES = ("en", "zh-hans")


def _check(changes: dict) -> None:
    unknown = set(changes) - set(ACCOUNT_FIELDS)
    if unknown:
        raise ValueError(f"not an account field: {', '.join(sorted(unknown))}")
    if "role" in changes and changes["role"] not in AgentProfile.Role.values:
        raise ValueError(f"unknown role {changes['role']!r}")
    if "ui_language" in changes and changes["ui_language"] not in UI_LANGUAGES:
        raise ValueError(f"unknown UI language {changes['ui_language']!r}")


def create_agent(*, actor, username: str, password: str, email: str = "", display_name: str = "",
                 role: str = AgentProfile.Role.AGENT, ui_language: str = "en"):
    """A user who can log in, with its AgentProfile (defaults: always on shift, every channel)."""
    _check({"role": role, "ui_language": ui_language})
    User = get_user_model()
    with transaction.atomic():
        user = User(username=username, email=email)
        user.set_password(password)
        user.is_staff = user.is_superuser = role == AgentProfile.Role.ADMIN  # as `createagent` does
        user.save()
        AgentProfile.objects.create(user=user, display_name=display_name or username, role=role, ui_language=ui_language)
        # The password never goes into the event.
        record("agent_created", actor=actor, agent=user.pk, username=username, role=role)
    return user


def update_agent(user, *, actor, **changes):
    """Change account fields; only the ones that differ are written and recorded (no change: no event)."""
    _check(changes)
    profile = user.agent
    current = {"display_name": profile.display_name, "email": user.email, "role": profile.role,
               "ui_language": profile.ui_language, "is_active": user.is_active}
    changed = {k: v for k, v in changes.items() if current[k] != v}
    if not changed:
        return user
    with transaction.atomic():
        for name in ("display_name", "role", "ui_language"):
            if name in changed:
                setattr(profile, name, changed[name])
        profile.save(update_fields=[n for n in ("display_name", "role", "ui_language") if n in changed])
        if "email" in changed:
            user.email = changed["email"]
        if "is_active" in changed:
            user.is_active = changed["is_active"]
        if "role" in changed:
            user.is_staff = user.is_superuser = changed["role"] == AgentProfile.Role.ADMIN
        user.save()
        record("agent_account_changed", actor=actor, agent=user.pk, changes=changed)
    return user
