"""Machine-readable delivery reports: RFC 3464 delivery-status parts and Amazon SES notifications (JSON).

Both give, per recipient, what happened (Action: failed, delayed, delivered...), the status code
and the remote server's words; the first failed recipient is the one reported.
"""

from __future__ import annotations

import base64
import binascii
import json
import quopri
import re
from dataclasses import dataclass
from email.message import Message
from email.parser import HeaderParser

from sellerdesk.channels.email.headers import RAW_POLICY, message_ids
from sellerdesk.channels.email.mime import own_parts

FAILED, DELAYED, DELIVERED, COMPLAINED = "failed", "delayed", "delivered", "complained"
STATUS_PARTS = {"message/delivery-status", "message/global-delivery-status"}
_STATUS_CODE = re.compile(r"[245]\.\d{1,3}\.\d{1,3}")  # RFC 3463: class.subject.detail
_DONE_ACTIONS = {"delivered", "relayed", "expanded"}
_SPACES = re.compile(r"\s+")


@dataclass
class Report:
    outcome: str  # FAILED, DELAYED, DELIVERED or COMPLAINED (delivered, then reported as spam)
    status: str = ""  # "5.1.1"
    recipient: str = ""
    diagnostic: str = ""  # the remote server's words, as given ("smtp; 550 5.1.1 ... User unknown")
    original_id: str = ""  # the reported mail's Message-ID, when the report names it


def delivery_status(msg: Message) -> Report | None:
    """The report of the first delivery-status part that names a recipient (not one of an attached mail)."""
    for part in own_parts(msg):
        if part.get_content_type() not in STATUS_PARTS:
            continue
        blocks = _blocks(part)
        recipients = [b for b in blocks if _field(b, "Final-Recipient") or _field(b, "Original-Recipient")]
        if not recipients:
            continue
        actions = [_field(b, "Action").lower() for b in recipients]
        failed = [b for b, action in zip(recipients, actions) if action == "failed"]
        block = (failed or recipients)[0]
        status = _field(block, "Status").split(" ")[0]
        if not _STATUS_CODE.fullmatch(status):
            status = ""  # "Status: not a status" says nothing: the Action (or the default) decides
        if failed:
            outcome = FAILED
        elif actions and all(a == "delayed" for a in actions):
            outcome = DELAYED
        elif actions and all(a in _DONE_ACTIONS for a in actions):
            outcome = DELIVERED
        else:  # no usable Action: the status class says it
            outcome = {"2": DELIVERED, "4": DELAYED}.get(status[:1], FAILED)
        recipient = (_field(block, "Final-Recipient") or _field(block, "Original-Recipient")).split(";", 1)[-1]
        per_message = blocks[0] if blocks[0] is not block else None
        original = (_field(per_message, "Original-Message-ID") or _field(per_message, "X-Original-Message-ID")) if per_message else ""
        return Report(outcome=outcome, status=status, recipient=recipient.strip().strip("<>").lower(),
                      diagnostic=_field(block, "Diagnostic-Code"), original_id=next(iter(message_ids(original)), ""))
    return None


def ses_notification(msg: Message, text: str) -> Report | None:
    """An Amazon SES bounce, complaint or delivery notification sent by mail through SNS (a JSON body)."""
    if msg.get("X-Amz-Sns-Message-Id") is None and '"notificationType"' not in text[:4000]:
        return None
    data = _json_in(text)
    if isinstance(data, dict) and isinstance(data.get("Message"), str):
        data = _json_in(data["Message"])  # the SNS envelope wraps the SES notification as a string
    if not isinstance(data, dict):
        return None
    kind = str(data.get("notificationType") or data.get("eventType") or "")
    original = _ses_message_id(_dict(data.get("mail")))
    if kind == "Bounce":
        bounce = _dict(data.get("bounce"))
        first = _dict(next(iter(_list(bounce.get("bouncedRecipients"))), None))
        diagnostic = first.get("diagnosticCode") or f"{bounce.get('bounceType') or ''} {bounce.get('bounceSubType') or ''}"
        return Report(outcome=FAILED, status=str(first.get("status") or ""), recipient=str(first.get("emailAddress") or "").lower(),
                      diagnostic=str(diagnostic).strip(), original_id=original)
    if kind == "Delivery":
        recipients = _list(_dict(data.get("delivery")).get("recipients"))
        return Report(outcome=DELIVERED, recipient=str(next(iter(recipients), "")).lower(), original_id=original)
    if kind == "Complaint":
        recipients = [_dict(r).get("emailAddress") or "" for r in _list(_dict(data.get("complaint")).get("complainedRecipients"))]
        return Report(outcome=COMPLAINED, recipient=str(next(iter(recipients), "")).lower(), original_id=original)
    return None


def _dict(value) -> dict:
    return value if isinstance(value, dict) else {}


def _list(value) -> list:
    return value if isinstance(value, list) else []


def _blocks(part: Message) -> list[Message]:
    payload = part.get_payload()
    encoding = str(part.get("Content-Transfer-Encoding") or "").strip().lower()
    if isinstance(payload, list) and payload and encoding not in ("base64", "quoted-printable"):
        return payload
    # An encoded report part: the parser split the encoded text, not the fields. Decode, then split.
    if isinstance(payload, list):
        payload = "\n".join(str(block.get_payload() or "") if not block.keys() else block.as_string() for block in payload)
    try:
        if encoding == "base64":
            data = base64.b64decode(re.sub(r"[^A-Za-z0-9+/=]", "", str(payload)) + "==", validate=False)
        elif encoding == "quoted-printable":
            data = quopri.decodestring(str(payload).encode("ascii", "replace"))
        else:
            data = str(payload).encode("utf-8", "surrogateescape")
    except (ValueError, binascii.Error):
        return []
    text = data.decode("utf-8", "replace").replace("\r\n", "\n")
    return [HeaderParser(policy=RAW_POLICY).parsestr(block.strip() + "\n") for block in re.split(r"\n\s*\n", text) if block.strip()]


def _field(block: Message | None, name: str) -> str:
    if block is None:
        return ""
    return _SPACES.sub(" ", str(block.get(name) or "")).strip()


def _json_in(text: str):
    start, end = text.find("{"), text.rfind("}")
    if start < 0 or end <= start:
        return None
    try:
        return json.loads(text[start : end + 1])
    except (ValueError, RecursionError):
        return None


def _ses_message_id(mail: dict) -> str:
    common = _dict(mail.get("commonHeaders"))
    ids = message_ids(str(common.get("messageId") or ""))
    if ids:
        return ids[0]
    for header in _list(mail.get("headers")):
        if str(_dict(header).get("name", "")).lower() == "message-id":
            ids = message_ids(str(header.get("value") or ""))
            if ids:
                return ids[0]
    return ""
