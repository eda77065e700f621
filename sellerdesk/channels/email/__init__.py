from __future__ import annotations

from sellerdesk.channels.base import Channel, ParseResult


class EmailChannel(Channel):
    name = "email"
    label = "Email"

    def parse(self, raw) -> ParseResult:
        from sellerdesk.channels.email.inbound import parse_email

        return parse_email(bytes(raw.body), account=raw.account)

    def send(self, account, message) -> str:
        from sellerdesk.channels.email.outbound import send_email_reply

        return send_email_reply(account, message)
