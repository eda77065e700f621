"""A malformed rule table is refused with a message naming the file, the rule and the problem."""

import json

import pytest

from sellerdesk.replies.compliance import RuleError, SendContext, check
from sellerdesk.replies.compliance.loader import load_rules


def rule(**overrides):
    base = {
        "id": "test.no_foo",
        "channels": ["amazon"],
        "severity": "block",
        "title": {"en": "No foo", "zh-hans": "不得 foo"},
        "explanation": {"en": "Foo is not allowed.", "zh-hans": "不允许 foo。"},
        "reason": {"en": "“{excerpt}” is foo on {channel}", "zh-hans": "{channel}：“{excerpt}”"},
        "patterns": {"en": [r"\bfoo{NEAR}bar\b"], "de": [r"\b{FOO}\b"]},
        "examples": {"positive": ["foo and bar"], "negative": ["food bars"]},
    }
    base.update(overrides)
    return base


def write(tmp_path, rules, vocab=None, name="test.json"):
    (tmp_path / name).write_text(json.dumps({"vocab": vocab or {"de": {"FOO": "fu+"}}, "rules": rules}), encoding="utf-8")
    return tmp_path


def test_a_valid_table_loads_and_runs(tmp_path):
    (loaded,) = load_rules(write(tmp_path, [rule()]))
    assert (loaded.id, loaded.languages, loaded.file) == ("test.no_foo", ["de", "en"], "test.json")
    verdict = check("so foo, bar.", channel="amazon", context=SendContext(), rules=(loaded,))
    assert [(f.rule_id, f.reason) for f in verdict.findings] == [("test.no_foo", "“foo, bar” is foo on Amazon")]
    assert check("fuuu", channel="amazon", rules=(loaded,)).rule_ids == ["test.no_foo"]
    # a gap never crosses a sentence end
    assert check("foo. bar", channel="amazon", rules=(loaded,)).status == "clean"


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"id": "NoDot"}, "test.json: rule 'NoDot': 'id' must look like 'amazon.no_external_links'"),
        ({"severity": "fatal"}, "test.json: rule 'test.no_foo': 'severity' must be one of ('block', 'warn')"),
        ({"channels": []}, "test.json: rule 'test.no_foo': 'channels' must be a non-empty list of channel names (or [\"*\"])"),
        ({"check": "magic"}, "test.json: rule 'test.no_foo': unknown check 'magic'; known: attachments, bare_thanks, contact_details, feedback_once, link_paths, links, patterns, quiet_hours, reply_window"),
        ({"patterns": {"en": ["(unclosed"]}}, "test.json: rule 'test.no_foo': pattern en[0] does not compile: missing ), unterminated subpattern at position 0"),
        ({"patterns": {"en": ["{NOPE} x"]}}, "test.json: rule 'test.no_foo': pattern en[0]: unknown vocabulary name {NOPE}"),
        ({"patterns": {}}, "test.json: rule 'test.no_foo': a pattern rule needs 'patterns'"),
        ({"title": {"en": "No foo"}}, "test.json: rule 'test.no_foo': 'title' needs non-empty texts for en, zh-hans"),
        ({"reason": {"en": "{url} is bad", "zh-hans": "x"}}, "test.json: rule 'test.no_foo': reason (en) uses ['url']; check 'patterns' gives ['channel', 'excerpt', 'language']"),
        ({"examples": {"positive": ["foo bar"]}}, "test.json: rule 'test.no_foo': 'examples' needs at least one 'positive' and one 'negative' example"),
        ({"colour": "red"}, "test.json: rule 'test.no_foo': unknown keys ['colour']"),
    ],
)
def test_bad_rules_are_refused(tmp_path, overrides, message):
    with pytest.raises(RuleError) as exc:
        load_rules(write(tmp_path, [rule(**overrides)]))
    assert str(exc.value) == message


def test_duplicate_ids_across_files(tmp_path):
    write(tmp_path, [rule()], name="a.json")
    write(tmp_path, [rule()], name="b.json")
    with pytest.raises(RuleError) as exc:
        load_rules(tmp_path)
    assert str(exc.value) == "b.json: rule id 'test.no_foo' is defined twice"


def test_file_that_is_not_json(tmp_path):
    (tmp_path / "broken.json").write_text('{"rules": [', encoding="utf-8")
    with pytest.raises(RuleError) as exc:
        load_rules(tmp_path)
    assert str(exc.value).startswith("broken.json: not valid JSON: ")


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"phrases": ["nope"]}, "test.json: rule 'test.no_foo': unknown phrase set 'nope'"),
        ({"overrides": {"ebay": {"severity": "warn"}}}, "test.json: rule 'test.no_foo': override for 'ebay', which is not in the rule's channels"),
        ({"overrides": {"amazon": {"colour": "red"}}}, "test.json: rule 'test.no_foo': an override holds only 'severity', 'params' and 'reason'"),
        ({"overrides": {"amazon": {"severity": "loud"}}}, "test.json: rule 'test.no_foo': override severity for 'amazon' must be one of ('block', 'warn')"),
        ({"params": {"allowed": ["@nolist"]}}, "test.json: rule 'test.no_foo': params.allowed names an unknown list '@nolist'"),
        ({"exceptions": {"en": ["(x"]}}, "test.json: rule 'test.no_foo': exception en[0] does not compile: missing ), unterminated subpattern at position 0"),
    ],
)
def test_bad_rule_references_are_refused(tmp_path, overrides, message):
    with pytest.raises(RuleError) as exc:
        load_rules(write(tmp_path, [rule(**overrides)]))
    assert str(exc.value) == message


