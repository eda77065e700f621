"""The semantic check: a paraphrase no pattern catches is found by meaning; allowed look-alikes are not."""

import json

import pytest

from sellerdesk.replies.compliance import SendContext, check
from sellerdesk.replies.compliance.loader import load_rules
from sellerdesk.replies.compliance.semantic import sentences
from tests.replies.test_loader import rule

US = SendContext(marketplace="US")


def test_a_paraphrase_no_pattern_catches_is_found_by_meaning():
    text = "Hello Sam! A refund is yours the moment your opinion appears under the listing."
    assert check(text, channel="amazon", context=US, semantic=False).status == "clean"
    verdict = check(text, channel="amazon", context=US)
    (finding,) = verdict.findings
    assert (finding.rule_id, finding.found_by, finding.excerpt) == (
        "amazon.no_review_incentive", "meaning", "A refund is yours the moment your opinion appears under the listing.",
    )
    # the agent is told what the sentence was read as, in the UI language
    assert finding.reason.startswith(
        "review incentive “A refund is yours the moment your opinion appears under the listing.” is not allowed on Amazon: "
        "nothing may be offered for a review or a rating (read by meaning: close to “"
    )
    title, reason = finding.localised("zh-hans")
    assert title == "不得以利益换取评价"
    assert "（按语义判断：与“" in reason and reason.endswith("”意思相近）")


@pytest.mark.parametrize(
    "text",
    [
        "Thank you for taking the time to share your thoughts about the kettle.",
        "If something's not right with the lamp, just reply here and we'll sort it out.",
        "The replacement bottle is a slightly newer design, but it works exactly the same.",
        "We transferred the refund to your original payment method today.",
        "Would you please leave us your feedback?",
        "Vogliamo risolvere il problema direttamente con lei.",
        "新的商品预计周四送达。",
    ],
)
def test_allowed_look_alikes_are_not_read_as_violations(text):
    # (a bare thank-you may still get Amazon's advisory about messages not needed for the order)
    assert [f.rule_id for f in check(text, channel="amazon", context=US).findings if f.severity == "block"] == []


def test_sentences_are_read_one_by_one():
    assert sentences("Hi Anna, thanks! Your parcel ships today. Best regards") == ["Hi Anna, thanks!", "Your parcel ships today.", "Best regards"]
    # pieces too short to mean anything ("Hi,", "您好！") are not embedded
    assert sentences("Hi, ok. 您好！包裹今天发出。谢谢") == ["包裹今天发出。"]


def _table(tmp_path, exemplars, counters, semantic):
    gifts = rule(id="test.no_gifts", patterns=None, phrases=["gifts"], reason={"en": "gift “{excerpt}” on {channel}", "zh-hans": "{channel}：“{excerpt}”"},
                 examples={"positive": ["zzqx gift"], "negative": ["hello"]})
    phrases = {"gifts": {"patterns": {"en": [r"\bzzqx\b"]}, "exemplars": {"en": exemplars}, "counter_examples": {"en": counters}, "semantic": semantic}}
    (tmp_path / "t.json").write_text(json.dumps({"phrases": phrases, "rules": [gifts]}), encoding="utf-8")
    return load_rules(tmp_path)


def test_threshold_and_margin_of_a_phrase_set(tmp_path):
    exemplars = ["We will send you a free gift if you write a review."]
    paraphrase = "Write a review and we send you a present for free."
    rules = _table(tmp_path, exemplars, ["Thank you for your order."], {"threshold": 0.6, "margin": 0.05})
    found = check(paraphrase, channel="amazon", rules=rules).findings
    assert [(f.rule_id, f.found_by) for f in found] == [("test.no_gifts", "meaning")]
    assert found[0].reason == f"gift “{paraphrase}” on Amazon (read by meaning: close to “{exemplars[0]}”)"
    # the same paraphrase listed as an allowed look-alike wins against the exemplar
    rules = _table(tmp_path, exemplars, [paraphrase], {"threshold": 0.6, "margin": 0.05})
    assert check(paraphrase, channel="amazon", rules=rules).status == "clean"
    # a threshold no paraphrase reaches: only the pattern finds anything
    rules = _table(tmp_path, exemplars, ["Thank you for your order."], {"threshold": 0.999, "margin": 0.05})
    assert check(paraphrase, channel="amazon", rules=rules).status == "clean"
    assert [f.found_by for f in check("zzqx", channel="amazon", rules=rules).findings] == ["rule"]


def test_semantic_check_can_be_switched_off_for_a_comparison(tmp_path):
    rules = _table(tmp_path, ["We will send you a free gift if you write a review."], ["Thank you for your order."],
                   {"threshold": 0.6, "margin": 0.05})
    text = "Write a review and we send you a present for free."
    assert check(text, channel="amazon", rules=rules, semantic=False).status == "clean"
