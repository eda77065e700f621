"""TikTok Shop (Partner API): webhooks for buyer messages and returns (docs/channels.md)."""

from __future__ import annotations

from sellerdesk.channels.base import Channel, ParseResult, PermanentSendError


class TikTokChannel(Channel):
    name = "tiktok"
    label = "TikTok Shop"

    def parse(self, raw) -> ParseResult:
        from sellerdesk.channels.tiktok.parse import parse_webhook

        return parse_webhook(raw)

    def send(self, account, message) -> str:
        # The Customer Service API client is not built yet; see docs/channels.md.
        raise PermanentSendError("TikTok Shop replies are not supported yet: answer in the Seller Center chat")
