"""The cue matcher's shortcuts find exactly what trying every phrase at every word finds.

Matcher.scan looks a word up alone when it starts no longer phrase, and tries a prefix phrase only
where its first word stands. Here the plain scan (every n-gram length at every word, every prefix
at every position) is run beside it over the shipped example messages of every language, plus
texts made to hit the edges (a phrase at the very end, a prefix phrase's first word last).
"""

from __future__ import annotations

import json
from pathlib import Path

from sellerdesk.triage import cues

DATA = Path(cues.__file__).resolve().parent / "data"


def plain_scan(matcher: cues.Matcher, text: str, words: tuple[str, ...]) -> list[tuple[str, str, int]]:
    hits: list[tuple[str, str, int]] = []
    lower = text.lower()
    for phrase, kind in matcher.substrings:
        if phrase in lower:
            hits.extend((kind, phrase, -1) for _ in range(lower.count(phrase)))
    for pattern, kind in matcher.regexes:
        m = pattern.search(text)
        if m:
            hits.append((kind, m.group(0), -1))
    n_words = len(words)
    for i in range(n_words):
        for n in range(1, min(matcher.longest, n_words - i) + 1):
            kind = matcher.ngrams.get(words[i : i + n])
            if kind is not None:
                hits.append((kind, " ".join(words[i : i + n]), i))
    for head, last, kind in matcher.prefixes:
        k = len(head)
        for i in range(n_words - k):
            if words[i : i + k] == head and words[i + k].startswith(last):
                hits.append((kind, " ".join(words[i : i + k + 1]), i))
    return hits


def texts() -> list[str]:
    out = []
    for path in sorted(DATA.glob("examples_*.jsonl")):
        out += [json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    matcher = cues.rules().matcher
    for words in list(matcher.ngrams)[:200]:
        out += [" ".join(words), "well " + " ".join(words), " ".join(words[:1])]
    for head, last, _ in matcher.prefixes:
        out += [" ".join([*head, last + "xyz"]), " ".join(["so", *head]), " ".join(head)]
    return out


def test_the_matcher_finds_exactly_what_the_plain_scan_finds():
    matcher = cues.rules().matcher
    checked = texts()
    assert len(checked) > 1000
    hits = 0
    for text in checked:
        words = cues._words(text)
        expected = plain_scan(matcher, text, words)
        assert matcher.scan(text, words) == expected, text
        hits += len(expected)
    assert hits > 500  # the texts do hit phrases of every sort, not only miss them
