"""eBay: Notification API webhooks — member messages, returns, item-not-received inquiries, cases (docs/channels.md)."""

from __future__ import annotations

from sellerdesk.channels.base import Channel, ParseResult, PermanentSendError


class EbayChannel(Channel):
    name = "ebay"
    label = "eBay"

    def parse(self, raw) -> ParseResult:
        from sellerdesk.channels.ebay.parse import parse_notification

        return parse_notification(raw)

    def send(self, account, message) -> str:
        # The Message API client (send_message) is not built yet; see docs/channels.md.
        raise PermanentSendError("eBay replies are not supported yet: answer in eBay Messages or the Resolution Centre")
