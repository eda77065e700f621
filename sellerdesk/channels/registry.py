"""Channel name -> channel implementation. Adding a channel touches only its folder and this table."""

from __future__ import annotations

from functools import cache

from django.utils.module_loading import import_string

from sellerdesk.channels.base import Channel

CHANNELS: dict[str, str] = {
    "email": "sellerdesk.channels.email.EmailChannel",
    "shopify": "sellerdesk.channels.shopify.ShopifyChannel",
    "ebay": "sellerdesk.channels.ebay.EbayChannel",
    "tiktok": "sellerdesk.channels.tiktok.TikTokChannel",
    "webchat": "sellerdesk.channels.webchat.channel.WebchatChannel",
}

# Channels that receive HTTP webhooks at /hooks/<channel>/<account id>/ (docs/channels.md).
RECEIVERS: dict[str, str] = {
    "shopify": "sellerdesk.channels.shopify.receiver.ShopifyReceiver",
    "ebay": "sellerdesk.channels.ebay.receiver.EbayReceiver",
    "tiktok": "sellerdesk.channels.tiktok.receiver.TikTokReceiver",
}


@cache
def get_channel(name: str) -> Channel:
    try:
        path = CHANNELS[name]
    except KeyError:
        raise KeyError(f"unknown channel {name!r}; known: {', '.join(sorted(CHANNELS))}") from None
    return import_string(path)()


@cache
def get_receiver(name: str):
    try:
        path = RECEIVERS[name]
    except KeyError:
        raise KeyError(f"channel {name!r} has no webhook receiver; these do: {', '.join(sorted(RECEIVERS))}") from None
    return import_string(path)()
