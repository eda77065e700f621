"""The one periodic sweep: warnings and breaches of what is due, in bounded batches.

Each batch reads only rows whose due_at / warn_at has passed (indexes (state, due_at) and
(state, warn_at)), locks them (SKIP LOCKED on PostgreSQL; SQLite serialises writers), and
moves them on in a few bulk statements, so cost follows what is due, not what is open.
A row changes state once, so running the sweep twice acts once.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction

from sellerdesk.automation.events import emit_many
from sellerdesk.alerts import raising as alerts
from sellerdesk.conversations.models import Event
from sellerdesk.lib import clock, metrics
from sellerdesk.sla import escalation
from sellerdesk.sla.engine import breach_data
from sellerdesk.sla.models import Breach, Deadline, Policy

S = Deadline.State
BATCH = 500


@dataclass
class SweepResult:
    warned: int = 0
    breached: int = 0
    expired: int = 0  # reply windows that closed

    def __iadd__(self, other: "SweepResult") -> "SweepResult":
        self.warned += other.warned
        self.breached += other.breached
        self.expired += other.expired
        return self

    @property
    def total(self) -> int:
        return self.warned + self.breached + self.expired


@dataclass(slots=True)
class Due:
    """What the sweep needs of one due row: read as plain values, no model instances (cheap per row)."""

    pk: int
    conversation_id: int
    policy_id: int
    metric: str
    kind: str
    due_at: dt.datetime
    assignee_id: int | None
    team_id: int | None
    tier: int
    policy: Policy | None = None


_DUE_FIELDS = ("pk", "conversation_id", "policy_id", "metric", "kind", "due_at",
               "conversation__assignee_id", "conversation__team_id", "conversation__tier")


def _due(qs, batch: int) -> list[Due]:
    rows = [Due(*values) for values in qs.select_for_update(skip_locked=True, of=("self",)).values_list(*_DUE_FIELDS)[:batch]]
    if rows:
        policies = Policy.objects.in_bulk({r.policy_id for r in rows})
        for r in rows:
            r.policy = policies[r.policy_id]
    return rows


def sweep(now: dt.datetime | None = None, batch: int = BATCH) -> SweepResult:
    """One batch of breaches, then one of warnings. Returns how many of each."""
    now = now or clock.now()
    result = SweepResult()
    with transaction.atomic():
        rows = _due(Deadline.objects.filter(state__in=[S.ACTIVE, S.WARNED], due_at__lte=now).order_by("due_at"), batch)
        result += _breach(rows, now)
    with transaction.atomic():
        rows = _due(Deadline.objects.filter(state=S.ACTIVE, warn_at__lte=now, due_at__gt=now).order_by("warn_at"), batch)
        result.warned = _warn(rows, now)
    return result


def sweep_all(now: dt.datetime | None = None, batch: int = BATCH, max_batches: int = 40) -> SweepResult:
    """Sweep until nothing is due or max_batches ran (the next run picks up the rest)."""
    now = now or clock.now()
    total = SweepResult()
    for _ in range(max_batches):
        result = sweep(now, batch)
        total += result
        if result.breached + result.expired < batch and result.warned < batch:
            break
    return total


def _breach(rows: list[Due], now: dt.datetime) -> SweepResult:
    windows = [r for r in rows if r.metric == Policy.Metric.REPLY_WINDOW]
    missed = [r for r in rows if r.metric != Policy.Metric.REPLY_WINDOW]
    if windows:
        Deadline.objects.filter(pk__in=[r.pk for r in windows]).update(state=S.EXPIRED, closed_at=now)
    if missed:
        Deadline.objects.filter(pk__in=[r.pk for r in missed]).update(state=S.BREACHED)
        Breach.objects.bulk_create([
            Breach(
                deadline_id=r.pk, conversation_id=r.conversation_id, policy_id=r.policy_id, metric=r.metric,
                kind=r.kind, due_at=r.due_at, breached_at=now, agent_id=r.assignee_id,
            )
            for r in missed
        ])
    events = [_event(r, now, "sla_breached", **breach_data(r)) for r in missed]
    events += [_event(r, now, "reply_window_closed", deadline=r.pk, label=r.kind, closed_at=r.due_at.isoformat()) for r in windows]
    events += escalation.run("breach", missed, now)
    Event.objects.bulk_create(events)
    emit_many("sla.breach", [(r.conversation_id, {"deadline": r.pk, "label": r.kind}) for r in missed], at=now)
    alerts.from_events(events)
    transaction.on_commit(lambda: metrics.SLA_BREACHES.inc(len(missed)))
    return SweepResult(breached=len(missed), expired=len(windows))


def _warn(rows: list[Due], now: dt.datetime) -> int:
    if not rows:
        return 0
    Deadline.objects.filter(pk__in=[r.pk for r in rows]).update(state=S.WARNED, warned_at=now)
    events = []
    for r in rows:
        kind = "reply_window_closing" if r.metric == Policy.Metric.REPLY_WINDOW else "sla_warning"
        left = int((r.due_at - now).total_seconds() // 60)
        events.append(_event(r, now, kind, deadline=r.pk, label=r.kind, due_at=r.due_at.isoformat(), minutes_left=left))
    events += escalation.run("warn", [r for r in rows if r.metric != Policy.Metric.REPLY_WINDOW], now)
    Event.objects.bulk_create(events)
    emit_many("sla.warning", [(r.conversation_id, {"deadline": r.pk, "label": r.kind}) for r in rows if r.metric != Policy.Metric.REPLY_WINDOW], at=now)
    alerts.from_events(events)
    warned = sum(1 for r in rows if r.metric != Policy.Metric.REPLY_WINDOW)
    transaction.on_commit(lambda: metrics.SLA_WARNINGS.inc(warned))
    return len(rows)


def _event(row: Due, now: dt.datetime, event_kind: str, **data) -> Event:
    # Same row as events.record() writes, built in bulk: one INSERT per batch.
    return Event(conversation_id=row.conversation_id, kind=event_kind, data=data, created_at=now)
