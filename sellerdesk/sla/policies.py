"""Which policies apply to a conversation: match fields, then one winner per (group, metric)."""

from __future__ import annotations

import functools
from dataclasses import dataclass

from sellerdesk.sla.regions import region_of

ESCALATION_STAGES = ("warn", "breach")
ESCALATION_ACTIONS = ("notify_supervisor", "raise_tier", "reassign")
MATCH_FIELDS = ("channel", "marketplace", "region", "tier", "intent", "claim_kind", "store")


class PolicyError(ValueError):
    pass


@dataclass(frozen=True)
class Facts:
    """What policies match on, for one conversation (and the claim a message brings, if any)."""

    channel: str = ""
    marketplace: str = ""
    region: str = ""
    tier: str = ""
    intent: str = ""
    claim_kind: str = ""
    store: str = ""  # the conversation's channel account id


def facts_of(conversation, claim=None) -> Facts:
    customer = conversation.customer  # already loaded by the action
    return Facts(
        channel=conversation.channel,
        marketplace=(conversation.marketplace or "").upper(),
        region=region_of(customer.country if customer else "", conversation.marketplace),
        tier=str(conversation.tier),
        intent=conversation.intent,
        claim_kind=claim.kind if claim else "",
        store=str(conversation.account_id or ""),
    )


@functools.lru_cache(maxsize=1024)
def _options(value: str) -> frozenset[str]:
    # Cached: every buyer message matches every active policy's six fields.
    return frozenset(v.strip().lower() for v in value.split(",") if v.strip())


def matches(policy, facts: Facts) -> bool:
    for name in MATCH_FIELDS:
        options = _options(getattr(policy, name))
        if options and getattr(facts, name).lower() not in options:
            return False
    return True


def specificity(policy) -> int:
    return sum(1 for name in MATCH_FIELDS if getattr(policy, name).strip())


def rank(policy) -> tuple:
    """Higher wins its (group, metric): priority, then a store's own policy over the others (how a
    store overrides a preset: docs/sla.md, "Stores"), then most match fields set, then the oldest."""
    return policy.priority, bool(policy.store.strip()), specificity(policy), -policy.pk


def select(policies, facts: Facts) -> list:
    """The winning policy of each (group, metric) among those that match."""
    best: dict[tuple[str, str], object] = {}
    for p in policies:
        if not matches(p, facts):
            continue
        key = (p.group, p.metric)
        current = best.get(key)
        if current is None or rank(p) > rank(current):
            best[key] = p
    return list(best.values())


class PolicySet(list):
    """A list of policies that remembers the winners per Facts: a batch of messages asks for the
    same few combinations of channel, marketplace, tier and intent again and again."""

    def __init__(self, policies=()):
        super().__init__(policies)
        self._winners: dict[Facts, list] = {}

    def winners(self, facts: Facts) -> list:
        chosen = self._winners.get(facts)
        if chosen is None:
            chosen = self._winners[facts] = select(self, facts)
        return chosen


_policy_cache: dict[tuple, list] = {}


def active_policies() -> list:
    """The active policies with their calendars, cached in the process until a policy or calendar
    row changes: every buyer message needs them, and one aggregate query is far cheaper than
    loading them (the ingest benchmark spent an eighth of its time here)."""
    from django.db import connection

    from sellerdesk.sla.models import Calendar, Policy

    # Raw SQL: building this as an ORM aggregate costs more than running it.
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT (SELECT COUNT(*) FROM {Policy._meta.db_table}), (SELECT MAX(id) FROM {Policy._meta.db_table}),"
            f" (SELECT MAX(updated_at) FROM {Policy._meta.db_table}), (SELECT COUNT(*) FROM {Calendar._meta.db_table}),"
            f" (SELECT MAX(updated_at) FROM {Calendar._meta.db_table})"
        )
        key = tuple(cursor.fetchone())
    cached = _policy_cache.get(key)
    if cached is None:
        _policy_cache.clear()
        cached = _policy_cache[key] = list(Policy.objects.filter(is_active=True).select_related("calendar").order_by("pk"))
    return cached


def validate(policy) -> None:
    """Raise PolicyError naming the field when a policy cannot work."""
    if policy.metric not in {"first_response", "next_response", "resolution", "reply_window"}:
        raise PolicyError(f"metric: unknown metric {policy.metric!r}")
    if not policy.due_from_claim and not policy.target_minutes:
        raise PolicyError("target_minutes: required unless the due time comes from the claim")
    if policy.due_from_claim and not policy.claim_kind:
        raise PolicyError("claim_kind: a respond-by taken from the claim needs the claim kind")
    if not 0 < policy.warn_at < 1:
        raise PolicyError("warn_at: a share of the window between 0 and 1")
    if not isinstance(policy.escalation, list):
        raise PolicyError("escalation: expected a list")
    for step in policy.escalation:
        if not isinstance(step, dict) or step.get("at") not in ESCALATION_STAGES or step.get("action") not in ESCALATION_ACTIONS:
            raise PolicyError(
                f"escalation: {step!r} needs at in {ESCALATION_STAGES} and action in {ESCALATION_ACTIONS}"
            )
    for name in ("tier", "store"):
        if any(not v.isdigit() for v in _options(getattr(policy, name))):
            raise PolicyError(f"{name}: comma-separated numbers")
