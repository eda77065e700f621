"""Read the rule table (rule_tables/*.json), validate it and compile its patterns.

A file is {"vocab": {lang: {NAME: regex}}, "lists": {name: [...]}, "phrases":
{name: phrase set}, "rules": [rule, ...]}, every key optional. Patterns may use
{NAME} for a vocabulary entry of their language, plus the built-ins {GAP} and
{NEAR}: a short stretch that never crosses a sentence end, so two phrases in
different sentences are never read as one statement.

A phrase set is one kind of violation (a review incentive, off-platform
selling...) written once — patterns per language plus exemplars for the
semantic check — that several channels' rules use by name ("phrases"). A
"lists" entry is a named list (e.g. carriers' domains) that rule params use
as "@name".
"""

from __future__ import annotations

import dataclasses
import json
import re
import string
from functools import cache
from pathlib import Path

from sellerdesk.replies.compliance.model import SEVERITIES, UI_LANGUAGES, PhraseSet, Rule

RULES_DIR = Path(__file__).resolve().parent / "rule_tables"
_SENTENCE_END = r".!?;。！？；\n"
BUILTIN_VOCAB = {
    "GAP": rf"[^{_SENTENCE_END}]{{0,40}}?",
    "NEAR": rf"[^{_SENTENCE_END}]{{0,15}}?",
    # the rest of a sentence: two phrases of one statement far apart ("leave a review ... we'll send a gift")
    "SPAN": rf"[^{_SENTENCE_END}]{{0,90}}?",
}
# {OTHER_MARKETS}: every marketplace's names except the channel's own ("buy it on eBay" is
# off-platform on Amazon, not on eBay). Filled in per channel when the rule is built.
OTHER_MARKETS = "OTHER_MARKETS"
_MARKER = "\x00OTHER_MARKETS\x00"
_PLACEHOLDER = re.compile(r"\{([A-Z][A-Z_]*)\}")
_KNOWN_KEYS = {
    "id", "channels", "severity", "automated_only", "title", "explanation", "reason",
    "source", "check", "patterns", "exceptions", "vocab", "params", "examples", "phrases", "overrides",
}
_PHRASE_KEYS = {"about", "patterns", "exceptions", "vocab", "exemplars", "counter_examples", "semantic"}
_FILE_KEYS = {"about", "vocab", "lists", "markets", "phrases", "rules"}


class RuleError(ValueError):
    """The rule table is malformed; the message names the file and the rule."""


def _refuse_unknown(raw: dict, known: set[str], where: str) -> None:
    unknown = set(raw) - known
    if unknown:
        raise RuleError(f"{where}: unknown keys {sorted(unknown)}")


def _expand(pattern: str, vocab: dict[str, str], where: str) -> str:
    def sub(m: re.Match) -> str:
        name = m.group(1)
        if name == OTHER_MARKETS:
            return _MARKER
        if name not in vocab:
            raise RuleError(f"{where}: unknown vocabulary name {{{name}}}")
        # a vocabulary entry may itself use built-ins ({GAP}) and other entries
        return f"(?:{_PLACEHOLDER.sub(sub, vocab[name])})"

    return _PLACEHOLDER.sub(sub, pattern)


def _markets_regex(markets: dict[str, list[str]], channel: str | None) -> str:
    names = [n for owner, items in markets.items() if owner != channel for n in items]
    return "(?:" + "|".join(names) + ")" if names else "(?!x)x"


def _fill(sources, markets: dict, channel: str | None, where: str, key: str = "pattern") -> tuple:
    out = []
    for lang, i, source in sources:
        try:
            out.append((lang, re.compile(source.replace(_MARKER, _markets_regex(markets, channel)), re.IGNORECASE)))
        except re.error as exc:
            raise RuleError(f"{where}: {key} {lang}[{i}] does not compile: {exc}") from None
    return tuple(out)


def _sources(patterns: dict, file_vocab: dict, own_vocab: dict, where: str, key: str = "pattern") -> list[tuple[str, int, str]]:
    """(language, index, regex source) with the vocabulary filled in; {OTHER_MARKETS} left for _fill."""
    out = []
    for lang, items in (patterns or {}).items():
        vocab = {**BUILTIN_VOCAB, **file_vocab.get(lang, {}), **(own_vocab or {}).get(lang, {})}
        for i, pattern in enumerate(items):
            out.append((lang, i, _expand(pattern, vocab, f"{where}: {key} {lang}[{i}]")))
    return out


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


