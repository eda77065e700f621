"""Is someone there to chat? An agent who can take work now (available, on shift by their rota)
and was seen in the agent UI within SELLERDESK_WEBCHAT_ONLINE_MINUTES."""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
import time

from django.conf import settings

from sellerdesk.lib import clock

_cache: tuple[float, bool] | None = None
CACHE_SECONDS = 10  # the widget's config is read on every page view of the store
_shared: contextvars.ContextVar[dict | None] = contextvars.ContextVar("presence_shared", default=None)


@contextlib.contextmanager
def one_reading():
    """Inside the block every read, fresh ones too, shares the first: the bot's turns of one task
    come milliseconds apart, and each hand-over would otherwise read the agents again (5 queries)."""
    token = _shared.set({})
    try:
        yield
    finally:
        _shared.reset(token)


def agents_online(*, fresh: bool = False) -> bool:
    global _cache
    shared = _shared.get()
    if shared:
        return shared["online"]
    if not fresh and _cache is not None and time.monotonic() - _cache[0] < CACHE_SECONDS:
        return _cache[1]
    value = _agents_online(clock.now())
    _cache = (time.monotonic(), value)
    if shared is not None:
        shared["online"] = value
    return value


def _agents_online(now: dt.datetime) -> bool:
    from sellerdesk.accounts.models import AgentSession
    from sellerdesk.routing.service import agents_with_load, availability

    recent = set(AgentSession.objects.filter(last_seen_at__gte=now - dt.timedelta(minutes=settings.WEBCHAT_ONLINE_MINUTES))
                 .values_list("user_id", flat=True))
    if not recent:
        return False
    return any(availability(u.agent, now)[1] for u in agents_with_load() if u.pk in recent)
