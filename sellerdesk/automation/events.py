"""The one entry point for triggers: `emit(name, conversation=..., order=..., **data)`.

Call it from an action, inside or outside its transaction: the rules run after the commit
(transaction.on_commit), so a rolled-back action triggers nothing and the rules read committed
rows. A rule with a delay is not run but scheduled (a due row, sweep.py). Each run happens once
per (rule, key): `key` names the occurrence ("message 812", "order 55 delivered"); without one it
is made from the event's data, so a re-delivered event never acts twice.

    from sellerdesk.automation.events import emit
    emit("order.delivered", order=order)
    emit("csat.answered", conversation=conv, score=2, survey_id=7)
"""

from __future__ import annotations

import datetime as dt
import logging

from django.db import transaction

from sellerdesk.automation.triggers import EVENTS, ORDER_EVENTS
from sellerdesk.lib import clock

log = logging.getLogger(__name__)

_KEY_FIELDS = ("message_id", "event_id", "claim_id", "refund_id", "return_id", "deadline", "survey_id", "shipment_id")


def emit(name: str, *, conversation=None, order=None, key: str = "", at: dt.datetime | None = None, **data) -> None:
    if name not in EVENTS:
        raise ValueError(f"unknown automation event {name!r}")
    at = at or clock.now()
    conversation_id = conversation.pk if conversation is not None else None
    order_id = order.pk if order is not None else None
    transaction.on_commit(lambda: _dispatch_safely(name, conversation_id, order_id, key, at, data))


def occurrence_key(name: str, conversation_id, order_id, data: dict, at: dt.datetime) -> str:
    parts = [name]
    if conversation_id:
        parts.append(f"c{conversation_id}")
    if order_id:
        parts.append(f"o{order_id}")
    found = [f"{f}={data[f]}" for f in _KEY_FIELDS if data.get(f) not in (None, "")]
    # Order events happen once per order (shipped, delivered); others without an id once per moment.
    if not found and name not in ORDER_EVENTS:
        found.append(at.isoformat())
    return ":".join(parts + found)


def _dispatch_safely(name, conversation_id, order_id, key, at, data, rules_now=None) -> None:
    try:
        dispatch(name, conversation_id=conversation_id, order_id=order_id, key=key, at=at, data=data, rules_now=rules_now)
    except Exception:  # the action that emitted has committed: a failing rule must not undo or break it
        log.exception("automation: event %s (conversation %s, order %s) failed", name, conversation_id, order_id)


def dispatch(name: str, *, conversation_id=None, order_id=None, key: str = "", at: dt.datetime | None = None,
             data: dict | None = None, now: dt.datetime | None = None, rules_now=None) -> list:
    """Run (or schedule) the enabled rules of this event; returns the Fire rows written.

    `rules_now`: engine.enabled_rules() as a batch of events read it once (it costs two queries)."""
    from sellerdesk.automation import engine
    from sellerdesk.automation.context import Context
    from sellerdesk.automation.models import Fire, Scheduled
    from sellerdesk.conversations.models import Conversation
    from sellerdesk.orders.models import Order

    by_event, cancelling, active = rules_now or engine.enabled_rules()
    if not active:
        return []
    now = now or clock.now()
    at = at or now
    data = data or {}
    if name in cancelling and (conversation_id or order_id):
        _cancel(name, conversation_id, order_id, now)
    if conversation_id and name in ("message.received", "conversation.reopened"):
        field = "buyer_replied_at" if name == "message.received" else "reopened_at"
        Fire.objects.filter(conversation_id=conversation_id, sent_at__isnull=False, sent_at__lte=at, **{f"{field}__isnull": True}).update(**{field: at})
    rules = by_event.get(name) or []
    if not rules:
        return []
    conversation = (
        Conversation.objects.select_related("customer", "order", "account").filter(pk=conversation_id).first() if conversation_id else None
    )
    order = Order.objects.select_related("customer").filter(pk=order_id).first() if order_id else None
    if conversation is None and order is not None and name in ORDER_EVENTS:
        conversation = _latest_conversation(order)
    ctx = Context.for_event(name, conversation=conversation, order=order, data=data, now=now, event_at=at)
    key = key or occurrence_key(name, conversation_id, order_id, data, at)
    fires = []
    for rule in engine.evaluate(ctx, rules):
        if rule.delay_minutes:
            Scheduled.objects.get_or_create(
                rule_id=rule.id, key=key[:200],
                defaults=dict(
                    version=rule.version, kind=Scheduled.Kind.DELAY, event=name, conversation=conversation, order=order,
                    customer=ctx.customer, data=_jsonable(data), cancel_on="," + ",".join(rule.cancel_on) + "," if rule.cancel_on else "",
                    event_at=at, due_at=at + dt.timedelta(minutes=rule.delay_minutes), created_at=now,
                ),
            )
            continue
        fire = engine.run(rule, ctx, key, now)
        if fire is not None:
            fires.append(fire)
    return fires


