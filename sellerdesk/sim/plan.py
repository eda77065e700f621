"""What SellerDesk knows about each trace event: triage once up front, then the SLA policies' due times.

Reads only what the policy may see (never `expected` or `service`). The SLA presets are built as
unsaved model instances, so no database is touched; their calendars are the real ones.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sellerdesk.sim.trace import ClaimEvent, Msg, family
from sellerdesk.sla import calendars, policies, presets
from sellerdesk.sla.regions import region_of
from sellerdesk.triage.priority import HIGH_VALUE

UTC = dt.timezone.utc
# Trace channel family -> SellerDesk channel (shopify_email arrives through the Shopify channel).
CHANNEL = {"shopify": "shopify"}
CLAIM_KIND = {
    "a_to_z": "atoz", "chargeback": "chargeback", "ebay_return": "return_request", "ebay_inr": "ebay_case",
    "tiktok_return": "return_request", "tiktok_refund": "dispute",
}
EXTERNAL_GROUPS = ("platform", "claim", "review", "window")


@dataclass
class Planned:
    language: str
    tier: int
    intent: str
    high_value: bool
    region: str
    due: float  # the earliest platform / claim / reply-window due time (else 24 h)
    internal_due: float  # the winning internal first-response target


def marketplace(channel: str) -> str:
    parts = channel.split("_", 1)
    return parts[1].upper() if len(parts) == 2 and parts[1] != "email" else ""


class PresetPolicies:
    """The shipped calendars and policies as in-memory rows (pk and updated_at set so schedules cache)."""

    def __init__(self):
        from sellerdesk.sla.models import Calendar, Policy

        stamp = dt.datetime(2026, 1, 1, tzinfo=UTC)
        cals = {}
        for i, spec in enumerate(presets.CALENDARS, 1):
            cal = Calendar(**spec)
            cal.pk, cal.updated_at = -i, stamp
            calendars.build_schedule(cal)
            cals[spec["key"]] = cal
        self.policies = []
        for i, spec in enumerate(presets.POLICIES, 1):
            p = Policy(**{**spec, "calendar": cals[spec["calendar"]]})
            p.pk = i
            self.policies.append(p)
        self._memo: dict = {}

    def winners(self, facts: policies.Facts) -> list:
        if facts not in self._memo:
            chosen = policies.select(self.policies, facts)
            self._memo[facts] = [p for p in chosen if p.metric in ("first_response", "reply_window")]
        return self._memo[facts]

    def dues(self, facts: policies.Facts, at: float, respond_by: float | None = None) -> tuple[float, float]:
        start = dt.datetime.fromtimestamp(at, UTC)
        external, internal = [], []
        for p in self.winners(facts):
            if p.due_from_claim and respond_by is not None:
                due = respond_by
            else:
                due = calendars.add_business_minutes(p.calendar, start, p.target_minutes or 0).timestamp()
            (internal if p.group == "internal" else external).append(due)
        # No platform rule (eBay messages, shop email): the 24 h default, never a staffed-hours target,
        # which is a goal to aim at, not the point after which an answer stops counting.
        fallback = at + 24 * 3600
        return (min(external) if external else fallback), min(internal, default=fallback)


def plan(events: list, *, processes: int | None = None) -> dict[int, Planned]:
    """Planned facts per event index: every message triaged in one batch, every claim matched to policies."""
    from sellerdesk.triage.bulk import analyze_bulk
    from sellerdesk.triage.service import Message

    msgs = [e for e in events if isinstance(e, Msg)]
    results = analyze_bulk(
        [Message(m.text, m.subject, "", False, float(m.customer.get("lifetime_value") or 0) or None) for m in msgs],
        processes=processes,
    )
    pol = PresetPolicies()
    out: dict[int, Planned] = {}
    triaged = {m.idx: r for m, r in zip(msgs, results)}
    country_of: dict[str, str] = {}  # customers seen so far: a claim may only use what was visible at its time
    for e in sorted(events, key=lambda e: (e.at, e.idx)):
        fam = family(e.channel)
        if isinstance(e, Msg):
            r = triaged[e.idx]
            country = (e.customer.get("country") or "").upper()
            country_of[e.customer.get("id") or ""] = country
            facts = policies.Facts(
                channel=CHANNEL.get(fam, fam), marketplace=marketplace(e.channel),
                region=region_of(country, marketplace(e.channel)), tier=str(r.tier), intent=r.intent,
            )
            due, internal = pol.dues(facts, e.at)
            value = float(e.customer.get("lifetime_value") or 0)
            out[e.idx] = Planned(r.language, r.tier, r.intent, value >= HIGH_VALUE, facts.region, due, internal)
        elif isinstance(e, ClaimEvent):
            kind = CLAIM_KIND.get(e.claim_type, "dispute")
            country = country_of.get(e.customer_id, "")
            facts = policies.Facts(
                channel=CHANNEL.get(fam, fam), marketplace=marketplace(e.channel),
                region=region_of(country, marketplace(e.channel)), tier="1", intent="dispute_claim", claim_kind=kind,
            )
            due, internal = pol.dues(facts, e.at, e.respond_by)
            if e.respond_by is not None:
                due = min(due, e.respond_by)  # the platform's own date is never exceeded
            out[e.idx] = Planned("", 1, "dispute_claim", False, facts.region, due, internal)
    return out
