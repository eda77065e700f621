"""Agents' signed-in browsers: recorded per request (at most once a minute), listed, revoked."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import transaction

from sellerdesk.accounts.models import AgentSession
from sellerdesk.audit import log as audit
from sellerdesk.audit import origin
from sellerdesk.lib import clock


def touch(request, last_seen: dt.datetime | None) -> None:
    """Create or refresh the row of this request's session, whose last_seen_at the caller read
    (None: no row yet — a new login, force_login, a reset)."""
    key = request.session.session_key
    if not key:
        return
    now = clock.now()
    if last_seen is None:
        where = origin.of_request(request)
        AgentSession.objects.get_or_create(
            session_key=key,
            defaults={"user": request.user, "ip": where.ip, "user_agent": where.user_agent, "created_at": now, "last_seen_at": now},
        )
    elif now - last_seen >= dt.timedelta(seconds=settings.SESSION_TOUCH_SECONDS):
        AgentSession.objects.filter(session_key=key).update(last_seen_at=now)


def of_user(user) -> list[AgentSession]:
    """The user's sessions that still exist, newest use first (rows of ended sessions are dropped)."""
    rows = list(AgentSession.objects.filter(user=user).order_by("-last_seen_at", "-id"))
    alive = set(Session.objects.filter(session_key__in=[r.session_key for r in rows], expire_date__gt=clock.now())
                .values_list("session_key", flat=True))
    ended = [r.pk for r in rows if r.session_key not in alive]
    if ended:
        AgentSession.objects.filter(pk__in=ended).delete()
    return [r for r in rows if r.session_key in alive]


def revoke(user, session_id: int, *, actor) -> bool:
    """End one of `user`'s sessions: its cookie stops working on the next request."""
    with transaction.atomic():
        row = AgentSession.objects.filter(user=user, pk=session_id).first()
        if row is None:
            return False
        Session.objects.filter(session_key=row.session_key).delete()
        row.delete()
        audit.record("session_revoked", actor=actor, target=f"user:{user.pk}", session_id=session_id)
    return True


def revoke_others(user, current_key: str, *, actor) -> int:
    with transaction.atomic():
        rows = AgentSession.objects.filter(user=user).exclude(session_key=current_key)
        keys = list(rows.values_list("session_key", flat=True))
        Session.objects.filter(session_key__in=keys).delete()
        rows.delete()
        audit.record("sessions_revoked", actor=actor, target=f"user:{user.pk}", count=len(keys))
    return len(keys)
