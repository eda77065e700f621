"""Feed one captured delivery through its channel's real receiver and the pipeline, synchronously.

Used by `sellerdesk inbound`: a raw .eml for email, or {"headers": {...}, "body": "..."} as
received over HTTP for the webhook channels — or just the JSON object the platform POSTs (a bare
body: no headers, so only with `trusted`). The signature is checked unless `trusted`.
"""

from __future__ import annotations

import json
from pathlib import Path

from sellerdesk.channels import pipeline
from sellerdesk.channels.models import ChannelAccount
from sellerdesk.channels.registry import CHANNELS, receivers
from sellerdesk.channels.webhooks import HttpDelivery, receive
from sellerdesk.conversations.models import Conversation, Event, Message
from sellerdesk.orders.models import Claim, Order


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


def read_capture(path: Path) -> HttpDelivery:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise ReplayError(f"{path}: not a JSON capture {{\"headers\": {{...}}, \"body\": \"...\"}}: {exc}") from None
    if isinstance(data, dict) and "body" not in data and "headers" not in data:
        # The bare JSON the platform POSTs (a payload from another tool or test suite): no headers,
        # so no signature — it is rejected unless --trusted.
        return HttpDelivery(body=path.read_bytes())
    if not isinstance(data, dict) or not isinstance(data.get("headers", {}), dict) or not isinstance(data.get("body"), str):
        raise ReplayError(f"{path}: expected {{\"headers\": {{...}}, \"body\": \"...\"}}")
    return HttpDelivery(body=data["body"].encode("utf-8"), headers={str(k): str(v) for k, v in data.get("headers", {}).items()},
                        query={str(k): str(v) for k, v in (data.get("query") or {}).items()})


def feed(channel: str, path: Path, *, account_id: int | None = None, trusted: bool = False) -> dict:
    """Store and process the file's delivery; what it created (or the error) as a dict."""
    account = pick_account(channel, account_id)
    before = {m: m.objects.order_by("-pk").values_list("pk", flat=True).first() or 0 for m in (Conversation, Order, Claim, Event)}
    if channel == "email":
        from sellerdesk.channels.email.inbound import message_id_of

        body = path.read_bytes()
        raw, created = pipeline.store_delivery(account, message_id_of(body), body, channel="email")
        status_code, error = 200, ""
    elif channel in receivers():
        outcome = receive(account, read_capture(path), trusted=trusted)
        raw, created, status_code, error = outcome.raw, outcome.created, outcome.status, outcome.error
    else:
        raise ReplayError(f"channel {channel!r} takes no captured deliveries")
    result = {"channel": channel, "account": account.pk, "http_status": status_code, "delivery": raw.pk if raw else None,
              "duplicate": bool(raw) and not created, "status": raw.status if raw else "", "error": error}
    if raw is None or status_code != 200:
        return result
    if created:
        try:
            pipeline.process(raw.pk)
        except Exception as exc:  # kept on the row, counted as an attempt, shown on the Problems page
            result["error"] = f"{type(exc).__name__}: {exc}"
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
