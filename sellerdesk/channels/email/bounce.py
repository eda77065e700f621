"""Delivery failure reports and the Message-ID of our mail that bounced.

A bounce is never a buyer's reply: it is ignored, and the pipeline marks our original message
failed with the status and the reason read here. It is recognised before the sender is looked
at, because bounces often come from the null sender (`<>`, `MAILER-DAEMON <>`) or a bare
`mailer-daemon` with no address at all. Signs, strongest first:

- a delivery-status report (RFC 3464) or an Amazon SES notification; X-Failed-Recipients;
- a null or mail-system From, with any word, code or attachment of failure (not an out-of-office);
- a bounce subject, with a mail system's own wording, the attached original or a machine sign;
- a bounce's words (bouncetext.py), with a machine sign: null Return-Path, no sender at all, the
  original's headers attached or copied into the text, Auto-Submitted.

Mails attached to the mail are not looked into: a buyer forwarding a bounce they got wrote a
buyer's mail. Read receipts and abuse reports are never bounces: our mail arrived.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from email.message import Message
from email.parser import BytesHeaderParser

from sellerdesk.channels.email import autoreply, bouncetext, dsn
from sellerdesk.channels.email.headers import RAW_POLICY, message_ids
from sellerdesk.channels.email.mime import Mail, own_parts
from sellerdesk.channels.email.senders import Senders

_ORIGINAL_PARTS = {"message/rfc822", "message/global"}
_HEADER_PARTS = {"text/rfc822-headers", "message/rfc822-headers", "message/global-headers", "text/rfc822"}
_COPIED_MESSAGE_ID = re.compile(r"^[ \t>]*Message-ID:[ \t]*(?:\r?\n[ \t]+)?(<[^<>\s]+>)", re.MULTILINE | re.IGNORECASE)


@dataclass
class Bounce:
    outcome: str  # dsn.FAILED, DELAYED, DELIVERED or COMPLAINED
    status: str
    recipient: str
    reason_text: str  # the remote server's words, shortened
    original_message_id: str

    @property
    def failed(self) -> bool:
        return self.outcome == dsn.FAILED

    @property
    def reason(self) -> str:
        """What the delivery (and, when it failed, our message) shows: 'bounce: 5.1.1 a@b.example — User unknown'."""
        head = "bounce:" if self.outcome in (dsn.FAILED, dsn.DELAYED) else "delivery report:"
        parts = [head, self.status[:40], self.recipient[:200]]
        if self.outcome != dsn.FAILED:
            parts.append(f"({self.outcome})")
        text = " ".join(p for p in parts if p)
        return f"{text} — {self.reason_text}" if self.reason_text else text


def is_bounce(mail: Mail, subject: str, senders: Senders) -> bool:
    msg = mail.msg
    report_type = str(msg.get_param("report-type") or "").lower() if msg.get_content_type() == "multipart/report" else ""
    if report_type and report_type != "delivery-status":
        return False  # a read receipt or an abuse report: our mail arrived (autoreply.py ignores these)
    if report_type or msg.get("X-Failed-Recipients") is not None or _has_part(msg, dsn.STATUS_PARTS):
        return True
    if dsn.ses_notification(msg, mail.text) is not None:
        return True
    says = bouncetext.subject_says_bounce(subject)
    own_words = bouncetext.notice_is_a_bounce(mail.text)
    if senders.from_is_machine():
        # A mail system's own mail reports a failure when it says so anywhere; an out-of-office
        # sent from the null sender, or a notice naming no failure, is not a bounce (see is_system_notice).
        if autoreply.is_personal_autoreply(msg, subject) and not (says or own_words):
            return False
        return (says or bouncetext.notice_speaks_of_bounce(mail.text) or _has_part(msg, _ORIGINAL_PARTS | _HEADER_PARTS)
                or bool(bouncetext.status_in(bouncetext.notice(mail.text))))
    # Only a machine sends these: the original's headers alone, no sender or the null one, raw copied headers.
    machine = (_has_part(msg, _HEADER_PARTS) or senders.return_path_is_null() or not senders.writer_header
               or bool(_COPIED_MESSAGE_ID.search(mail.text)))
    if says and (own_words or machine or _has_part(msg, _ORIGINAL_PARTS)):
        return True
    submitted = str(msg.get("Auto-Submitted") or "").strip().lower()
    automated = machine or (bool(submitted) and not submitted.startswith("no"))
    return automated and bouncetext.notice_speaks_of_bounce(mail.text)


def is_system_notice(senders: Senders) -> bool:
    """Mail from the null sender or a mail system that reports no failure: ignored, nothing failed."""
    return senders.from_is_machine() or (not senders.writer_header and senders.return_path_is_null())


def read_bounce(mail: Mail, subject: str, senders: Senders) -> Bounce:
    msg, text = mail.msg, mail.text
    report = dsn.delivery_status(msg) or dsn.ses_notification(msg, text)
    if report is None:  # a notice written for people only
        if bouncetext.seems_delivered(subject):
            report = dsn.Report(outcome=dsn.DELIVERED)
        else:
            report = dsn.Report(outcome=dsn.DELAYED if bouncetext.seems_delayed(subject, text) else dsn.FAILED)
    diagnostic = report.diagnostic or bouncetext.diagnostic_line(text)
    status = report.status
    detailed = bouncetext.status_in(diagnostic)
    if not status or (status.endswith(".0.0") and "." in detailed):  # "5.0.0" says less than the server's "5.1.1"
        status = detailed or status or bouncetext.status_in(bouncetext.notice(text)) or ("failed" if report.outcome == dsn.FAILED else "")
    recipient = (report.recipient or _failed_recipients(msg) or bouncetext.recipient_in(text, _own_addresses(mail, senders))
                 or _original_recipient(mail))
    return Bounce(outcome=report.outcome, status=status, recipient=recipient, reason_text=bouncetext.reason_of(diagnostic),
                  original_message_id=report.original_id or _original_id(msg, text))


def _has_part(msg: Message, types: set[str]) -> bool:
    return any(part.get_content_type() in types for part in own_parts(msg))


def _failed_recipients(msg: Message) -> str:
    failed = " ".join(str(msg.get("X-Failed-Recipients") or "").split())
    return failed.split(",")[0].strip().strip("<>").lower()


def _own_addresses(mail: Mail, senders: Senders) -> set[str]:
    """Addresses on the bounce itself (us, the mail system): never the one that failed."""
    own = {box.address for box in senders.boxes.values() if box.address}
    for name in ("To", "Cc", "Delivered-To", "X-Original-To"):
        own.update(addr for _, addr in mail.hdr.addresses(mail.msg.get(name)))
    return own


def _originals(msg: Message) -> list[Message]:
    """The headers of the reported mail, from each attached original or headers part."""
    found = []
    for part in own_parts(msg):
        ctype = part.get_content_type()
        if ctype not in _ORIGINAL_PARTS and ctype not in _HEADER_PARTS:
            continue
        payload = part.get_payload()
        if isinstance(payload, list) and payload and isinstance(payload[0], Message):
            found.append(payload[0])
            continue
        try:
            data = part.get_payload(decode=True)
        except Exception:  # an attached original too damaged to decode
            continue
        if isinstance(data, bytes) and data.strip():
            found.append(BytesHeaderParser(policy=RAW_POLICY).parsebytes(data.lstrip()[:65536]))
    return found


def _original_id(msg: Message, text: str) -> str:
    """Our Message-ID: from the attached original or its headers, a copied Message-ID line, then
    the bounce's own In-Reply-To / References."""
    for headers in _originals(msg):
        ids = message_ids(str(headers.get("Message-ID") or ""))
        if ids:
            return ids[0]
    copied = _COPIED_MESSAGE_ID.search(text)
    if copied:
        return copied.group(1)
    in_reply_to = message_ids(str(msg.get("In-Reply-To") or ""))
    if in_reply_to:
        return in_reply_to[0]
    references = message_ids(str(msg.get("References") or ""))
    return references[-1] if references else ""


def _original_recipient(mail: Mail) -> str:
    """The To of the reported mail: the notice named nobody (old Exchange names only 'Ann Lee')."""
    for headers in _originals(mail.msg):
        _, address = mail.hdr.address(headers.get("To"))
        if address:
            return address
    return ""