def _sentences(value, where: str, key: str) -> tuple[str, ...]:
    """Exemplars are a list or {lang: [...]}; the language is only for whoever edits the file."""
    items = [s for group in value.values() for s in group] if isinstance(value, dict) else list(value or [])
    if not all(isinstance(s, str) and s.strip() for s in items):
        raise RuleError(f"{where}: {key!r} must hold non-empty sentences")
    return tuple(items)


def build_phrase_set(name: str, raw: dict, file_vocab: dict, file: str, markets: dict | None = None) -> PhraseSet:
    where = f"{file}: phrase set {name!r}"
    if not re.fullmatch(r"[a-z0-9_]+", name):
        raise RuleError(f"{where}: a phrase set's name is lower case letters, digits and _")
    if not isinstance(raw, dict):
        raise RuleError(f"{where}: expected an object")
    _refuse_unknown(raw, _PHRASE_KEYS, where)
    sources = _sources(raw.get("patterns"), file_vocab, raw.get("vocab"), where)
    if not sources:
        raise RuleError(f"{where}: a phrase set needs 'patterns'")
    exception_sources = _sources(raw.get("exceptions"), file_vocab, raw.get("vocab"), where, "exception")
    compiled = _fill(sources, markets or {}, None, where)
    exceptions = _fill(exception_sources, markets or {}, None, where, "exception")
    exemplars = _sentences(raw.get("exemplars"), where, "exemplars")
    semantic = raw.get("semantic") or {}
    if exemplars and not {"threshold", "margin"} <= set(semantic):
        raise RuleError(f"{where}: 'exemplars' need 'semantic': {{'threshold': ..., 'margin': ...}}")
    if set(semantic) - {"threshold", "margin", "probability", "floor"}:
        raise RuleError(f"{where}: 'semantic' holds only threshold, margin, probability and floor")
    return PhraseSet(
        name=name,
        patterns=compiled,
        exceptions=exceptions,
        sources=(tuple(sources), tuple(exception_sources)),
        exemplars=exemplars,
        counter_examples=_sentences(raw.get("counter_examples"), where, "counter_examples"),
        threshold=float(semantic.get("threshold", 1.0)),
        margin=float(semantic.get("margin", 0.0)),
        probability=float(semantic.get("probability", 1.01)),
        floor=float(semantic.get("floor", 1.0)),
        file=file,
    )


def _expand_lists(params: dict, lists: dict, where: str) -> dict:
    """["@carriers", "amazon.*"] -> the carriers' list plus "amazon.*"."""
    out = {}
    for key, value in params.items():
        if isinstance(value, list):
            expanded = []
            for item in value:
                if isinstance(item, str) and item.startswith("@"):
                    if item[1:] not in lists:
                        raise RuleError(f"{where}: params.{key} names an unknown list {item!r}")
                    expanded.extend(lists[item[1:]])
                else:
                    expanded.append(item)
            value = expanded
        out[key] = value
    return out


def _overrides(raw: dict, channels: list[str], lists: dict, where: str) -> dict:
    value = raw.get("overrides") or {}
    if not isinstance(value, dict):
        raise RuleError(f"{where}: 'overrides' must be {{channel: {{...}}}}")
    out = {}
    for channel, override in value.items():
        if channel not in channels:
            raise RuleError(f"{where}: override for {channel!r}, which is not in the rule's channels")
        if not isinstance(override, dict) or set(override) - {"severity", "params", "reason"}:
            raise RuleError(f"{where}: an override holds only 'severity', 'params' and 'reason'")
        if "reason" in override:
            _texts(override, "reason", f"{where}: override for {channel!r}")
        if "severity" in override and override["severity"] not in SEVERITIES:
            raise RuleError(f"{where}: override severity for {channel!r} must be one of {SEVERITIES}")
        out[channel] = {**override, "params": _expand_lists(override.get("params") or {}, lists, where)}
    return out


