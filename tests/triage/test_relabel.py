"""The reason line of an intent decided after triage names who decided, replacing triage's own."""

import pytest

from sellerdesk.triage.relabel import BY_AGENT, BY_LANGUAGE_MODEL, relabelled_reasons


def test_triage_line_replaced_others_kept_in_order():
    reasons = ["needs a human: unsure (refund or return exchange)", "A-to-z claim", "negative sentiment"]
    assert relabelled_reasons(reasons, "dispute_claim", BY_LANGUAGE_MODEL) == [
        "intent: dispute claim (second opinion of the language model)", "A-to-z claim", "negative sentiment"]
    assert relabelled_reasons(["VIP", "intent: refund (72%)"], "order_status", BY_AGENT) == [
        "intent: order status (corrected by an agent)", "VIP"]
    assert relabelled_reasons(None, "other", BY_AGENT) == ["intent: other (corrected by an agent)"]


def test_unknown_decider_refused():
    with pytest.raises(ValueError, match="unknown decider"):
        relabelled_reasons([], "refund", "a guess")
