from sellerdesk.triage import cues
from sellerdesk.triage.priority import decide


def _decide(**kw):
    args = dict(
        intent="order_status", intent_confidence=0.8, tier1_probability=0.1, tier1_threshold=0.45,
        sentiment="neutral", sentiment_confidence=0.9, hits=cues.CueHits(),
    )
    return decide(**{**args, **kw})


def test_calm_order_question_is_tier_2():
    p = _decide()
    assert (p.tier, p.urgency, p.reasons) == (2, 31, ["intent: order status (80%)"])


def test_claim_overrides_the_text():
    p = _decide(intent="feedback_thanks", claim_kind="atoz")
    assert (p.tier, p.urgency, p.reasons) == (1, 86, ["intent: feedback thanks (80%)", "A-to-z claim"])


def test_a_claim_the_buyer_also_names_is_one_reason():
    p = _decide(claim_kind="atoz", hits=cues.find("I have opened an A-to-z claim for this order."))
    assert p.reasons == ["intent: order status (80%)", "A-to-z claim"]


def test_return_request_is_at_least_tier_2():
    p = _decide(intent="feedback_thanks", claim_kind="return_request")
    assert (p.tier, p.urgency) == (2, 41)


def test_escalation_cues_make_tier_1_with_their_reasons():
    p = _decide(hits=cues.find("I will file a chargeback and leave a bad review."))
    assert p.tier == 1
    assert p.urgency == 55 + 1 + 20 + 10
    assert p.reasons == ["intent: order status (80%)", "chargeback", "bad review threat"]


def test_probable_tier_1_intent_is_tier_1():
    p = _decide(tier1_probability=0.5)
    assert (p.tier, p.urgency, p.reasons[-1]) == (1, 60, "possible tier-1 problem (50%)")


def test_only_clear_negative_sentiment_raises_the_tier():
    assert _decide(sentiment="negative", sentiment_confidence=0.55, tier1_probability=0.3).tier == 2
    assert _decide(sentiment="negative", sentiment_confidence=0.9, tier1_probability=0.3).tier == 1


def test_negative_tone_on_a_plain_request_is_not_tier_1():
    # Tier-1 score 0.1, under half the threshold (0.45): an impatient everyday question.
    p = _decide(sentiment="negative", sentiment_confidence=0.9, tier1_probability=0.1)
    assert (p.tier, p.reasons) == (2, ["intent: order status (80%)", "negative sentiment"])
    # At half the threshold the tone decides.
    assert _decide(sentiment="negative", sentiment_confidence=0.9, tier1_probability=0.225).tier == 1


def test_valuable_customers_are_never_tier_3():
    p = _decide(intent="other", is_vip=True, customer_value=5000.0)
    assert (p.tier, p.urgency) == (2, 30 + 1 + 10 + 6)
    assert p.reasons[1:] == ["VIP", "high-value customer (5,000)"]


def test_the_tier_1_reason_names_its_likeliest_cause():
    p = _decide(tier1_probability=0.7, tier1_cause="damaged_defective")
    assert (p.tier, p.reasons[-1]) == (1, "possible tier-1 problem: damaged defective (70%)")


def test_an_unsure_intent_asks_for_a_human_and_names_the_candidates():
    p = _decide(intent="other", intent_confidence=0.28, needs_human=True, runner_up=["refund", "return_exchange"])
    assert p.reasons[0] == "needs a human: unsure (refund or return exchange)"
    # "other" because unsure, not because unimportant: never pushed back to tier 3.
    assert p.tier == 2
