"""Raw RFC 5322 bytes -> normalised inbound messages.

Order of questions: is it a mail at all (else MalformedDelivery), a bounce
(before any sender is required: bounces come from the null sender), who wrote
it (From, else Sender, Reply-To, Return-Path; an auto-reply without one is
ignored, anything else without one is MalformedDelivery), an Amazon Seller
Central notification, an auto-reply, an Amazon or Walmart relay buyer message;
what is left is a person's mail. The pieces live next door: mime (parts,
charsets, attachments), senders, quotes (new text), bounce, autoreply, amazon
(relay), notifications (claims).
"""

from __future__ import annotations

import email
import hashlib
from email import policy
from email.parser import BytesHeaderParser

from sellerdesk.channels.base import InboundMessage, ParseResult
from sellerdesk.channels.email import amazon, autoreply, bounce, mime, notifications, quotes, senders
from sellerdesk.channels.walmart import relay as walmart
from sellerdesk.channels.email.headers import RAW_POLICY, message_ids, parse_date
from sellerdesk.channels.shopify import contactform as shopify_form
from sellerdesk.lib import clock


def message_id_of(raw: bytes, headers=None) -> str:
    """The dedupe key of a mail: its Message-ID, or a hash of Date+From+Subject+body prefix.

    `headers`: the mail already parsed with RAW_POLICY (its headers are what a header-only
    parse reads), so that parsing a mail does not read its headers twice."""
    if headers is None:
        headers = BytesHeaderParser(policy=RAW_POLICY).parsebytes(raw)
    mid = str(headers.get("Message-ID") or "").encode("ascii", "surrogateescape").decode("utf-8", "replace")
    mid = " ".join(mid.split())
    if mid:
        return mid
    msg = email.message_from_bytes(raw, policy=policy.compat32)
    digest = hashlib.sha256()
    for part in (msg.get("Date", ""), msg.get("From", ""), msg.get("Subject", "")):
        digest.update(str(part).encode("utf-8", "replace") + b"\0")
    digest.update(raw[-2048:])
    return f"<sha256-{digest.hexdigest()[:40]}@sellerdesk.missing-id>"


def parse_email(raw: bytes, account=None) -> ParseResult:
    mail = mime.read(raw)
    msg = mail.msg
    subject = mail.header("Subject")
    found = senders.read(msg, mail.hdr)

    if bounce.is_bounce(mail, subject, found):
        report = bounce.read_bounce(mail, subject, found)
        return ParseResult(ignored_reason=report.reason, bounced_message_id=report.original_message_id if report.failed else "")

    if bounce.is_system_notice(found):
        return ParseResult(ignored_reason=autoreply.reason(msg, subject) or "auto-reply: mail system notice")
    from_name, from_addr = found.writer.name, found.writer.address
    if not from_addr:
        ignored = autoreply.reason(msg, subject)
        if ignored:
            return ParseResult(ignored_reason=ignored)
        raise found.refusal()
    if found.writer_header != "From":
        mail.flag(senders.SENDER_FALLBACK)

    sent_at = parse_date(mail.raw_header("Date"))
    message = InboundMessage(
        external_id=message_id_of(raw, msg),
        channel="email",
        sender=from_addr,
        sender_name=from_name,
        recipients=[addr for _, addr in mail.hdr.addresses(msg.get("To")) + mail.hdr.addresses(msg.get("Cc"))],
        subject=subject,
        body_full=mail.text.strip(),
        body_html=mail.html,
        sent_at=sent_at,
        in_reply_to=next(iter(message_ids(mail.raw_header("In-Reply-To"))), ""),
        references=message_ids(mail.raw_header("References")),
        attachments=mail.attachments,
    )

    if notifications.is_notification_sender(from_addr):
        notice = notifications.read_notice(from_addr, subject, mail.text, sent_at or clock.now(), message.external_id)
        if notice is not None:
            _as_notice(message, notice, from_name)
            message.flags = mail.final_flags()
            return ParseResult(messages=[message])

    reply_to = mail.hdr.address(msg.get("Reply-To"))
    relay_address = next((a for a in (from_addr, reply_to[1]) if amazon.is_relay(a)), "")
    walmart_address = next((a for a in (from_addr, reply_to[1]) if walmart.is_relay(a)), "")
    ignored = autoreply.reason(msg, subject, relay=bool(relay_address or walmart_address))
    if ignored:
        return ParseResult(ignored_reason=ignored)

    if relay_address:
        _as_relay(message, amazon.read_relay(relay_address, from_name, subject, mail.text))
        message.body_text = quotes.new_text(amazon.buyer_text(mail.text))
    elif walmart_address:
        _as_walmart(message, walmart.read_relay(walmart_address, from_name, subject, mail.text))
        message.body_text = quotes.new_text(mail.text)
    else:
        # Reply-To first (contact forms and helpdesks send "from" themselves), then the list's original sender.
        name, addr = reply_to if reply_to[1] else mail.hdr.address(msg.get("X-Original-From"))
        if addr:
            message.sender, message.sender_name = addr, name or (from_name if addr == from_addr else "")
        message.identities = [("email", message.sender)]
        message.body_text = quotes.new_text(mail.text)
        if shopify_form.is_contact_form(from_addr):
            message.order_number = shopify_form.order_number_in(message.body_text)
            message.order_platform = "shopify" if message.order_number else ""
    message.flags = mail.final_flags()
    return ParseResult(messages=[message])


def _as_relay(message: InboundMessage, relay: amazon.Relay) -> None:
    message.channel = "amazon"
    message.order_platform = "amazon"
    message.sender = relay.alias
    message.sender_name = relay.buyer_name
    message.marketplace = relay.marketplace
    message.order_number = relay.order_number
    message.thread_key = relay.thread_key
    message.identities = [("amazon_buyer", relay.alias)]


def _as_walmart(message: InboundMessage, relay: walmart.Relay) -> None:
    # Replies go back through the relay address, so it is the buyer's identity.
    message.channel = "walmart"
    message.order_platform = "walmart"
    message.sender = relay.address
    message.sender_name = relay.buyer_name
    message.order_number = relay.order_number
    message.thread_key = relay.thread_key
    message.identities = [("email", relay.address)]


def _as_notice(message: InboundMessage, notice: notifications.Notice, from_name: str) -> None:
    message.channel = "amazon"
    message.order_platform = "amazon"
    message.sender_name = notice.buyer_name or from_name
    message.marketplace = notice.marketplace
    message.order_number = notice.order_number
    message.thread_key = notice.thread_key
    message.claim = notice.claim
    message.is_automated = True
    message.body_text = quotes.new_text(message.body_full)
    # The notice names the buyer at most, never a way to reach them: no identity.
    message.identities = []
