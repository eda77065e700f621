"""The time-trigger sweep: due rows in bounded batches, like the SLA sweep.

A batch reads only rows whose due_at has come (the partial index of waiting rows), claims them
(SKIP LOCKED on PostgreSQL; SQLite serialises writers) by marking them done in the same transaction, reads what
they need for the whole batch at once (conversations, buyers, orders, messages: a few queries,
not a few per row), and runs each rule with its conditions checked again at the due time; the
fires and their events are written with one INSERT each (engine.run_batch). Cost follows what is
due, not how many rows wait.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import NamedTuple

from django.db import transaction

from sellerdesk.automation import engine
from sellerdesk.automation.context import Context, Known
from sellerdesk.automation.models import Fire, Scheduled
from sellerdesk.lib import clock

log = logging.getLogger(__name__)
BATCH = 200


class Due(NamedTuple):
    """A claimed due row: what running it needs."""

    pk: int
    rule_id: int
    kind: str
    key: str
    event: str
    conversation_id: int | None
    order_id: int | None
    fire_id: int | None
    data: dict
    event_at: dt.datetime


def sweep(now: dt.datetime | None = None, batch: int = BATCH) -> int:
    """One batch, in one transaction: claim the due rows and run them (each run in its own
    savepoint, so one failing rule does not undo the others). Returns how many rows it took."""
    now = now or clock.now()
    with transaction.atomic():
        # Plain tuples, not model objects: building a thousand of those is a good part of the cost.
        rows = [Due(*values) for values in
                Scheduled.objects.filter(state=Scheduled.State.WAITING, due_at__lte=now).order_by("due_at")
                .select_for_update(skip_locked=True, of=("self",)).values_list(*Due._fields)[:batch]]
        taken = len(rows)
        if not rows:
            return 0
        Scheduled.objects.filter(pk__in=[r.pk for r in rows]).update(state=Scheduled.State.DONE, done_at=now)
        by_event, _, active = engine.enabled_rules()
        if not active:
            return taken  # kill switch off (or no rule enabled): due rows lapse, nothing is sent
        # The enabled rules as compiled and cached for events (re-read when any rule changed):
        # no query or compiling per batch.
        compiled = {c.id: c for rules in by_event.values() for c in rules}
        rows = [r for r in rows if r.rule_id in compiled]  # the others were switched off meanwhile
        batch_view = _read_batch(rows)
        matched = []
        for row in rows:
            try:
                item = _due_run(row, compiled[row.rule_id], now, batch_view)  # reads only (a held send runs in its own savepoint)
            except Exception:
                log.exception("automation: due row %s of rule %s failed", row.pk, row.rule_id)
                continue
            if item is not None:
                matched.append(item)
        engine.run_batch(matched, now)
    return taken


def _read_batch(rows: list[Due]) -> dict:
    """Everything the batch's rows need, in a few queries instead of a few per row: their
    conversations (with buyer, order and account), orders, held fires, and what each event's
    context reads about a conversation (context.Known)."""
    from sellerdesk.conversations.models import Conversation
    from sellerdesk.orders.models import Order

    conversations = Conversation.objects.select_related("customer", "order", "account").in_bulk({r.conversation_id for r in rows if r.conversation_id})
    orders = Order.objects.select_related("customer").in_bulk({r.order_id for r in rows if r.order_id})
    fires = Fire.objects.in_bulk({r.fire_id for r in rows if r.kind == Scheduled.Kind.QUIET and r.fire_id})
    message_ids = {r.data.get("message_id") for r in rows if isinstance(r.data, dict) and isinstance(r.data.get("message_id"), int)}
    known = Known.read(list(conversations.values()), message_ids)
    return {"conversations": conversations, "orders": orders, "fires": fires, "known": known}


def _due_run(row: Due, compiled: engine.Compiled, now: dt.datetime, batch_view: dict):
    """(rule, context, key) to run for a delayed row whose conditions still hold; a held send
    is run at once (it continues its fire). The rule as it is now: an edit since scheduling
    applies (the fire records the version that ran)."""
    conversation = batch_view["conversations"].get(row.conversation_id)
    order = batch_view["orders"].get(row.order_id)
    ctx = Context.for_event(row.event, conversation=conversation, order=order, data=row.data, now=now, event_at=row.event_at,
                            known=batch_view["known"])
    if row.kind == Scheduled.Kind.QUIET:
        fire = batch_view["fires"].get(row.fire_id)
        if fire is not None and fire.outcome == Fire.Outcome.DEFERRED:
            engine.rerun_deferred(compiled, ctx, fire, now)
        return None
    if engine.evaluate(ctx, [compiled]):
        return (compiled, ctx, f"{row.key}:due")
    return None


def sweep_all(now: dt.datetime | None = None, batch: int = BATCH, max_batches: int = 20) -> int:
    now = now or clock.now()
    total = 0
    for _ in range(max_batches):
        n = sweep(now, batch)
        total += n
        if n < batch:
            break
    return total