def _latest_conversation(order):
    from sellerdesk.conversations.models import Conversation

    return Conversation.objects.select_related("customer", "order", "account").filter(order=order).order_by("-last_message_at", "-id").first()


def _cancel(name: str, conversation_id, order_id, now: dt.datetime) -> int:
    """Waiting rows that this event ends ("no buyer message since ..."): cancelled, with their reason."""
    from django.db.models import Q

    from sellerdesk.automation.models import Scheduled

    where = Q(conversation_id=conversation_id) if conversation_id else Q()
    if order_id:
        where |= Q(order_id=order_id)
    return Scheduled.objects.filter(where, state=Scheduled.State.WAITING, kind=Scheduled.Kind.DELAY, cancel_on__contains=f",{name},").update(
        state=Scheduled.State.CANCELLED, done_at=now
    )


def _jsonable(data: dict) -> dict:
    out = {}
    for k, v in data.items():
        if isinstance(v, (str, int, float, bool, type(None), list, dict)):
            out[k] = v
        elif isinstance(v, dt.datetime):
            out[k] = v.isoformat()
        else:
            out[k] = str(v)
    return out


# --- where the existing code calls in ----------------------------------------------------------

_INTAKE_EVENTS = {"message_received": "message.received", "assigned": "conversation.assigned", "conversation_reopened": "conversation.reopened"}


def after_intake(events: list, new_claims: list) -> None:
    """The intake's written events (a batch): their triggers, dispatched together after the commit."""
    batch = []
    for event in events:
        name = _INTAKE_EVENTS.get(event.kind)
        if name is None or event.conversation is None:
            continue
        conv = event.conversation
        data = {"message_id": event.data.get("message_id")} if name == "message.received" else {"event_id": event.pk}
        batch.append((name, conv.pk, conv.order_id, event.created_at, data))
    for claim in new_claims:
        batch.append(("claim.opened", claim.conversation_id, claim.order_id, clock.now(), {"claim_id": claim.pk, "kind": claim.kind}))
    if batch:
        transaction.on_commit(lambda: _dispatch_batch(batch))


def _dispatch_batch(batch: list) -> None:
    from sellerdesk.automation import engine

    try:
        rules_now = engine.enabled_rules()  # read once for the batch, not once per event
        if not rules_now[2]:
            return  # nothing enabled (or switched off): the intake's batch costs two small queries
    except Exception:
        log.exception("automation: reading the rules failed")
        return
    for name, conversation_id, order_id, at, data in batch:
        _dispatch_safely(name, conversation_id, order_id, "", at, data, rules_now=rules_now)


def emit_many(name: str, items: list[tuple[int, dict]], *, at: dt.datetime | None = None) -> None:
    """One event per (conversation id, data), dispatched together after the commit (the SLA sweep's batches)."""
    if name not in EVENTS:
        raise ValueError(f"unknown automation event {name!r}")
    at = at or clock.now()
    batch = [(name, conversation_id, None, at, data) for conversation_id, data in items]
    if batch:
        transaction.on_commit(lambda: _dispatch_batch(batch))
