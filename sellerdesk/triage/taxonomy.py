"""The intent taxonomy (docs/triage.md) and the tier each intent has by itself."""

TIER_OF_INTENT = {
    "delivery_issue": 1,
    "damaged_defective": 1,
    "wrong_or_missing_item": 1,
    "dispute_claim": 1,
    "complaint": 1,
    "order_status": 2,
    "return_exchange": 2,
    "refund": 2,
    "cancel_order": 2,
    "change_order": 2,
    "product_question": 2,
    "payment_billing": 2,
    "account": 2,
    "feedback_thanks": 3,
    "other": 3,
}
INTENTS = tuple(TIER_OF_INTENT)
TIER1_INTENTS = frozenset(i for i, t in TIER_OF_INTENT.items() if t == 1)
SENTIMENTS = ("negative", "neutral", "positive")
