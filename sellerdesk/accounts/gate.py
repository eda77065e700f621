"""Keeps a session that still owes its second factor (or its two-factor setup) on the sign-in
pages, and records every signed-in browser for the Security page."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.db.models import Exists, OuterRef, Subquery
from django_otp.plugins.otp_totp.models import TOTPDevice
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from sellerdesk.accounts import sessions, twofactor
from sellerdesk.accounts.models import AgentSession, SecurityPolicy

# Open to a session waiting for its second factor: the step itself, leaving, the language switch.
OPEN_PATHS = ("/static/", "/healthz", "/readyz", "/hooks/", "/language/", "/logout/", "/login/", "/password-reset/")


class SecurityGateMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            state = _state(user, request.session.session_key)
            step = twofactor.step_for(user, has_authenticator=state["has_authenticator"], required=state["required"])
            if step is not None:
                response = self._hold(request, step)
                if response is not None:
                    return response
            else:
                sessions.touch(request, state["last_seen"])
        return self.get_response(request)

    def _hold(self, request, step: str):
        path = request.path
        if path.startswith("/api/"):
            request.user = AnonymousUser()  # the API answers 401: the session is not signed in yet
            return None
        target = reverse("web:two_factor_verify" if step == "verify" else "web:two_factor_setup")
        if path == target or path.startswith(OPEN_PATHS):
            return None
        return redirect(f"{target}?{urlencode({'next': request.get_full_path()})}" if request.method == "GET" else target)


def _state(user, session_key: str | None) -> dict:
    """What the gate needs, in one query per request: authenticator? required? session last seen?"""
    return (
        get_user_model().objects.filter(pk=user.pk)
        .values(
            has_authenticator=Exists(TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)),
            required=Exists(SecurityPolicy.objects.filter(pk=1, require_two_factor=True)),
            last_seen=Subquery(AgentSession.objects.filter(session_key=session_key or "").values("last_seen_at")[:1]),
        )
        .get()
    )
