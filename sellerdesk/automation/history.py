"""A rule against the past, and what rules did: the Automations page's two questions.

`would_have_fired(rule, days)`: the buyer messages of the last `days` days run through the rule
(dry, nothing written), each read as triage saw it then (the message_received event) with the
conversation's order as it is now. Rules on other events are not replayed (their past events
carry too little to judge conditions), and the page says so.

`counts(rules, days)`: per rule, fires, messages sent, blocks by reason, and the fires after
which the buyer wrote back or the conversation was reopened.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from django.db.models import Count, Q

from sellerdesk.automation import engine
from sellerdesk.automation.context import Context
from sellerdesk.automation.models import Fire
from sellerdesk.lib import clock

REPLAY_LIMIT = 5000  # the most recent buyer messages replayed (a page view must stay quick)


def would_have_fired(rule: engine.Compiled, *, days: int = 30, examples: int = 20, now: dt.datetime | None = None) -> dict:
    from sellerdesk.conversations.models import Event, Message

    now = now or clock.now()
    if rule.event != "message.received":
        return {"replayed": False, "messages": 0, "fired": 0, "sent": 0, "examples": []}
    events = list(
        Event.objects.filter(kind="message_received", created_at__gte=now - dt.timedelta(days=days), conversation__isnull=False)
        .select_related("conversation__customer", "conversation__order", "conversation__account").order_by("-id")[:REPLAY_LIMIT]
    )
    texts = dict(Message.objects.filter(pk__in=[e.data.get("message_id") for e in events if e.data.get("message_id")])
                 .values_list("pk", "body_text"))
    fired, sent, shown = 0, 0, []
    for event in events:
        conv, data = event.conversation, event.data
        ctx = Context(
            event="message.received", now=event.created_at, event_at=event.created_at, conversation=None, customer=conv.customer,
            order=_order(conv.order), channel=conv.channel, marketplace=conv.marketplace, store=conv.account.name, store_id=conv.account_id,
            language=data.get("language") or conv.language, intent=data.get("intent") or "", intent_confidence=float(data.get("intent_confidence") or 0),
            tier=int(data.get("tier") or 3), sentiment=data.get("sentiment") or "", text=texts.get(data.get("message_id"), ""),
            subject=conv.subject, is_vip=conv.customer.is_vip, lifetime_value=float(conv.customer.lifetime_value or 0),
            country=conv.customer.country, check_quiet=True,
        )
        if not engine.evaluate(ctx, [rule]):
            continue
        fired += 1
        outcome = engine.decide(rule, ctx, ctx.now, dry=True)
        sent += outcome.outcome == "sent"
        if len(shown) < examples:
            shown.append({"conversation": conv.pk, "at": event.created_at, "text": ctx.text[:300], "outcome": outcome.outcome,
                          "reasons": outcome.reasons, "previews": outcome.previews, "actions": outcome.actions})
    return {"replayed": True, "messages": len(events), "fired": fired, "sent": sent, "examples": shown}


def _order(order):
    from sellerdesk.automation.context import OrderView

    return OrderView.of(order)


def counts(rule_ids: list[int], *, days: int = 30, now: dt.datetime | None = None) -> dict[int, dict]:
    now = now or clock.now()
    since = now - dt.timedelta(days=days)
    rows = (
        Fire.objects.filter(rule_id__in=rule_ids, created_at__gte=since).values("rule_id")
        .annotate(fires=Count("id"), sent=Count("id", filter=Q(sent_at__isnull=False)),
                  replied=Count("id", filter=Q(buyer_replied_at__isnull=False)), reopened=Count("id", filter=Q(reopened_at__isnull=False)))
    )
    out = {pk: {"fires": 0, "sent": 0, "replied": 0, "reopened": 0, "blocked": {}} for pk in rule_ids}
    for r in rows:
        out[r["rule_id"]].update(fires=r["fires"], sent=r["sent"], replied=r["replied"], reopened=r["reopened"])
    blocked: dict[int, Counter] = {}
    for rule_id, reasons, outcome in Fire.objects.filter(rule_id__in=rule_ids, created_at__gte=since, outcome__in=["blocked", "deferred"]).values_list("rule_id", "reasons", "outcome"):
        c = blocked.setdefault(rule_id, Counter())
        for reason in reasons or [outcome]:
            c[_kind(reason)] += 1
    for rule_id, c in blocked.items():
        out[rule_id]["blocked"] = dict(c.most_common())
    return out


def _kind(reason: str) -> str:
    """'safety:cue:anger,manager' -> 'safety:cue'; the page groups blocks by kind."""
    parts = reason.split(":")
    return ":".join(parts[:2]) if parts[0] in ("safety", "condition") else parts[0]
