"""Shopify: order, fulfillment, refund, return and dispute webhooks (docs/channels.md).

Shopify has no customer-messaging API: buyers write to the store mailbox (the email channel).
"""

from __future__ import annotations

from sellerdesk.channels.base import Channel, ParseResult, PermanentSendError


class ShopifyChannel(Channel):
    name = "shopify"
    label = "Shopify"

    def parse(self, raw) -> ParseResult:
        from sellerdesk.channels.shopify.parse import parse_webhook

        return parse_webhook(raw)

    def send(self, account, message) -> str:
        # Replies to Shopify buyers go out by email from the store mailbox.
        raise PermanentSendError("Shopify has no messaging API; reply from the store's email account")
