"""Channel name -> channel implementation: the one table that names channels.

Adding a channel is one folder, sellerdesk/channels/<name>/ (docs/channels.md, "How to add a
channel"), and one line here. What a channel has is read from its Channel class and its folder:
- a webhook receiver: `Channel.receiver` (POST /hooks/<name>/<account id>/);
- a set-up page: `<folder>/urls.py` (included under /channels/<name>/ by channels/urls.py);
- templates: `<folder>/templates/` (channels/templateloader.py);
- "Test connection" and order lookups: methods of the Channel class.
"""

from __future__ import annotations

import importlib
import importlib.util
from functools import cache
from pathlib import Path

from django.utils.module_loading import import_string

from sellerdesk.channels.base import Channel

CHANNELS: dict[str, str] = {
    "email": "sellerdesk.channels.email.channel.EmailChannel",
    "shopify": "sellerdesk.channels.shopify.channel.ShopifyChannel",
    "ebay": "sellerdesk.channels.ebay.channel.EbayChannel",
    "tiktok": "sellerdesk.channels.tiktok.channel.TikTokChannel",
    "amazon_spapi": "sellerdesk.channels.amazon_spapi.channel.SpApiChannel",
    "wechat": "sellerdesk.channels.wechat.channel.WeChatChannel",
    "line": "sellerdesk.channels.line.channel.LineChannel",
    "whatsapp": "sellerdesk.channels.whatsapp.channel.WhatsAppChannel",
    "webchat": "sellerdesk.channels.webchat.channel.WebchatChannel",
    "messenger": "sellerdesk.channels.messenger.channel.MessengerChannel",
    "instagram": "sellerdesk.channels.instagram.channel.InstagramChannel",
}


@cache
def get_channel(name: str) -> Channel:
    try:
        path = CHANNELS[name]
    except KeyError:
        raise KeyError(f"unknown channel {name!r}; known: {', '.join(sorted(CHANNELS))}") from None
    return import_string(path)()


def channels() -> list[Channel]:
    return [get_channel(name) for name in CHANNELS]


def inbox_channels() -> list[str]:
    """Names of the channels that bring conversations (not API-only integrations)."""
    return [c.name for c in channels() if c.in_inbox]


def receivers() -> list[str]:
    """Names of the channels that take HTTP webhooks."""
    return [c.name for c in channels() if c.receiver]


@cache
def get_receiver(name: str):
    path = get_channel(name).receiver if name in CHANNELS else ""
    if not path:
        raise KeyError(f"channel {name!r} has no webhook receiver; these do: {', '.join(sorted(receivers()))}")
    return import_string(path)()


def package(name: str) -> str:
    """The dotted name of the channel's folder ("sellerdesk.channels.shopify")."""
    module = CHANNELS[name].rsplit(".", 1)[0]
    return module if importlib.util.find_spec(module).submodule_search_locations is not None else module.rsplit(".", 1)[0]


def folder(name: str) -> Path:
    return Path(importlib.util.find_spec(package(name)).origin).parent


def has_module(name: str, module: str) -> bool:
    return (folder(name) / f"{module}.py").is_file()


def setup_channels() -> list[str]:
    """Names of the channels with a set-up page (a urls.py in their folder)."""
    return [name for name in CHANNELS if has_module(name, "urls")]


def for_order_platform(platform: str) -> Channel | None:
    """The channel that looks up orders of `platform` (Order.platform), if any."""
    return next((c for c in channels() if c.order_platform == platform), None)
