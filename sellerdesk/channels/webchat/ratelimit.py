"""Fixed one-minute windows per visitor and per IP address, in the web server's cache.

`sellerdesk run` serves the widget from one process, so the default in-process cache counts
every request; with several web processes configure a shared cache (Redis) or the limit is per
process. The address is used only here, never stored.
"""

from __future__ import annotations

import time

from django.core.cache import cache


def hit(scope: str, key: str, limit: int) -> bool:
    """Count one request; False once `limit` requests were counted in this minute."""
    window = int(time.time() // 60)
    name = f"webchat:rl:{scope}:{key}:{window}"
    if cache.add(name, 1, timeout=70):
        return limit >= 1
    try:
        count = cache.incr(name)
    except ValueError:  # expired between add and incr
        cache.add(name, 1, timeout=70)
        count = 1
    return count <= limit
