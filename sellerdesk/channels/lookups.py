"""Fetch an order from its platform's API when a buyer's message names one we know nothing about.

A Shopify contact-form mail naming "#1234", an Amazon relay mail naming its order, an eBay
message or return naming its orderId, a TikTok Shop order card or return links the conversation
to an order row that may be an empty placeholder. If the platform's order API is configured (a
Shopify account with an Admin API token, an amazon_spapi account, an eBay or TikTok Shop account
with a refresh token), a task fetches the order after the message is committed. A failure is an `order_lookup_failed` event; the
conversation keeps its placeholder order.
"""

from __future__ import annotations

import logging

from django.db import transaction
from django_tasks import task

from sellerdesk.channels.base import InboundMessage, PermanentSendError, RetryableSendError
from sellerdesk.channels.models import ChannelAccount

log = logging.getLogger(__name__)


def accounts_with_token(kind: str, marketplace: str = "") -> list[ChannelAccount]:
    """Active accounts of `kind` holding a refresh or access token (what the eBay and TikTok Shop
    order APIs need), the marketplace's first."""
    usable = []
    for account in ChannelAccount.objects.filter(kind=kind, is_active=True).order_by("pk"):
        try:
            creds = account.credentials
        except ValueError:  # encrypted with another key
            continue
        if creds.get("access_token") or creds.get("refresh_token"):
            usable.append(account)
    return sorted(usable, key=lambda a: not (marketplace and a.marketplace.upper() == marketplace.upper()))


def _needs_lookup(platform: str, number: str) -> bool:
    from sellerdesk.orders.models import Order

    order = Order.objects.filter(platform=platform, number=number).first()
    return order is None or not (order.items or order.external_id or order.status)


def _can_look_up(platform: str) -> bool:
    from sellerdesk.channels.registry import for_order_platform

    channel = for_order_platform(platform)
    return channel is not None and channel.can_look_up_orders()


def after_receive(msg: InboundMessage, memo: dict | None = None) -> None:
    """Called for each received message inside the pipeline's transaction. `memo` keeps, for the
    messages of one batch, whether each platform has an account that can look orders up."""
    platform, number = msg.order_platform, msg.order_number
    if not number:
        return
    memo = {} if memo is None else memo
    if platform not in memo:
        memo[platform] = _can_look_up(platform)
    if not memo[platform]:
        return
    if _needs_lookup(platform, number):
        marketplace = msg.marketplace
        transaction.on_commit(lambda: lookup_order.enqueue(platform, number, marketplace))


@task()
def lookup_order(platform: str, number: str, marketplace: str = "") -> str:
    return run_lookup(platform, number, marketplace)


def run_lookup(platform: str, number: str, marketplace: str = "") -> str:
    from sellerdesk.channels.registry import for_order_platform
    from sellerdesk.conversations.events import record

    channel = for_order_platform(platform)
    try:
        if channel is None:
            raise PermanentSendError(f"no channel looks up {platform} orders")
        channel.look_up_order(number, marketplace=marketplace)
    except (PermanentSendError, RetryableSendError) as exc:
        log.warning("order lookup %s %s failed: %s", platform, number, exc)
        with transaction.atomic():
            record("order_lookup_failed", platform=platform, number=number, error=str(exc))
        return "failed"
    return "found"
