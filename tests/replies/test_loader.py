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