def build_rule(
    raw: dict, file_vocab: dict, file: str, phrases: dict | None = None, lists: dict | None = None, markets: dict | None = None,
) -> Rule:
    from sellerdesk.replies.compliance.checks import CHECK_VALUES, CHECKS

    rid = raw.get("id")
    where = f"{file}: rule {rid!r}"
    if not isinstance(rid, str) or not re.fullmatch(r"[a-z0-9_]+\.[a-z0-9_]+", rid):
        raise RuleError(f"{where}: 'id' must look like 'amazon.no_external_links'")
    _refuse_unknown(raw, _KNOWN_KEYS, where)
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
    phrases, lists, markets = phrases or {}, lists or {}, markets or {}
    used = []
    for name in raw.get("phrases") or []:
        if name not in phrases:
            raise RuleError(f"{where}: unknown phrase set {name!r}")
        used.append(phrases[name])
    sources = [src for phrase_set in used for src in phrase_set.sources[0]]
    sources += _sources(raw.get("patterns"), file_vocab, raw.get("vocab"), where)
    exception_sources = [src for phrase_set in used for src in phrase_set.sources[1]]
    exception_sources += _sources(raw.get("exceptions"), file_vocab, raw.get("vocab"), where, "exception")
    compiled = _fill(sources, markets, None, where)
    exceptions = _fill(exception_sources, markets, None, where, "exception")
    by_channel = {}
    if any(_MARKER in src for _, _, src in sources + exception_sources):
        by_channel = {
            c: (
                _fill(sources, markets, c, where),
                _fill(exception_sources, markets, c, where, "exception"),
                # the channel's own marketplace, for the semantic check (it reads meaning, not names)
                re.compile(r"(?<![\w.])(?:" + "|".join(markets[c]) + r")(?![\w])", re.IGNORECASE),
                re.compile(r"(?<![\w.])" + _markets_regex(markets, c) + r"(?![\w])", re.IGNORECASE),
            )
            for c in channels if c in markets
        }
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
        params=_expand_lists(dict(raw.get("params") or {}), lists, where),
        patterns=compiled,
        exceptions=exceptions,
        channel_patterns=by_channel,
        examples=_examples(raw, where),
        file=file,
        phrase_sets=tuple(used),
        overrides=_overrides(raw, channels, lists, where),
    )


def _read(path: Path) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise RuleError(f"{path.name}: not valid JSON: {exc}") from None
    if not isinstance(data, dict) or not (set(data) & {"rules", "phrases", "lists", "markets"}):
        raise RuleError(f"{path.name}: expected an object with a 'rules' list")
    _refuse_unknown(data, _FILE_KEYS, path.name)
    if not isinstance(data.get("rules", []), list):
        raise RuleError(f"{path.name}: 'rules' must be a list")
    return data


def load_rules(directory: Path = RULES_DIR) -> tuple[Rule, ...]:
    files = [(path.name, _read(path)) for path in sorted(Path(directory).glob("*.json"))]
    # Phrase sets and lists first: a rule may use one from any file.
    phrases: dict[str, PhraseSet] = {}
    lists: dict[str, list] = {}
    markets: dict[str, list[str]] = {}
    for name, data in files:
        for list_name, items in (data.get("lists") or {}).items():
            if list_name in lists or not isinstance(items, list):
                raise RuleError(f"{name}: list {list_name!r} is defined twice or is not a list")
            lists[list_name] = items
        for owner, names in (data.get("markets") or {}).items():
            if owner in markets or not isinstance(names, list) or not all(isinstance(n, str) and n for n in names):
                raise RuleError(f"{name}: markets entry {owner!r} is defined twice or is not a list of names")
            markets[owner] = names
    for name, data in files:
        for set_name, raw in (data.get("phrases") or {}).items():
            if set_name in phrases:
                raise RuleError(f"{name}: phrase set {set_name!r} is defined twice")
            phrases[set_name] = build_phrase_set(set_name, raw, data.get("vocab") or {}, name, markets)
    # Each set's classifier also learns the other kinds as "not this one".
    phrases = {
        name: dataclasses.replace(ps, other_exemplars=tuple(e for other in phrases.values() if other is not ps for e in other.exemplars))
        for name, ps in phrases.items()
    }
    rules: list[Rule] = []
    for name, data in files:
        rules.extend(build_rule(raw, data.get("vocab") or {}, name, phrases, lists, markets) for raw in data.get("rules", []))
    seen: set[str] = set()
    for rule in rules:
        if rule.id in seen:
            raise RuleError(f"{rule.file}: rule id {rule.id!r} is defined twice")
        seen.add(rule.id)
    return tuple(rules)


@cache
def default_rules() -> tuple[Rule, ...]:
    return load_rules()
