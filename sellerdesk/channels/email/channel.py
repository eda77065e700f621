"""The email channel: mail read by IMAP (imap.py) and parsed (inbound.py), replies sent by SMTP (outbound.py)."""

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

    def check_connection(self, account) -> str:
        from sellerdesk.channels.connectiontest import Failed
        from sellerdesk.channels.email.connection import test_connection

        ok, text = test_connection(account)
        if not ok:
            raise Failed(text)
        return text
