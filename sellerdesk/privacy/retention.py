"""Retention: buyers whose data is past its channel's policy are erased by the scheduler.

A buyer is due when, on every channel they used, their last activity there (last message; for
an order its last update — the delivery, a refund — else when it was placed) is older than that
channel's policy, none of their conversations is still open, and no claim of theirs is younger
than the policy's claim hold or waiting for an answer. A channel without a policy (and no "*"
policy) keeps its buyers until an admin erases them. `run(dry_run=True)` says who would go.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.db.models import Max, Q
from django.db.models.functions import Coalesce

from sellerdesk.audit import log as audit
from sellerdesk.channels.models import RawDelivery
from sellerdesk.conversations.models import Conversation
from sellerdesk.customers.models import Customer
from sellerdesk.lib import blobs, clock
from sellerdesk.orders.models import Claim, Order
from sellerdesk.privacy.models import Erasure, RetentionPolicy

log = logging.getLogger(__name__)


@dataclass
class Due:
    customer_id: int
    channels: list[str]
    last_activity: dt.datetime


@dataclass
class RunResult:
    due: list[Due] = field(default_factory=list)
    erased: list[int] = field(default_factory=list)
    rejected_deleted: int = 0
    dry_run: bool = True


def _activity() -> dict[int, dict[str, dt.datetime]]:
    """customer id -> channel -> last activity there."""
    seen: dict[int, dict[str, dt.datetime]] = {}

    def note(customer_id, channel, at):
        if customer_id is None or at is None:
            return
        by_channel = seen.setdefault(customer_id, {})
        if channel not in by_channel or at > by_channel[channel]:
            by_channel[channel] = at

    for row in Conversation.objects.filter(customer__merged_into__isnull=True).values("customer_id", "channel").annotate(last=Max("last_message_at")):
        note(row["customer_id"], row["channel"], row["last"])
    orders = Order.objects.filter(customer__isnull=False, customer__merged_into__isnull=True)
    for row in orders.values("customer_id", "platform").annotate(last=Max(Coalesce("source_updated_at", "placed_at", "created_at"))):
        note(row["customer_id"], row["platform"], row["last"])
    return seen


def _held(now: dt.datetime, hold_days: dict[int, int]) -> set[int]:
    """Customers still being served (an open conversation) or with a claim that may need their data."""
    held = set(Conversation.objects.exclude(status=Conversation.Status.RESOLVED).values_list("customer_id", flat=True))
    longest = max(hold_days.values(), default=0)
    claims = Claim.objects.filter(Q(respond_by__gt=now) | Q(created_at__gt=now - dt.timedelta(days=longest)))
    for conv_customer, order_customer, created, respond_by in claims.values_list(
        "conversation__customer_id", "order__customer_id", "created_at", "respond_by"
    ):
        for customer_id in (conv_customer, order_customer):
            if customer_id is not None and (
                (respond_by and respond_by > now) or created > now - dt.timedelta(days=hold_days.get(customer_id, longest))
            ):
                held.add(customer_id)
    return held


def due(now: dt.datetime | None = None) -> list[Due]:
    now = now or clock.now()
    policies = {p.channel: p for p in RetentionPolicy.objects.filter(enabled=True)}
    if not policies:
        return []
    fallback = policies.get("*")
    erased = set(Erasure.objects.values_list("customer_id", flat=True))
    candidates: list[Due] = []
    hold_days: dict[int, int] = {}
    for customer_id, by_channel in _activity().items():
        if customer_id in erased:
            continue
        rules = [policies.get(channel, fallback) for channel in by_channel]
        if any(rule is None for rule in rules):
            continue
        if all(at + dt.timedelta(days=rule.days) <= now for at, rule in zip(by_channel.values(), rules)):
            hold_days[customer_id] = max(rule.claim_hold_days for rule in rules)
            candidates.append(Due(customer_id, sorted(by_channel), max(by_channel.values())))
    held = _held(now, hold_days)
    return sorted((d for d in candidates if d.customer_id not in held), key=lambda d: d.last_activity)


def run(*, dry_run: bool = False, limit: int = 200, now: dt.datetime | None = None) -> RunResult:
    """Erase up to `limit` due buyers (the next run takes the rest); delete old rejected deliveries."""
    from sellerdesk.privacy.erase import erase

    now = now or clock.now()
    result = RunResult(due=due(now), dry_run=dry_run)
    cutoff = now - dt.timedelta(days=settings.REJECTED_DELIVERY_DAYS)
    rejected = RawDelivery.objects.filter(status=RawDelivery.Status.REJECTED, received_at__lt=cutoff)
    if dry_run:
        result.rejected_deleted = rejected.count()
        return result
    with transaction.atomic():
        blobs.delete_after_commit(list(rejected.filter(body_key__isnull=False).values_list("body_key", flat=True)))
        result.rejected_deleted = rejected.delete()[0]
    for item in result.due[:limit]:
        customer = Customer.objects.filter(pk=item.customer_id).first()
        if customer is not None:
            erase(customer, reason="retention")
            result.erased.append(item.customer_id)
    if result.erased or result.rejected_deleted:
        with transaction.atomic():
            audit.record("retention_run", erased=len(result.erased), rejected_deleted=result.rejected_deleted)
        log.info("retention: erased %s customers, deleted %s rejected deliveries", len(result.erased), result.rejected_deleted)
    return result


def save_policy(channel: str, *, days: int, claim_hold_days: int = 90, enabled: bool = True, note: str = "", actor=None) -> RetentionPolicy:
    channel = channel.strip().lower()[:20]
    if not channel:
        raise ValueError("A policy needs a channel (or * for every other channel).")
    if days < 1:
        raise ValueError("Keep data at least 1 day.")
    with transaction.atomic():
        policy, created = RetentionPolicy.objects.update_or_create(
            channel=channel, defaults={"days": days, "claim_hold_days": claim_hold_days, "enabled": enabled,
                                       "note": note[:200], "updated_at": clock.now()},
        )
        audit.record("retention_policy_saved", actor=actor, policy_id=policy.pk, channel=channel, days=days,
                     mode="enabled" if enabled else "disabled")
    return policy


def delete_policy(policy: RetentionPolicy, *, actor=None) -> None:
    with transaction.atomic():
        audit.record("retention_policy_deleted", actor=actor, policy_id=policy.pk, channel=policy.channel)
        policy.delete()
