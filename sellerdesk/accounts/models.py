"""Agents, teams and API tokens."""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.db import models


class Team(models.Model):
    name = models.CharField(max_length=100, unique=True)
    timezone = models.CharField(max_length=64, default="Asia/Shanghai")

    def __str__(self) -> str:
        return self.name


class AgentProfile(models.Model):
    class Role(models.TextChoices):
        ADMIN = "admin", "Admin"
        SUPERVISOR = "supervisor", "Supervisor"
        AGENT = "agent", "Agent"
        READONLY = "readonly", "Read-only"

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="agent")
    display_name = models.CharField(max_length=100, blank=True)
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.AGENT)
    ui_language = models.CharField(max_length=10, default="en")  # en | zh-hans
    languages = models.JSONField(default=list, blank=True)  # buyer languages the agent writes, e.g. ["en", "de"]
    timezone = models.CharField(max_length=64, default="Asia/Shanghai")
    is_senior = models.BooleanField(default=False)
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.SET_NULL, related_name="agents")
    capacity = models.PositiveIntegerField(default=40)  # open conversations before routing skips the agent
    is_available = models.BooleanField(default=True)
    # Routing (docs/routing.md). skills: channel families the agent serves (empty = every channel).
    skills = models.JSONField(default=list, blank=True)
    # [{"days": ["mon", ...], "start": "09:00", "end": "18:00"}] in `timezone`; empty = always on shift.
    shifts = models.JSONField(default=list, blank=True)
    holiday_country = models.CharField(max_length=2, blank=True)  # public holidays (`holidays` package): no shift
    holidays = models.JSONField(default=list, blank=True)  # own days off: ["2026-12-24", ...]
    away_from = models.DateTimeField(null=True, blank=True)  # vacation / leave: covered by others meanwhile
    away_until = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return self.display_name or self.user.get_username()

    @property
    def name(self) -> str:
        return self.display_name or self.user.get_username()

    def clean(self) -> None:
        from sellerdesk.routing.availability import rota_of

        rota_of(self)  # raises ShiftError naming the bad field


class ApiToken(models.Model):
    """A bearer token for API v1. Only its SHA-256 is stored.

    Scopes (docs/api.md): read (GET), reply (every other write an agent makes), admin (the
    audit log and privacy endpoints). A token never has more rights than its user.
    """

    SCOPES = ("read", "reply", "admin")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100)
    key_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=8)
    scopes = models.JSONField(default=list)
    expires_at = models.DateTimeField(null=True, blank=True)  # None: until revoked
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    @staticmethod
    def hash(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()

    @classmethod
    def issue(cls, user, name: str, scopes=("read",), expires_at=None) -> tuple["ApiToken", str]:
        key = "sd_" + secrets.token_urlsafe(32)
        token = cls.objects.create(user=user, name=name, key_hash=cls.hash(key), prefix=key[:8],
                                   scopes=list(scopes), expires_at=expires_at)
        return token, key


class AgentSession(models.Model):
    """A signed-in browser of an agent: listed on the Security page, revocable there.

    The Django session (django_session) is the credential; this row says where it was opened
    and when it was last used. Revoking deletes the Django session, so its cookie stops working.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="agent_sessions")
    session_key = models.CharField(max_length=40, unique=True)
    ip = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField()
    last_seen_at = models.DateTimeField()


class SecurityPolicy(models.Model):
    """One row: installation-wide sign-in rules an admin sets on the Security settings page."""

    require_two_factor = models.BooleanField(default=False)
    updated_at = models.DateTimeField(null=True, blank=True)

    @classmethod
    def current(cls) -> "SecurityPolicy":
        return cls.objects.get_or_create(pk=1)[0]
