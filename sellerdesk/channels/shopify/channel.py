"""Shopify: order, fulfillment, refund, return and dispute webhooks (docs/channels.md).

Shopify has no customer-messaging API: buyers write to the store mailbox (the email channel),
and replies on Shopify conversations go out by email (replies.py).
"""

from __future__ import annotations

from sellerdesk.channels.base import Channel, ParseResult


class ShopifyChannel(Channel):
    name = "shopify"
    label = "Shopify"
    receiver = "sellerdesk.channels.shopify.receiver.ShopifyReceiver"
    order_platform = "shopify"

    def parse(self, raw) -> ParseResult:
        from sellerdesk.channels.shopify.parse import parse_webhook

        return parse_webhook(raw)

    def send(self, account, message) -> str:
        # No messaging API: replies go out by email from the mailbox the account names.
        from sellerdesk.channels.shopify.replies import send_by_email

        return send_by_email(account, message)

    def check_connection(self, account) -> str:
        from sellerdesk.channels.shopify.client import check_connection

        return check_connection(account)

    def can_look_up_orders(self) -> bool:
        from sellerdesk.channels.shopify.orders import lookup_account

        return lookup_account() is not None

    def look_up_order(self, number: str, marketplace: str = "") -> None:
        from sellerdesk.channels.shopify.orders import look_up_order

        look_up_order(number)
