"""Feed one captured delivery through its channel's real receiver and the pipeline, synchronously.

Used by `sellerdesk inbound`: a raw .eml for email; for the webhook channels a capture
{"headers": {...}, "body": "..."} as received over HTTP (the signature is checked unless
`trusted`) or a bare body, the bytes the platform POSTs (processed as trusted: see capturefile.py).
Every file that can be read is stored — processed, ignored, or failed with the reason — or found
to be a duplicate.
"""

from __future__ import annotations

import hashlib
import logging
import traceback
from pathlib import Path

from django.conf import settings

from sellerdesk.channels import pipeline
from sellerdesk.channels.base import MalformedDelivery
from sellerdesk.channels.capturefile import as_capture
from sellerdesk.channels.models import ChannelAccount, RawDelivery
from sellerdesk.channels.registry import CHANNELS, get_receiver, receivers
from sellerdesk.channels.webhooks import REJECTED_KEEP_BYTES, HttpDelivery, Outcome, receive, store_failed
from sellerdesk.conversations.models import Conversation, Event, Message
from sellerdesk.orders.models import Claim, Order


log = logging.getLogger(__name__)
BARE = "not checked: bare body"


class ReplayError(Exception):
    pass


def pick_account(channel: str, account_id: int | None) -> ChannelAccount:
    if channel not in CHANNELS:
        raise ReplayError(f"unknown channel {channel!r}; known: {', '.join(sorted(CHANNELS))}")
    accounts = ChannelAccount.objects.filter(kind=channel)
    if account_id is not None:
        account = accounts.filter(pk=account_id).first()
        if account is None:
            raise ReplayError(f"no {channel} account with id {account_id}")
        return account
    found = list(accounts.filter(is_active=True).order_by("pk")[:2])
    if len(found) != 1:
        raise ReplayError(f"{'no' if not found else 'more than one'} active {channel} account; name one with --account ID")
    return found[0]


