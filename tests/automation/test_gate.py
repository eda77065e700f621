"""An auto-answer goes out only when triage is sure: `triage_sure` and `faq_fits_intent`."""

import datetime as dt

import pytest

from sellerdesk.automation import gate
from sellerdesk.automation.context import Context
from sellerdesk.automation.dryrun import load_rules, run_rows
from sellerdesk.faq.actions import load_starter

ORDER = {"number": "#5001", "status": "shipped", "carrier": "DHL", "tracking_number": "00340434161094015902", "tracking_status": "in_transit"}
NOW = dt.datetime(2026, 11, 24, 10, 0, tzinfo=dt.timezone.utc)
PARAMS = {"intents": ("order_status",), "min_confidence": 0.75, "max_tier1": 0.2, "max_other": 0.1}


def _ctx(confidence=0.9, tier1=0.05, scores=None, intent="order_status"):
    scores = scores if scores is not None else {"order_status": confidence, "other": 0.05, "refund": 0.03}
    return Context(event="message.received", now=NOW, event_at=NOW, text="where is my order", intent=intent,
                   intent_confidence=confidence, given={"triage_scores": (tier1, scores)})


@pytest.mark.parametrize("ctx, sure", [
    (_ctx(), True),
    (_ctx(confidence=0.74), False),  # below the confidence
    (_ctx(tier1=0.21), False),  # likely a claim, damage, lost parcel or complaint
    (_ctx(tier1=0.2), True),
    (_ctx(scores={"order_status": 0.8, "refund": 0.15, "other": 0.05}), False),  # a second request: refund
    (_ctx(scores={"order_status": 0.8, "other": 0.15, "feedback_thanks": 0.05}), True),  # "other" and thanks are no request
    (_ctx(scores={"order_status": 0.8, "feedback_thanks": 0.12, "cancel_order": 0.1}), True),
    (_ctx(scores={"order_status": 0.8, "feedback_thanks": 0.09, "cancel_order": 0.11}), False),
    (_ctx(intent="refund"), False),
])
def test_triage_sure(ctx, sure):
    assert gate.triage_sure(ctx, **PARAMS) is sure


def test_triage_sure_without_text_is_not_sure():
    ctx = Context(event="message.received", now=NOW, event_at=NOW, intent="order_status", intent_confidence=0.99)
    assert ctx.triage_scores is None
    assert gate.triage_sure(ctx, **PARAMS) is False


def test_second_request_reads_the_likeliest_other_request():
    assert gate.second_request({"order_status": 0.7, "other": 0.2, "refund": 0.06}, ("order_status",)) == 0.06
    assert gate.second_request({"order_status": 0.7, "other": 0.2, "feedback_thanks": 0.1}, ("order_status",)) == 0.0


def test_a_live_context_reads_the_text_again_for_the_scores():
    ctx = Context(event="message.received", now=NOW, event_at=NOW, text="Hello, where is my order #1001? Thanks, Jana")
    tier1, scores = ctx.triage_scores
    assert max(scores, key=scores.get) == "order_status"
    assert 0.0 <= tier1 < 0.2 and len(scores) == 3


def _given(**triage):
    base = {"intent": "order_status", "intent_confidence": 0.9, "tier": 2, "sentiment": "neutral", "language": "en",
            "tier1_probability": 0.05, "intent_scores": {"order_status": 0.9, "other": 0.06, "refund": 0.04}}
    return {**base, **triage}


def test_the_where_is_my_order_recipe_answers_only_when_sure(db):
    rows = [
        {"id": "sure", "text": "Where is my order #5001?", "order": ORDER, "triage": _given()},
        {"id": "two-requests", "text": "Where is my order #5001? And I want a refund.", "order": ORDER,
         "triage": _given(intent_confidence=0.8, intent_scores={"order_status": 0.8, "refund": 0.18, "other": 0.02})},
        {"id": "claim-like", "text": "Where is my order #5001?", "order": ORDER, "triage": _given(tier1_probability=0.31)},
        # Read by triage: two requests in one message are not answered with the tracking.
        {"id": "real-two", "text": "Hello, where is my order #5001? And I want a refund for it, please.", "order": ORDER},
        {"id": "real-one", "text": "Hello, where is my order #5001? Thanks, Jana", "order": ORDER},
    ]
    by_id = {r["id"]: r for r in run_rows(rows, load_rules("default"), now=NOW)}
    wismo = {i: [(f["outcome"], f["stopped_by"]) for f in r["fired"] if f["key"] == "where-is-my-order"] for i, r in by_id.items()}
    assert wismo == {
        "sure": [("sent", [])],
        "two-requests": [("blocked", ["condition:triage_sure"])],
        "claim-like": [("blocked", ["condition:triage_sure"])],
        "real-two": [],
        "real-one": [("sent", [])],
    }
    assert not any(f["outcome"] == "sent" for f in by_id["real-two"]["fired"])


def test_faq_answers_only_what_its_topic_answers(db):
    load_starter()
    question = "What is your return policy?"
    rows = [
        {"id": "returns", "text": question, "triage": _given(intent="return_exchange", intent_scores={"return_exchange": 0.9})},
        {"id": "refund", "text": question, "triage": _given(intent="refund", intent_scores={"refund": 0.9})},
    ]
    by_id = {r["id"]: r for r in run_rows(rows, load_rules("default"), now=NOW)}
    faq = {i: [(f["outcome"], f["stopped_by"]) for f in r["fired"] if f["key"] == "faq-answers"] for i, r in by_id.items()}
    assert faq == {"returns": [("sent", [])], "refund": [("blocked", ["condition:faq_fits_intent"])]}
    assert by_id["returns"]["fired"][0]["actions"][0]["topic"] == "returns"


def test_every_faq_topic_names_the_intents_it_answers():
    from sellerdesk.faq.models import FaqEntry

    assert set(gate.TOPIC_INTENTS) == {value for value, _ in FaqEntry._meta.get_field("topic").choices}