def test_bad_phrase_sets_are_refused(tmp_path):
    def table(phrase):
        (tmp_path / "p.json").write_text(json.dumps({"phrases": {"gifts": phrase}}), encoding="utf-8")
        with pytest.raises(RuleError) as exc:
            load_rules(tmp_path)
        return str(exc.value)

    assert table({"exemplars": ["x"]}) == "p.json: phrase set 'gifts': a phrase set needs 'patterns'"
    assert table({"patterns": {"en": ["x"]}, "exemplars": ["a gift"]}) == (
        "p.json: phrase set 'gifts': 'exemplars' need 'semantic': {'threshold': ..., 'margin': ...}"
    )
    assert table({"patterns": {"en": ["x"]}, "exemplars": ["a gift"], "semantic": {"threshold": 0.7, "margin": 0.1, "k": 3}}) == (
        "p.json: phrase set 'gifts': 'semantic' holds only threshold, margin, probability and floor"
    )
    assert table({"patterns": {"en": ["x"]}, "colour": "red"}) == "p.json: phrase set 'gifts': unknown keys ['colour']"


def test_one_phrase_set_serves_several_channels_with_their_own_severity(tmp_path):
    (tmp_path / "p.json").write_text(json.dumps({
        "phrases": {"gifts": {"patterns": {"en": [r"\bfree gift\b"]}}},
        "rules": [rule(id="test.gifts", channels=["amazon", "shopify"], patterns=None, phrases=["gifts"],
                       overrides={"shopify": {"severity": "warn"}}, examples={"positive": ["a free gift"], "negative": ["a gift"]})],
    }), encoding="utf-8")
    (loaded,) = load_rules(tmp_path)
    assert check("A free gift for you.", channel="amazon", rules=(loaded,)).status == "blocked"
    assert check("A free gift for you.", channel="shopify", rules=(loaded,)).status == "warned"
    assert check("A free gift for you.", channel="ebay", rules=(loaded,)).status == "clean"


def test_other_markets_leave_the_channels_own_marketplace_out(tmp_path):
    (tmp_path / "p.json").write_text(json.dumps({
        "markets": {"amazon": ["amazon"], "ebay": ["ebay"], "other": ["etsy"]},
        "rules": [rule(id="test.elsewhere", channels=["amazon", "ebay"], patterns={"en": [r"\bon (?:{OTHER_MARKETS})\b"]},
                       examples={"positive": ["on etsy"], "negative": ["on amazon"]})],
    }), encoding="utf-8")
    (loaded,) = load_rules(tmp_path)
    on = {(text, channel): check(text, channel=channel, rules=(loaded,)).status
          for text in ("sold on amazon", "sold on ebay", "sold on etsy") for channel in ("amazon", "ebay")}
    assert on == {
        ("sold on amazon", "amazon"): "clean", ("sold on amazon", "ebay"): "blocked",
        ("sold on ebay", "amazon"): "blocked", ("sold on ebay", "ebay"): "clean",
        ("sold on etsy", "amazon"): "blocked", ("sold on etsy", "ebay"): "blocked",
    }


def test_an_exception_clears_its_sentence_only(tmp_path):
    loaded = load_rules(write(tmp_path, [rule(patterns={"en": [r"\bchange your review\b"]}, exceptions={"en": [r"\bif you wish\b"]},
                                              examples={"positive": ["change your review"], "negative": ["change your review if you wish"]})]))
    assert check("You may change your review if you wish.", channel="amazon", rules=loaded).status == "clean"
    assert check("If you wish, call us. Please change your review.", channel="amazon", rules=loaded).status == "blocked"


def test_a_list_is_used_by_name(tmp_path):
    (tmp_path / "l.json").write_text(json.dumps({
        "lists": {"carriers": ["ups.com"]},
        "rules": [rule(id="test.links", check="links", patterns=None, params={"allowed": ["@carriers", "shop.example"]},
                       reason={"en": "{url}", "zh-hans": "{url}"}, examples={"positive": ["https://x.com"], "negative": ["https://ups.com/t"]})],
    }), encoding="utf-8")
    (loaded,) = load_rules(tmp_path)
    assert loaded.params["allowed"] == ["ups.com", "shop.example"]