def read_file(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise ReplayError("no such file") from None
    except IsADirectoryError:
        raise ReplayError("a directory, not a file") from None
    except OSError as exc:
        raise ReplayError(f"cannot be read: {exc.strerror or exc}") from None


def where(exc: BaseException) -> str:
    """An unexpected error in one line, with the place it was raised (no traceback on the console)."""
    frames = traceback.extract_tb(exc.__traceback__)
    place = f" (at {Path(frames[-1].filename).name}:{frames[-1].lineno})" if frames else ""
    return f"{type(exc).__name__}: {exc}{place}"


def receive_file(account: ChannelAccount, content: bytes, *, trusted: bool, topic: str) -> tuple[Outcome, str]:
    """Store a webhook channel's file (a capture or a bare body, capturefile.py); the outcome and
    what was done about the signature. Whatever the bytes, they are stored or a duplicate."""
    receiver = get_receiver(account.kind)
    if len(content) > settings.WEBHOOK_MAX_BYTES:
        # As over HTTP, too large to be a platform's delivery; kept like a rejected one: the start, size, digest.
        digest = hashlib.sha256(content).hexdigest()
        error = (f"too large: {len(content)} bytes, a delivery may have at most {settings.WEBHOOK_MAX_BYTES} "
                 f"(sha256 {digest}, first {REJECTED_KEEP_BYTES} bytes kept)")
        raw, created = pipeline.store_delivery(account, f"too-large:{digest[:40]}", content[:REJECTED_KEEP_BYTES],
                                               status=RawDelivery.Status.FAILED, error=error)
        return Outcome(400, raw, created, error), "not checked: too large"
    if not content.strip():
        return store_failed(account, HttpDelivery(body=content), "empty file: no body"), "not checked: empty file"
    capture = as_capture(content)
    if capture is not None:
        return receive(account, capture, trusted=trusted), "not checked: --trusted" if trusted else "checked"
    try:
        delivery = receiver.from_bare_body(content, topic=topic)
    except MalformedDelivery as exc:
        return store_failed(account, HttpDelivery(body=content), f"malformed: {exc}"), BARE
    return receive(account, delivery, trusted=True), BARE


def feed(channel: str, path: Path, *, account_id: int | None = None, trusted: bool = False, topic: str = "") -> dict:
    """Store and process the file's delivery; what it created (or the error) as a dict."""
    account = pick_account(channel, account_id)
    content = read_file(path)
    before = {m: m.objects.order_by("-pk").values_list("pk", flat=True).first() or 0 for m in (Conversation, Order, Claim, Event)}
    signature = None
    if channel == "email":
        from sellerdesk.channels.email.inbound import message_id_of

        raw, created = pipeline.store_delivery(account, message_id_of(content), content, channel="email")
        status_code, error = 200, ""
    elif channel in receivers():
        try:
            outcome, signature = receive_file(account, content, trusted=trusted, topic=topic)
        except Exception as exc:  # a receiver's bug must not lose the file: kept as failed, with where it broke
            log.warning("inbound %s: %s could not be read: %s", channel, path, where(exc))
            outcome = store_failed(account, HttpDelivery(body=content), f"could not be read: {where(exc)}")
            signature = "not checked: could not be read"
        raw, created, status_code, error = outcome.raw, outcome.created, outcome.status, outcome.error
    else:
        raise ReplayError(f"channel {channel!r} takes no captured deliveries")
    result = {"channel": channel, "account": account.pk, "http_status": status_code, "delivery": raw.pk if raw else None,
              "duplicate": bool(raw) and not created, "status": raw.status if raw else "", "error": error}
    if signature is not None:
        result["signature"] = signature
    if raw is None or status_code != 200:
        return result
    if created:
        try:
            pipeline.process(raw.pk)
        except Exception as exc:  # kept on the row, counted as an attempt, shown on the Problems page
            result["error"], result["crashed"] = where(exc), True
    raw.refresh_from_db()
    result["status"], result["error"] = raw.status, result["error"] or raw.error
    messages = Message.objects.filter(raw_delivery=raw).select_related("conversation").order_by("pk")
    result["messages"] = [{"id": m.pk, "external_id": m.external_id, "conversation": m.conversation_id, "sender": m.sender,
                           "text": m.body_text[:200]} for m in messages]
    conv_ids = sorted({m.conversation_id for m in messages})
    result["conversations"] = [
        {"id": c.pk, "new": c.pk > before[Conversation], "channel": c.channel, "subject": c.subject, "tier": c.tier,
         "deadline": c.next_deadline_at.isoformat() if c.next_deadline_at else None}
        for c in Conversation.objects.filter(pk__in=conv_ids).order_by("pk")
    ]
    touched = set(Event.objects.filter(kind__in=["order_created", "order_updated"], data__source=f"{raw.channel}:{raw.pk}")
                  .values_list("data__order_id", flat=True))
    touched |= set(Order.objects.filter(pk__gt=before[Order]).values_list("pk", flat=True))  # linked by a message
    result["orders"] = [
        {"id": o.pk, "new": o.pk > before[Order], "platform": o.platform, "number": o.number, "status": o.status,
         "tracking": [t.get("number") for t in o.tracking]}
        for o in Order.objects.filter(pk__in=touched).order_by("pk")
    ]
    result["claims"] = [
        {"id": c.pk, "kind": c.kind, "external_id": c.external_id, "respond_by": c.respond_by.isoformat() if c.respond_by else None}
        for c in Claim.objects.filter(pk__gt=before[Claim]).order_by("pk")
    ]
    # a bounce: our sent message it marked failed
    result["bounced"] = [
        {"message": e.data.get("message_id"), "conversation": e.conversation_id, "reason": e.data.get("reason", "")}
        for e in Event.objects.filter(pk__gt=before[Event], kind="message_bounced").order_by("pk")
    ]
    return result


def describe(result: dict) -> list[str]:
    """The result as lines for a person."""
    head = f"{result['channel']} delivery {result['delivery']}: {result['status'] or 'not stored'}"
    if result["duplicate"]:
        head += " (already received: nothing new)"
    lines = [head]
    if result.get("signature", "checked") != "checked":
        lines.append(f"  signature {result['signature']}")
    if result["error"]:
        lines.append(f"  error: {result['error']}")
    for c in result.get("conversations", []):
        lines.append(f"  conversation {c['id']}{' (new)' if c['new'] else ''}: {c['subject'] or '(no subject)'} · tier {c['tier']}"
                     + (f" · due {c['deadline']}" if c["deadline"] else ""))
    for m in result.get("messages", []):
        lines.append(f"  message {m['id']} from {m['sender']}: {m['text'][:80]!r}")
    for o in result.get("orders", []):
        lines.append(f"  order {o['platform']} {o['number']}{' (new)' if o['new'] else ' (updated)'}: {o['status'] or '-'}"
                     + (f" · tracking {', '.join(o['tracking'])}" if o["tracking"] else ""))
    for c in result.get("claims", []):
        lines.append(f"  claim {c['kind']} {c['external_id']}" + (f" · respond by {c['respond_by']}" if c["respond_by"] else ""))
    for b in result.get("bounced", []):
        lines.append(f"  our message {b['message']} in conversation {b['conversation']} marked failed")
    return lines
