"""Deadline rows follow the conversation: opened by buyer messages, met by replies, paused while
waiting on the buyer, closed on resolve. Called by the conversation actions and the intake inside the
action's transaction; each function takes `now` so it runs in virtual time too.

Conversation.next_deadline_at / deadline_kind are a copy of the earliest open SLA deadline
(reply windows and paused clocks excluded), kept here so the inbox can sort by one index.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sellerdesk.conversations.events import record
from sellerdesk.sla.calendars import CalendarError, add_business_minutes, business_minutes_between, schedule_for
from sellerdesk.sla.models import Breach, Deadline, Policy
from sellerdesk.sla.policies import PolicySet, active_policies, facts_of, select

S = Deadline.State
M = Policy.Metric
RESPONSE_METRICS = (M.FIRST_RESPONSE, M.NEXT_RESPONSE)
ROW_FIELDS = ["state", "starts_at", "due_at", "warn_at", "warned_at", "paused_at", "remaining_minutes", "met_at", "closed_at"]


def open_rows(conversation) -> list[Deadline]:
    if conversation.pk is None:
        return []
    return list(Deadline.objects.filter(conversation=conversation, closed_at__isnull=True).select_related("policy__calendar"))


def new_deadline(policy: Policy, *, start: dt.datetime, now: dt.datetime, claim=None) -> Deadline:
    due, warn = window(policy, start, claim)
    return Deadline(
        policy=policy, claim=claim, metric=policy.metric, kind=policy.label, state=S.ACTIVE,
        starts_at=start, due_at=due, warn_at=warn, created_at=now,
    )


def window(policy: Policy, start: dt.datetime, claim=None) -> tuple[dt.datetime, dt.datetime | None]:
    """(due, warn) for a clock starting at `start`."""
    if policy.due_from_claim and claim is not None and claim.respond_by is not None:
        due = claim.respond_by  # the platform's own date: warn at the share of the calendar time left
        return due, (start + (due - start) * policy.warn_at if due > start else None)
    minutes = policy.target_minutes
    due = add_business_minutes(policy.calendar, start, minutes)
    return due, add_business_minutes(policy.calendar, start, minutes * policy.warn_at)


def warm_up(now: dt.datetime) -> None:
    """Work out the active policies' calendars and this year's holidays now (the holidays package
    imports a module per country), so that the first message of a process does not wait for it."""
    for policy in active_policies():
        try:
            schedule_for(policy.calendar).is_holiday(now.date())
        except CalendarError:
            pass  # a broken calendar is reported where it is used


@dataclass
class Plan:
    """Deadline changes decided before the conversation row exists; the intake writes them
    (new rows after the conversation, changed ones by ROW_FIELDS) with the rest of its batch."""

    conversation: object
    new: list[Deadline] = field(default_factory=list)
    changed: list[Deadline] = field(default_factory=list)


def on_buyer_message(
    conversation, *, received_at: dt.datetime, now: dt.datetime, rows: list[Deadline], policies: list,
    claim=None, automated: bool = False,
) -> Plan:
    """Open the clocks a buyer message starts, resume paused ones, set the denormalised fields.

    `rows`: the conversation's open deadline rows; `policies`: the active ones (the intake reads
    both once per batch, the policies as a PolicySet). Call before the conversation is saved; write the plan with it. The
    first unanswered message starts the response clock; later ones do not push it back. An
    automated message (an out-of-office) opens only the deadline of a claim it brings.
    """
    rows = list(rows)
    plan = Plan(conversation)
    by_slot = {(r.policy.group, r.metric): r for r in rows if r.claim_id is None}
    facts = facts_of(conversation, claim)
    for policy in policies.winners(facts) if isinstance(policies, PolicySet) else select(policies, facts):
        if policy.claim_kind:
            if claim is not None and not Deadline.objects.filter(claim=claim, policy=policy).exists():
                plan.new.append(new_deadline(policy, start=received_at, now=now, claim=claim))
            continue
        if automated:
            continue
        existing = by_slot.get((policy.group, policy.metric))
        if policy.metric == M.REPLY_WINDOW and existing is not None:
            if _restart(existing, received_at):
                plan.changed.append(existing)
        elif policy.metric == M.RESOLUTION and existing is not None:
            if existing.state == S.PAUSED:
                _resume(existing, now)
                plan.changed.append(existing)
        elif existing is None and _wanted(policy.metric, conversation):
            plan.new.append(new_deadline(policy, start=received_at, now=now))
    _denormalise(conversation, rows + plan.new)
    return plan


def _wanted(metric: str, conversation) -> bool:
    if metric == M.FIRST_RESPONSE:
        return conversation.first_response_at is None
    if metric == M.NEXT_RESPONSE:
        return conversation.first_response_at is not None
    return True


def on_reply(conversation, message, *, now: dt.datetime) -> None:
    """An outbound message: meet response clocks (not with an auto-reply where the policy says so),
    pause resolution clocks if the conversation now waits on the buyer, close all if resolved.

    Reads conversation.status as it will be saved; the caller saves the conversation.
    """
    rows = open_rows(conversation)
    resolved = conversation.status == "resolved"
    changed = []
    for row in rows:
        if row.metric in RESPONSE_METRICS:
            if message.is_automated and not row.policy.auto_reply_counts:
                continue
            _close(conversation, row, now, met=True)
        elif row.metric == M.RESOLUTION:
            if resolved:
                _close(conversation, row, now, met=True)
            elif conversation.status == "pending" and row.policy.pause_when_pending and row.state in (S.ACTIVE, S.WARNED):
                _pause(row, now)
            else:
                continue
        elif resolved:
            _close(conversation, row, now, met=False)
        else:
            continue
        changed.append(row)
    _save_rows(changed)
    _denormalise(conversation, rows)


def _save_rows(rows: list[Deadline]) -> None:
    """One UPDATE: a plain one for the usual single row (cheaper to build than bulk_update's CASE)."""
    if len(rows) == 1:
        Deadline.objects.filter(pk=rows[0].pk).update(**{field: getattr(rows[0], field) for field in ROW_FIELDS})
    elif rows:
        Deadline.objects.bulk_update(rows, ROW_FIELDS)


def on_resolve(conversation, *, now: dt.datetime) -> None:
    """Resolved without (or after) a reply: resolution met, everything else closed."""
    rows = open_rows(conversation)
    for row in rows:
        _close(conversation, row, now, met=row.metric == M.RESOLUTION)
    _save_rows(rows)
    _denormalise(conversation, rows)


def on_priority_change(conversation, *, now: dt.datetime) -> None:
    """Tier or intent changed (a triage correction): a stricter response policy that now wins
    replaces the open clock of its slot, counted from when that clock started. Never pushes back."""
    rows = open_rows(conversation)
    waiting = {(r.policy.group, r.metric): r for r in rows if r.metric in RESPONSE_METRICS and r.claim_id is None}
    new, changed = [], []
    for policy in select(active_policies(), facts_of(conversation)):
        current = waiting.get((policy.group, policy.metric))
        if current is None or current.policy_id == policy.pk or policy.claim_kind:
            continue
        row = new_deadline(policy, start=current.starts_at, now=now)
        if row.due_at < current.due_at:
            _close(conversation, current, now, met=False)
            row.conversation = conversation
            new.append(row)
            changed.append(current)
    if changed:
        Deadline.objects.bulk_update(changed, ROW_FIELDS)
        Deadline.objects.bulk_create(new)
    _denormalise(conversation, rows + new)


def _close(conversation, row: Deadline, now: dt.datetime, *, met: bool) -> None:
    if row.metric == M.REPLY_WINDOW:
        row.state = S.EXPIRED if row.due_at <= now else S.CANCELLED
    else:
        if row.state in (S.ACTIVE, S.WARNED) and row.due_at < now:
            breach(conversation, row, now)  # missed before the sweep saw it: still a breach
        if met:
            row.met_at = now
        if row.state != S.BREACHED:
            row.state = S.MET if met else S.CANCELLED
    row.closed_at = now


def breach(conversation, row: Deadline, now: dt.datetime) -> None:
    """Record one missed deadline found by an action (the sweep does the same in bulk)."""
    row.state = S.BREACHED
    Breach.objects.create(
        deadline=row, conversation_id=row.conversation_id, policy_id=row.policy_id, metric=row.metric,
        kind=row.kind, due_at=row.due_at, breached_at=now, agent_id=conversation.assignee_id,
    )
    record("sla_breached", conversation=conversation, **breach_data(row))


def breach_data(row: Deadline) -> dict:
    return {"deadline": row.pk, "policy": row.policy_id, "label": row.kind, "metric": row.metric, "due_at": row.due_at.isoformat()}


def _pause(row: Deadline, now: dt.datetime) -> None:
    row.remaining_minutes = business_minutes_between(row.policy.calendar, now, row.due_at)
    row.state, row.paused_at, row.warn_at = S.PAUSED, now, None


def _resume(row: Deadline, now: dt.datetime) -> None:
    policy = row.policy
    left = max(row.remaining_minutes or 0.0, 0.0)
    row.due_at = add_business_minutes(policy.calendar, now, left)
    if row.warned_at is None and policy.target_minutes:
        before_warning = left - (1 - policy.warn_at) * policy.target_minutes
        row.warn_at = add_business_minutes(policy.calendar, now, max(before_warning, 0.0))
        row.state = S.ACTIVE
    else:
        row.state = S.WARNED
    row.paused_at = row.remaining_minutes = None


def _restart(row: Deadline, start: dt.datetime) -> bool:
    """A reply window runs from the buyer's latest message."""
    due, warn = window(row.policy, start)
    if due <= row.due_at:
        return False
    row.starts_at, row.due_at, row.warn_at, row.warned_at, row.state = start, due, warn, None, S.ACTIVE
    return True


def _denormalise(conversation, rows: list[Deadline]) -> None:
    live = [r for r in rows if r.closed_at is None and r.state != S.PAUSED and r.metric != M.REPLY_WINDOW]
    first = min(live, key=lambda r: (r.due_at, r.kind), default=None)
    conversation.next_deadline_at = first.due_at if first else None
    conversation.deadline_kind = first.kind if first else ""


def deadlines_for(conversation, now: dt.datetime) -> list[dict]:
    """What the conversation page shows: each open clock with seconds left (negative: overdue)."""
    out = []
    for row in sorted(open_rows(conversation), key=lambda r: r.due_at):
        paused = row.state == S.PAUSED
        out.append({
            "label": row.kind, "metric": row.metric, "state": row.state, "due_at": row.due_at,
            "seconds_left": None if paused else int((row.due_at - now).total_seconds()),
            "paused_minutes_left": row.remaining_minutes if paused else None,
        })
    return out
