"""Tier (1 = answer within hours) and an urgency score 0-100 with the reasons an agent sees.

Missing a tier-1 message costs far more than over-prioritising a tier-2 one,
so every doubt resolves towards tier 1: a platform claim, an escalation cue,
anger, clearly negative sentiment on a message that is not plainly an everyday
request, or enough probability on the tier-1 intents.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from sellerdesk.triage import cues
from sellerdesk.triage.taxonomy import TIER_OF_INTENT

# Platform signals: (intent they imply, tier, reason shown).
CLAIMS = {
    "atoz": ("dispute_claim", 1, "A-to-z claim"),
    "chargeback": ("dispute_claim", 1, "chargeback"),
    "ebay_case": ("dispute_claim", 1, "eBay case"),
    "dispute": ("dispute_claim", 1, "payment dispute"),
    "negative_feedback": ("complaint", 1, "negative feedback"),
    "return_request": ("return_exchange", 2, "return request"),
}
DISPUTE_CUES = {"a_to_z", "chargeback", "paypal_dispute", "platform_case", "report", "legal"}
NEGATIVE_TIER1 = 0.6  # negative-sentiment probability that makes a message tier 1 ...
# ... unless the text reads as a plain request: a tier-1 score under this share of its threshold
# means the intent head sees an everyday question ("where is my invoice??"), asked impatiently.
NEGATIVE_NEEDS_TIER1_SHARE = 0.5
HIGH_VALUE = 500.0  # lifetime value (shop currency) from which a customer counts as valuable


@dataclass
class Priority:
    tier: int
    urgency: int
    reasons: list[str] = field(default_factory=list)


def decide(
    *,
    intent: str,
    intent_confidence: float,
    tier1_probability: float,
    tier1_threshold: float,
    sentiment: str,
    sentiment_confidence: float,
    hits: cues.CueHits,
    claim_kind: str = "",
    is_vip: bool = False,
    customer_value: float | None = None,
    needs_human: bool = False,
    tier1_cause: str = "",
    runner_up: list[str] | None = None,
) -> Priority:
    reasons: list[str] = []
    tier = TIER_OF_INTENT.get(intent, 3)
    if needs_human:
        tier = min(tier, 2)  # "other" because unsure, not because unimportant: a person reads it the same day
    score = 10 * tier1_probability
    claim = CLAIMS.get(claim_kind)
    if claim_kind:
        claim_tier = claim[1] if claim else 1  # an unknown platform case is still a case
        tier = min(tier, claim_tier)
        score += 30 if claim_tier == 1 else 10
        reasons.append(claim[2] if claim else claim_kind.replace("_", " "))
    if hits.cues:
        tier = 1
        score += (20 if any(k in DISPUTE_CUES for k in hits.cues) else 0)
        score += (10 if any(k not in DISPUTE_CUES for k in hits.cues) else 0)
        reasons.extend(cues.label(k) for k in hits.cues)
    if sentiment == "negative":
        score += 10 * sentiment_confidence
        if sentiment_confidence >= NEGATIVE_TIER1 and tier1_probability >= NEGATIVE_NEEDS_TIER1_SHARE * tier1_threshold:
            tier = 1
        reasons.append("negative sentiment")
    if tier > 1 and tier1_probability >= tier1_threshold:
        tier = 1
        cause = f": {tier1_cause.replace('_', ' ')}" if tier1_cause else ""
        reasons.append(f"possible tier-1 problem{cause} ({tier1_probability:.0%})")
    if is_vip:
        score += 10
        tier = min(tier, 2)
        reasons.append("VIP")
    if customer_value and customer_value >= HIGH_VALUE:
        # +3 at the threshold, +3 more per factor of ten above it, at most +10.
        score += min(10, 3 + 3 * math.log10(customer_value / HIGH_VALUE))
        tier = min(tier, 2)
        reasons.append(f"high-value customer ({customer_value:,.0f})")
    # The final tier sets the base, so every tier-1 message sorts above calm tier-2 ones.
    score += {1: 55, 2: 30, 3: 10}[tier]
    if needs_human:
        unsure = " or ".join(i.replace("_", " ") for i in (runner_up or []))
        reasons.insert(0, f"needs a human: unsure ({unsure})" if unsure else "needs a human: unsure")
    else:
        reasons.insert(0, f"intent: {intent.replace('_', ' ')} ({intent_confidence:.0%})")
    # A platform claim and the buyer's own words can name the same thing ("A-to-z claim"): said once.
    return Priority(tier, max(0, min(100, round(score))), list(dict.fromkeys(reasons)))
