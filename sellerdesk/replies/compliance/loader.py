"""Read the rule table (rule_tables/*.json), validate it and compile its patterns.

A rule file is {"vocab": {lang: {NAME: regex}}, "rules": [rule, ...]}. Patterns
may use {NAME} for a vocabulary entry of their language, plus the built-ins
{GAP} and {NEAR}: a short stretch that never crosses a sentence end, so two
phrases in different sentences are never read as one statement.
"""

from __future__ import annotations

import json
import re
import string
from functools import cache
from pathlib import Path

from sellerdesk.replies.compliance.model import SEVERITIES, UI_LANGUAGES, Rule

RULES_DIR = Path(__file__).resolve().parent / "rule_tables"
_SENTENCE_END = r".!?;。！？；\n"
BUILTIN_VOCAB = {
    "GAP": rf"[^{_SENTENCE_END}]{{0,40}}?",
    "NEAR": rf"[^{_SENTENCE_END}]{{0,15}}?",
}
_PLACEHOLDER = re.compile(r"\{([A-Z][A-Z_]*)\}")
_KNOWN_KEYS = {
    "id", "channels", "severity", "automated_only", "title", "explanation", "reason",
    "source", "check", "patterns", "vocab", "params", "examples",
}


class RuleError(ValueError):
    """The rule table is malformed; the message names the file and the rule."""


def _expand(pattern: str, vocab: dict[str, str], where: str) -> str:
    def sub(m: re.Match) -> str:
        name = m.group(1)
        if name not in vocab:
            raise RuleError(f"{where}: unknown vocabulary name {{{name}}}")
        return f"(?:{vocab[name]})"

    return _PLACEHOLDER.sub(sub, pattern)


def _texts(raw: dict, key: str, where: str) -> dict[str, str]:
    value = raw.get(key)
    if not isinstance(value, dict) or any(not isinstance(value.get(lang), str) or not value[lang] for lang in UI_LANGUAGES):
        raise RuleError(f"{where}: {key!r} needs non-empty texts for {', '.join(UI_LANGUAGES)}")
    return dict(value)


def _examples(raw: dict, where: str) -> dict[str, tuple[dict, ...]]:
    ex = raw.get("examples")
    if not isinstance(ex, dict) or not ex.get("positive") or not ex.get("negative"):
        raise RuleError(f"{where}: 'examples' needs at least one 'positive' and one 'negative' example")
    out = {}
    for kind in ("positive", "negative"):
        items = []
        for item in ex[kind]:
            item = {"text": item} if isinstance(item, str) else item
            if not isinstance(item, dict) or not isinstance(item.get("text"), str):
                raise RuleError(f"{where}: each {kind} example is a string or an object with 'text'")
            items.append(item)
        out[kind] = tuple(items)
    return out


def build_rule(raw: dict, file_vocab: dict, file: str) -> Rule:
    from sellerdesk.replies.compliance.checks import CHECK_VALUES, CHECKS

    rid = raw.get("id")
    where = f"{file}: rule {rid!r}"
    if not isinstance(rid, str) or not re.fullmatch(r"[a-z0-9_]+\.[a-z0-9_]+", rid):
        raise RuleError(f"{where}: 'id' must look like 'amazon.no_external_links'")
    unknown = set(raw) - _KNOWN_KEYS
    if unknown:
        raise RuleError(f"{where}: unknown keys {sorted(unknown)}")
    if raw.get("severity") not in SEVERITIES:
        raise RuleError(f"{where}: 'severity' must be one of {SEVERITIES}")
    channels = raw.get("channels")
    if not isinstance(channels, list) or not channels or not all(isinstance(c, str) and c for c in channels):
        raise RuleError(f"{where}: 'channels' must be a non-empty list of channel names (or [\"*\"])")
    check = raw.get("check", "patterns")
    if check not in CHECKS:
        raise RuleError(f"{where}: unknown check {check!r}; known: {', '.join(sorted(CHECKS))}")
    reasons = _texts(raw, "reason", where)
    allowed = {"channel", "excerpt", *CHECK_VALUES[check]}
    for lang, template in reasons.items():
        names = {f for _, f, _, _ in string.Formatter().parse(template) if f is not None}
        if names - allowed:
            raise RuleError(f"{where}: reason ({lang}) uses {sorted(names - allowed)}; check {check!r} gives {sorted(allowed)}")
    compiled = []
    for lang, patterns in (raw.get("patterns") or {}).items():
        vocab = {**BUILTIN_VOCAB, **file_vocab.get(lang, {}), **(raw.get("vocab") or {}).get(lang, {})}
        for i, pattern in enumerate(patterns):
            at = f"{where}: pattern {lang}[{i}]"
            try:
                compiled.append((lang, re.compile(_expand(pattern, vocab, at), re.IGNORECASE)))
            except re.error as exc:
                raise RuleError(f"{at} does not compile: {exc}") from None
    if check == "patterns" and not compiled:
        raise RuleError(f"{where}: a pattern rule needs 'patterns'")
    return Rule(
        id=rid,
        channels=tuple(channels),
        severity=raw["severity"],
        titles=_texts(raw, "title", where),
        explanations=_texts(raw, "explanation", where),
        reasons=reasons,
        source=str(raw.get("source", "")),
        automated_only=bool(raw.get("automated_only", False)),
        check=check,
        params=dict(raw.get("params") or {}),
        patterns=tuple(compiled),
        examples=_examples(raw, where),
        file=file,
    )


def load_rules(directory: Path = RULES_DIR) -> tuple[Rule, ...]:
    rules: list[Rule] = []
    for path in sorted(Path(directory).glob("*.json")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except json.JSONDecodeError as exc:
            raise RuleError(f"{path.name}: not valid JSON: {exc}") from None
        if not isinstance(data, dict) or not isinstance(data.get("rules"), list):
            raise RuleError(f"{path.name}: expected an object with a 'rules' list")
        rules.extend(build_rule(raw, data.get("vocab") or {}, path.name) for raw in data["rules"])
    seen: set[str] = set()
    for rule in rules:
        if rule.id in seen:
            raise RuleError(f"{rule.file}: rule id {rule.id!r} is defined twice")
        seen.add(rule.id)
    return tuple(rules)


@cache
def default_rules() -> tuple[Rule, ...]:
    return load_rules()
