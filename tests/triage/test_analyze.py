import pytest

from sellerdesk import triage

# Clear buyer messages, one per intent and language (not training rows).
CLEAR = [
    ("de", "Mein Paket ist seit drei Wochen überfällig, laut Sendungsverfolgung ist es verloren gegangen.", "delivery_issue", 1),
    ("fr", "L'écran de la tablette est arrivé complètement fissuré, elle ne s'allume pas.", "damaged_defective", 1),
    ("es", "Pedí una camiseta negra talla L y me han enviado una blanca talla S.", "wrong_or_missing_item", 1),
    ("it", "Vorrei restituire le scarpe, come posso avere l'etichetta per il reso?", "return_exchange", 2),
    ("ja", "注文をキャンセルしてください。間違えて注文しました。", "cancel_order", 2),
    ("zh", "请问这个充电器支持iPhone 15吗？", "product_question", 2),
    ("ko", "비밀번호를 잊어버려서 로그인이 안 돼요.", "account", 2),
    ("en", "Thank you so much, the lamp arrived today and it is beautiful!", "feedback_thanks", 3),
]


@pytest.mark.parametrize(("lang", "text", "intent", "tier"), CLEAR, ids=[c[2] for c in CLEAR])
def test_clear_messages(triage_model, lang, text, intent, tier):
    result = triage.analyze(text)
    assert (result.language, result.intent, result.tier) == (lang, intent, tier)
    assert 0 < result.intent_confidence <= 1
    assert result.reasons[0].startswith(f"intent: {intent.replace('_', ' ')} (")


def test_angry_buyer_threatening_a_chargeback_is_tier_1(triage_model):
    result = triage.analyze("This is a scam! Refund me today or I file a chargeback with my bank.")
    assert result.sentiment == "negative"
    assert result.tier == 1
    assert result.cues == ["chargeback", "anger"]
    assert "chargeback" in result.reasons and "anger" in result.reasons


def test_platform_claim_overrides_a_calm_text(triage_model):
    calm = triage.analyze("Thank you for your quick answer.")
    claimed = triage.analyze("Thank you for your quick answer.", claim_kind="atoz")
    assert (calm.tier, calm.intent) == (3, "feedback_thanks")
    assert (claimed.tier, claimed.intent, claimed.intent_confidence) == (1, "dispute_claim", 1.0)
    assert claimed.reasons[1] == "A-to-z claim"
    assert claimed.urgency > calm.urgency


def test_vip_and_customer_value_raise_urgency(triage_model):
    text = "Do you ship to Canada?"
    plain = triage.analyze(text)
    vip = triage.analyze(text, is_vip=True, customer_value=5000)
    assert vip.urgency > plain.urgency
    assert vip.reasons[-2:] == ["VIP", "high-value customer (5,000)"]


def test_entities_are_returned(triage_model):
    result = triage.analyze("Where is order 114-1234567-1234567? Tracking 1Z999AA10123456784 shows nothing.")
    assert [(e["kind"], e["source"]) for e in result.entities] == [("order", "amazon"), ("tracking", "ups")]


def test_empty_message_still_gets_a_result(triage_model):
    result = triage.analyze("", subject="")
    assert result.language == ""
    assert result.tier in (1, 2, 3)
    assert 0 <= result.urgency <= 100


def test_batch_gives_the_same_answers_as_one_by_one(triage_model):
    texts = [text for _, text, _, _ in CLEAR]
    batch = triage.analyze_many([triage.Message(t) for t in texts])
    assert [r.intent for r in batch] == [triage.analyze(t).intent for t in texts]


def test_character_weights_are_kept_row_major(triage_model):
    # scipy's sparse product reads the weights as one flat array: a column-major copy (as a fit
    # transposes them) would be copied again, 16 MB for the intents, with every batch.
    for head in (triage_model.intent, triage_model.sentiment, triage_model.tier1):
        if head.char_w is not None:
            assert head.char_w.flags.c_contiguous and head.char_w.dtype == "float32"
