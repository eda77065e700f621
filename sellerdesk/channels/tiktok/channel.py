"""TikTok Shop (Partner API): webhooks for buyer messages and returns (docs/channels.md)."""

from __future__ import annotations

from sellerdesk.channels.base import Channel, ParseResult, PermanentSendError


class TikTokChannel(Channel):
    name = "tiktok"
    label = "TikTok Shop"
    receiver = "sellerdesk.channels.tiktok.receiver.TikTokReceiver"
    order_platform = "tiktok"

    def parse(self, raw) -> ParseResult:
        from sellerdesk.channels.tiktok.parse import parse_webhook

        return parse_webhook(raw)

    def send(self, account, message) -> str:
        from sellerdesk.channels.tiktok.client import TikTokClient

        key = message.conversation.thread_key
        if not key.startswith("tiktok:conv:"):
            # A return notice: there is no chat with the buyer to answer in.
            raise PermanentSendError("this conversation has no TikTok Shop chat; answer the return in Seller Center")
        if message.attachments.exists():
            # Images go through /images/upload first (not built here): refuse, never drop files silently.
            raise PermanentSendError("TikTok Shop replies from here carry text only: send the files in Seller Center")
        return TikTokClient(account).send_text(key.removeprefix("tiktok:conv:"), message.body_text)

    def check_connection(self, account) -> str:
        from sellerdesk.channels.tiktok.client import check_connection

        return check_connection(account)

    def can_look_up_orders(self) -> bool:
        from sellerdesk.channels.lookups import accounts_with_token

        return bool(accounts_with_token(self.name))

    def look_up_order(self, number: str, marketplace: str = "") -> None:
        from sellerdesk.channels.tiktok.orders import refresh_order

        refresh_order(number, marketplace=marketplace)
