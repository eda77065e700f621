"""The time-trigger sweep: due rows in bounded batches, like the SLA sweep.

A batch reads only rows whose due_at has come (index state, due_at), claims them (SKIP LOCKED on
PostgreSQL; SQLite serialises writers) by marking them done in the same transaction, and runs
each rule with its conditions checked again at the due time. Cost follows what is due, not how
many rows wait.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.db import transaction

from sellerdesk.automation import engine
from sellerdesk.automation.context import Context
from sellerdesk.automation.models import Fire, Rule, Scheduled
from sellerdesk.lib import clock

log = logging.getLogger(__name__)
BATCH = 200


def sweep(now: dt.datetime | None = None, batch: int = BATCH) -> int:
    """One batch, in one transaction: claim the due rows and run them (each run in its own
    savepoint, so one failing rule does not undo the others). Returns how many rows it took."""
    now = now or clock.now()
    with transaction.atomic():
        rows = list(
            Scheduled.objects.filter(state=Scheduled.State.WAITING, due_at__lte=now).order_by("due_at")
            .select_for_update(skip_locked=True, of=("self",))[:batch]
        )
        if not rows:
            return 0
        Scheduled.objects.filter(pk__in=[r.pk for r in rows]).update(state=Scheduled.State.DONE, done_at=now)
        _, _, active = engine.enabled_rules()
        if not active:
            return len(rows)  # kill switch off (or no rule enabled): due rows lapse, nothing is sent
        rules = {r.pk: r for r in Rule.objects.filter(pk__in={r.rule_id for r in rows}, is_enabled=True)}
        compiled = {pk: engine.compile_rule(r.pk, r.key or "", r.name, r.version, r.event, r.definition) for pk, r in rules.items()}
        matched = []
        for row in rows:
            if row.rule_id not in compiled:
                continue  # switched off meanwhile
            try:
                item = _due_run(row, compiled[row.rule_id], now)  # reads only (a held send runs in its own savepoint)
            except Exception:
                log.exception("automation: due row %s of rule %s failed", row.pk, row.rule_id)
                continue
            if item is not None:
                matched.append(item)
        engine.run_batch(matched, now)
    return len(rows)


def _due_run(row: Scheduled, compiled: engine.Compiled, now: dt.datetime):
    """(rule, context, key) to run for a delayed row whose conditions still hold; a held send
    is run at once (it continues its fire). The rule as it is now: an edit since scheduling
    applies (the fire records the version that ran)."""
    from sellerdesk.conversations.models import Conversation
    from sellerdesk.orders.models import Order

    conversation = Conversation.objects.select_related("customer", "order", "account").filter(pk=row.conversation_id).first() if row.conversation_id else None
    order = Order.objects.select_related("customer").filter(pk=row.order_id).first() if row.order_id else None
    ctx = Context.for_event(row.event, conversation=conversation, order=order, data=row.data, now=now, event_at=row.event_at)
    if row.kind == Scheduled.Kind.QUIET:
        fire = Fire.objects.filter(pk=row.fire_id).first()
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
