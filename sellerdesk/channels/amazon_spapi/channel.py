"""Amazon SP-API as a channel: no conversations of its own (buyer messages come and go through the
mail relay, channels/email/amazon.py); it looks up Amazon orders, sends the permitted proactive
messages and review requests (actions.py), and has a set-up page with "Test connection"."""

from __future__ import annotations

from sellerdesk.channels.base import Channel, ParseResult, PermanentSendError


class SpApiChannel(Channel):
    name = "amazon_spapi"
    label = "Amazon SP-API"
    order_platform = "amazon"
    in_inbox = False

    def parse(self, raw) -> ParseResult:
        return ParseResult(ignored_reason="Amazon SP-API sends no deliveries here")

    def send(self, account, message) -> str:
        raise PermanentSendError("Amazon buyer messages are answered through the mail relay (the email account)")

    def check_connection(self, account) -> str:
        from sellerdesk.channels.amazon_spapi.client import check_connection

        return check_connection(account)

    def can_look_up_orders(self) -> bool:
        from sellerdesk.channels.models import ChannelAccount

        return ChannelAccount.objects.filter(kind=self.name, is_active=True).exists()

    def look_up_order(self, number: str, marketplace: str = "") -> None:
        from sellerdesk.channels.amazon_spapi.actions import refresh_order

        refresh_order(number, marketplace=marketplace)
