"""When an automatic answer is sure enough to send: the `triage_sure` and `faq_fits_intent` conditions.

Triage's intent confidence alone is not enough: a message read as an order-status question at
0.85 can still be a complaint, or carry a second request the answer does not serve ("where is my
order, and I want a refund"). `triage_sure` lets an answer go only when the intent is the rule's
with at least `min_confidence`, the tier-1 score (how likely a claim, damage, wrong item, lost
parcel or complaint) is at most `max_tier1`, and the second-likeliest intent, when it is another
request (not the rule's, not thanks, not "other"), has a probability of at most `max_other`. The
where-is-my-order recipe's values were chosen out of fold on our own labelled rows
(bench/auto_answer_gate.py; docs/automation.md, "Figures").

`faq_fits_intent`: the FAQ entry found by meaning must answer the kind of message triage read —
a return-policy answer to a message triage reads as a refund request is two readers disagreeing,
and a person answers.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from sellerdesk.automation.registry import Param, condition

NOT_REQUESTS = frozenset({"feedback_thanks", "other"})

# The intents an FAQ topic answers: general questions before or after buying.
TOPIC_INTENTS: dict[str, frozenset[str]] = {
    "returns": frozenset({"return_exchange"}),
    "shipping": frozenset({"product_question", "order_status"}),
    "warranty": frozenset({"product_question"}),
    "customs": frozenset({"product_question", "payment_billing"}),
    "payment": frozenset({"payment_billing"}),
    "other": frozenset({"product_question", "other"}),
}


def second_request(scores: dict[str, float], intents) -> float:
    """The probability of the likeliest intent that is a request of its own besides `intents`
    (`scores`: triage's three likeliest intents)."""
    others = [p for name, p in scores.items() if name not in intents and name not in NOT_REQUESTS]
    return max(others, default=0.0)


@condition("triage_sure", label=_("Triage is sure of the intent (confidence, tier-1 score, no second request)"), params={
    "intents": Param("list", required=True),
    "min_confidence": Param("float", default=0.75, help="0..1"),
    "max_tier1": Param("float", default=0.2, help="0..1: the highest tier-1 score still answered"),
    "max_other": Param("float", default=0.1, help="0..1: the highest probability of a second request still answered"),
})
def triage_sure(ctx, intents, min_confidence=0.75, max_tier1=0.2, max_other=0.1):
    if ctx.intent not in intents or ctx.intent_confidence < min_confidence:
        return False
    reading = ctx.triage_scores
    if reading is None:
        return False  # no text to read: nothing to be sure of
    tier1, scores = reading
    return tier1 <= max_tier1 and second_request(scores, intents) <= max_other


@condition("faq_fits_intent", label=_("The FAQ entry found answers the kind of message triage read"))
def faq_fits_intent(ctx):
    from sellerdesk.automation.buyer_notices import _faq_match

    found = _faq_match(ctx)
    return found is not None and ctx.intent in TOPIC_INTENTS.get(found.topic, frozenset())
