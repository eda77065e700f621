"""Delivery failure reports (DSN, RFC 3464) and the Message-ID of our mail that bounced.

A bounce is never a buyer's reply: it is ignored, and the pipeline marks our
original message failed using the id found here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from email.message import Message
from email.parser import HeaderParser

from sellerdesk.channels.email.headers import RAW_POLICY, message_ids

_STATUS = re.compile(r"\b([245]\.\d{1,3}\.\d{1,3})\b")
_SMTP_CODE = re.compile(r"\b([45]\d\d)[ -]")
_RECIPIENT_LINE = re.compile(r"^\s*<?([^\s<>@]+@[^\s<>@:]+)>?:\s*$", re.MULTILINE)
_COPIED_MESSAGE_ID = re.compile(r"^Message-ID:\s*(<[^<>\s]+>)", re.MULTILINE | re.IGNORECASE)
_DAEMONS = {"mailer-daemon", "postmaster"}


@dataclass
class Bounce:
    status: str
    recipient: str
    original_message_id: str
    delayed: bool = False

    @property
    def reason(self) -> str:
        parts = ["bounce:", self.status, self.recipient, "(delayed)" if self.delayed else ""]
        return " ".join(p for p in parts if p)


def is_bounce(msg: Message, from_address: str) -> bool:
    report = msg.get_content_type() == "multipart/report" and str(msg.get_param("report-type") or "").lower() == "delivery-status"
    return report or from_address.split("@")[0] in _DAEMONS or msg.get("X-Failed-Recipients") is not None


def read_bounce(msg: Message, text: str) -> Bounce:
    status, recipient, delayed = _delivery_status(msg)
    if not status:
        found = _STATUS.search(text) or _SMTP_CODE.search(text)
        status = found.group(1) if found else "failed"
    if not recipient:
        failed = " ".join(str(msg.get("X-Failed-Recipients") or "").split())
        found = _RECIPIENT_LINE.search(text)
        recipient = failed.split(",")[0].strip() or (found.group(1) if found else "")
    return Bounce(status=status, recipient=recipient.lower(), original_message_id=_original_id(msg, text), delayed=delayed)


def _delivery_status(msg: Message) -> tuple[str, str, bool]:
    """(status, recipient, delayed) from the first per-recipient block of a message/delivery-status part."""
    for part in msg.walk():
        if part.get_content_type() != "message/delivery-status":
            continue
        blocks = part.get_payload()
        if not isinstance(blocks, list):
            blocks = [HeaderParser(policy=RAW_POLICY).parsestr(str(blocks))]
        recipients = [b for b in blocks if b.get("Final-Recipient") or b.get("Original-Recipient")]
        if not recipients:
            continue
        failed = [b for b in recipients if str(b.get("Action") or "").strip().lower() == "failed"]
        block = (failed or recipients)[0]
        status = str(block.get("Status") or "").split()
        rcpt = str(block.get("Final-Recipient") or block.get("Original-Recipient") or "")
        rcpt = rcpt.split(";", 1)[-1].strip().strip("<>")
        delayed = not failed and all(str(b.get("Action") or "").strip().lower() == "delayed" for b in recipients)
        return (status[0] if status else ""), rcpt, delayed
    return "", "", False


def _original_id(msg: Message, text: str) -> str:
    for part in msg.walk():
        ctype = part.get_content_type()
        if ctype == "message/rfc822" and isinstance(part.get_payload(), list) and part.get_payload():
            ids = message_ids(str(part.get_payload(0).get("Message-ID") or ""))
            if ids:
                return ids[0]
        elif ctype == "text/rfc822-headers":
            payload = part.get_payload(decode=True) or b""
            headers = HeaderParser(policy=RAW_POLICY).parsestr(payload.decode("ascii", "surrogateescape"))
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
