"""The safety rules no rule can switch off.

Before anything goes to the buyer automatically: an escalation cue (anger, "manager", legal
words, claims and chargebacks named in any language), negative sentiment, tier 1, low intent
confidence (for answers to a message), a VIP buyer or a platform claim on the conversation or
its order stops the send — a person answers instead. Then the rate limits: at most one automated
message per buyer per conversation in 24 hours (transactional notices — order confirmation,
shipping notice — are outside it), and never two to a buyer within 10 minutes.
Quiet hours (quiet.py) and the compliance checks (send.py) come after these.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings

from sellerdesk.automation.context import Context

# Reasons, as recorded on fires and counted on the audit page.
CUE = "safety:cue"
NEGATIVE = "safety:negative_sentiment"
TIER1 = "safety:tier1"
LOW_CONFIDENCE = "safety:low_confidence"
VIP = "safety:vip"
CLAIM = "safety:claim"
RATE_DAY = "rate:24h"
RATE_BURST = "rate:10min"
QUIET = "quiet_hours"
COMPLIANCE = "compliance"

DAY = dt.timedelta(hours=24)
BURST = dt.timedelta(minutes=10)


def stops(ctx: Context) -> list[str]:
    """Why an automated message must not go out on this event; [] when it may."""
    reasons = []
    if ctx.text or ctx.subject:
        cues = ctx.cues
        if cues:
            reasons.append(f"{CUE}:{','.join(cues)}")
    if ctx.conversation is not None or ctx.text:
        if ctx.sentiment == "negative":
            reasons.append(NEGATIVE)
        if ctx.tier == 1:
            reasons.append(TIER1)
        if ctx.event == "message.received" and ctx.intent_confidence < settings.AUTOMATION_MIN_CONFIDENCE:
            reasons.append(LOW_CONFIDENCE)
    if ctx.is_vip:
        reasons.append(VIP)
    if ctx.has_claim:
        reasons.append(CLAIM)
    return reasons


# Transactional messages: the order confirmation and the shipping notice, which the buyer asked
# for by ordering. The 24-hour limit is about unsolicited automation: it neither stops them nor
# counts them (a shipping notice the day the order was confirmed is what a seller expects). The
# 10-minute rule still holds: a notice inside it waits for its end (burst_ends_at), it is not dropped.
TRANSACTIONAL_EVENTS = frozenset({"order.created", "order.shipped"})


def is_transactional(event: str) -> bool:
    return event in TRANSACTIONAL_EVENTS


def rate_limited(ctx: Context, now: dt.datetime) -> str:
    """RATE_DAY / RATE_BURST when the buyer had an automated message too recently, else ""."""
    from sellerdesk.automation.models import Fire

    if ctx.conversation is not None and not is_transactional(ctx.event) and (
            Fire.objects.filter(conversation=ctx.conversation, sent_at__gt=now - DAY)
            .exclude(event__in=TRANSACTIONAL_EVENTS).exists()):
        return RATE_DAY
    if burst_ends_at(ctx, now) is not None:
        return RATE_BURST
    return ""


def burst_ends_at(ctx: Context, now: dt.datetime) -> dt.datetime | None:
    """When the 10 minutes after the buyer's latest automated message end; None when they have."""
    from sellerdesk.automation.models import Fire

    if ctx.customer is None:
        return None
    last = Fire.objects.filter(customer=ctx.customer, sent_at__gt=now - BURST).order_by("-sent_at").values_list("sent_at", flat=True).first()
    return last + BURST if last is not None else None
