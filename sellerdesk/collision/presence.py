"""Who has a conversation open, kept in the cache (not the database: a heartbeat every few
seconds is not business data, and it expires by itself). With several web servers the cache
must be shared: REDIS_URL makes it Redis (settings.CACHES)."""

from __future__ import annotations

import time

from django.core.cache import cache

TTL = 30  # seconds without a heartbeat before someone is gone
VIEWING, REPLYING = "viewing", "replying"


def _key(conversation_id: int) -> str:
    return f"sellerdesk:presence:{conversation_id}"


def touch(conversation_id: int, user_id: int, name: str, state: str, now: float | None = None) -> None:
    now = time.time() if now is None else now
    people = {k: v for k, v in (cache.get(_key(conversation_id)) or {}).items() if now - v[2] < TTL}
    people[user_id] = (name, state, now)
    cache.set(_key(conversation_id), people, TTL * 2)


def others(conversation_id: int, user_id: int, now: float | None = None) -> list[tuple[str, str]]:
    """[(name, state)] of the other people there now, replying ones first."""
    now = time.time() if now is None else now
    people = cache.get(_key(conversation_id)) or {}
    here = [(name, state) for uid, (name, state, seen) in people.items() if uid != user_id and now - seen < TTL]
    return sorted(here, key=lambda p: (p[1] != REPLYING, p[0]))


def leave(conversation_id: int, user_id: int) -> None:
    people = cache.get(_key(conversation_id)) or {}
    if people.pop(user_id, None) is not None:
        cache.set(_key(conversation_id), people, TTL * 2)
