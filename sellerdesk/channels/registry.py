"""Channel name -> channel implementation. Adding a channel touches only its folder and this table."""

from __future__ import annotations

from functools import cache

from django.utils.module_loading import import_string

from sellerdesk.channels.base import Channel

CHANNELS: dict[str, str] = {
    "email": "sellerdesk.channels.email.EmailChannel",
}


@cache
def get_channel(name: str) -> Channel:
    try:
        path = CHANNELS[name]
    except KeyError:
        raise KeyError(f"unknown channel {name!r}; known: {', '.join(sorted(CHANNELS))}") from None
    return import_string(path)()
