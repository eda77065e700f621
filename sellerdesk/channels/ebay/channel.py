"""eBay: Notification API webhooks — member messages, returns, item-not-received inquiries, cases —
and replies through the Message API (docs/channels.md)."""

from __future__ import annotations

from sellerdesk.channels.base import Channel, ParseResult, PermanentSendError


class EbayChannel(Channel):
    name = "ebay"
    label = "eBay"
    receiver = "sellerdesk.channels.ebay.receiver.EbayReceiver"
    order_platform = "ebay"

    def parse(self, raw) -> ParseResult:
        from sellerdesk.channels.ebay.parse import parse_notification

        return parse_notification(raw)

    def send(self, account, message) -> str:
        from sellerdesk.channels.ebay.client import EbayClient

        if message.attachments.exists():
            # messageMedia needs eBay-hosted images (an upload API not built here): refuse, never drop files silently.
            raise PermanentSendError("eBay replies from here carry text only: send the files in eBay Messages")
        conversation_id, username, reference = reply_target(message)
        return EbayClient(account).send_message(message.body_text, conversation_id=conversation_id, username=username,
                                                reference=reference)

    def check_connection(self, account) -> str:
        from sellerdesk.channels.ebay.client import check_connection

        return check_connection(account)

    def can_look_up_orders(self) -> bool:
        from sellerdesk.channels.lookups import accounts_with_token

        return bool(accounts_with_token(self.name))

    def look_up_order(self, number: str, marketplace: str = "") -> None:
        from sellerdesk.channels.ebay.orders import refresh_order

        refresh_order(number, marketplace=marketplace)


def reply_target(message) -> tuple[str, str, dict | None]:
    """(eBay conversation id, buyer username, reference) for a reply: the thread's own eBay
    conversation when a buyer message named one, else a new one with the buyer about the order or item."""
    import json

    key = message.conversation.thread_key
    if key.startswith("ebay:conv:"):
        return key.removeprefix("ebay:conv:"), "", None
    recent = list(message.conversation.messages.filter(direction="in", raw_delivery__isnull=False)
                  .select_related("raw_delivery").order_by("-id")[:10])
    for inbound in recent:  # the newest buyer message that came with an eBay conversation id
        try:
            data = json.loads(bytes(inbound.raw_delivery.body))["notification"]["data"]
        except (ValueError, KeyError, TypeError):
            continue
        if isinstance(data, dict) and data.get("conversationId"):
            return str(data["conversationId"]), "", None
    username = (message.recipients or [""])[0] or (recent[0].sender if recent else "")
    if key.startswith("ebay:order:"):
        return "", username, {"referenceId": key.removeprefix("ebay:order:"), "referenceType": "ORDER"}
    if key.startswith("ebay:item:"):
        return "", username, {"referenceId": key.split(":")[2], "referenceType": "LISTING"}
    return "", username, None
