"""Escalation cues and sentiment words: editable keyword rules in every supported language.

The rules live in data/cues.json (shipped) and, optionally, an override file
at DATA_DIR/triage/cues.json whose lists are appended, so a seller can add the
phrases their buyers use without touching code. Every language's rules run on
every message: a wrong or unknown language must not hide a chargeback threat.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from django.conf import settings

SHIPPED = Path(__file__).resolve().parent / "data" / "cues.json"
# Scripts written without spaces: a phrase there matches anywhere, not at word edges.
_UNSPACED = re.compile(r"[\u0e00-\u0e7f\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uff00-\uffef★]")


def override_path() -> Path:
    return Path(settings.DATA_DIR) / "triage" / "cues.json"


_WORD = re.compile(r"\w+")


def _words(text: str) -> tuple[str, ...]:
    return tuple(_WORD.findall(text.lower()))


class Matcher:
    """Finds phrases of one rule set fast: word n-grams by dict lookup, unspaced
    phrases by substring, and only the few 're:' entries by regular expression."""

    def __init__(self, by_kind: dict[str, list[str]]):
        self.ngrams: dict[tuple[str, ...], str] = {}
        self.prefixes: list[tuple[tuple[str, ...], str, str]] = []
        self.substrings: list[tuple[str, str]] = []
        self.regexes: list[tuple[re.Pattern, str]] = []
        for kind, entries in by_kind.items():
            for entry in entries:
                entry = entry.strip()
                if entry.startswith("re:"):
                    self.regexes.append((re.compile(entry[3:], re.IGNORECASE), kind))
                elif _UNSPACED.search(entry) or not _WORD.search(entry):
                    self.substrings.append((entry.lower().rstrip("*"), kind))
                elif entry.endswith("*"):
                    words = _words(entry)
                    self.prefixes.append((words[:-1], words[-1], kind))
                else:
                    self.ngrams.setdefault(_words(entry), kind)
        self.longest = max((len(k) for k in self.ngrams), default=0)
        # Most words start no phrase of two or more words: for them only the one-word lookup is tried.
        self.starts_longer = {k[0] for k in self.ngrams if len(k) > 1}

    def scan(self, text: str, words: tuple[str, ...]) -> list[tuple[str, str, int]]:
        """(kind, matched text, word position or -1) for every hit."""
        hits: list[tuple[str, str, int]] = []
        lower = text.lower()
        for phrase, kind in self.substrings:
            if phrase in lower:
                hits.extend((kind, phrase, -1) for _ in range(lower.count(phrase)))
        for pattern, kind in self.regexes:
            m = pattern.search(text)
            if m:
                hits.append((kind, m.group(0), -1))
        ngrams, n_words, starts_longer = self.ngrams, len(words), self.starts_longer
        for i, word in enumerate(words):
            if word not in starts_longer:
                kind = ngrams.get((word,))
                if kind is not None:
                    hits.append((kind, word, i))
                continue
            for n in range(1, min(self.longest, n_words - i) + 1):
                kind = ngrams.get(words[i : i + n])
                if kind is not None:
                    hits.append((kind, " ".join(words[i : i + n]), i))
        at: dict[str, list[int]] = {}
        if self.prefixes:
            for i, word in enumerate(words):
                at.setdefault(word, []).append(i)
        for head, last, kind in self.prefixes:
            k = len(head)
            # the positions where the phrase's first word stands (every position for a one-word prefix)
            for i in at.get(head[0], ()) if k else range(n_words):
                if i < n_words - k and words[i : i + k] == head and words[i + k].startswith(last):
                    hits.append((kind, " ".join(words[i : i + k + 1]), i))
        return hits


def _merge(base: dict, extra: dict) -> dict:
    for key, value in extra.items():
        if isinstance(value, dict):
            base[key] = _merge(base.get(key, {}), value)
        elif isinstance(value, list):
            base[key] = list(base.get(key, [])) + value
        else:
            base[key] = value
    return base


@dataclass
class Rules:
    labels: dict[str, str]
    order: list[str]  # cue kinds in rule order
    matcher: Matcher


@lru_cache(maxsize=1)
def rules() -> Rules:
    data = json.loads(SHIPPED.read_text(encoding="utf-8"))
    extra = override_path()
    if extra.exists():
        data = _merge(data, json.loads(extra.read_text(encoding="utf-8")))
    by_kind = {kind: [e for phrases in langs.values() for e in phrases] for kind, langs in data["cues"].items()}
    by_kind["+negative"] = [e for phrases in data.get("negative", {}).values() for e in phrases]
    by_kind["+positive"] = [e for phrases in data.get("positive", {}).values() for e in phrases]
    return Rules(data.get("labels", {}), list(data["cues"]), Matcher(by_kind))


def reload() -> None:
    rules.cache_clear()


@dataclass
class CueHits:
    cues: list[str] = field(default_factory=list)  # escalation cue kinds, in rule order
    negative: int = 0  # negative sentiment words
    positive: int = 0  # positive words not preceded by a negation
    matched: dict[str, str] = field(default_factory=dict)  # cue kind -> the text that fired it

    @property
    def anger(self) -> bool:
        return "anger" in self.cues


_NEGATORS = frozenset(
    "not no never nicht kein keine keinen nie pas ne non não nao niet geen inte ej değil tidak tak không chưa".split()
)


def find(text: str) -> CueHits:
    r = rules()
    words = _words(text)
    hits = CueHits()
    found: dict[str, str] = {}
    for kind, matched, pos in r.matcher.scan(text, words):
        if kind == "+negative":
            hits.negative += 1
        elif kind == "+positive":
            # "not happy" is no praise: skip a positive word right after a negation.
            if pos < 0 or not _NEGATORS.intersection(words[max(0, pos - 2) : pos]):
                hits.positive += 1
        else:
            found.setdefault(kind, matched)
    hits.cues = [kind for kind in r.order if kind in found]
    hits.matched = {kind: found[kind] for kind in hits.cues}
    return hits


def label(kind: str) -> str:
    return rules().labels.get(kind, kind.replace("_", " "))
