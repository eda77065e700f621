"""FAQ matching by meaning, in any language, with the triage's sentence encoder (docs/automation.md, "FAQ").

A buyer's text is embedded once (sellerdesk.triage.embedder, the offline multilingual USE model)
and compared with every question and wording of every active entry, in every language. The
nearest entry matches when its similarity is at least THRESHOLD, beats the next entry by at
least MARGIN (a text between two topics is left to a person) and beats the nearest
counter-example (faq/counter.py: an order problem, not a question) by COUNTER_MARGIN. The answer is the entry's text in
the buyer's language — no text in that language: no automatic answer — followed by the line
saying how to reach a person.

THRESHOLD and the margins were chosen with bench/faq_threshold.py on paraphrases written for it
(tests/faq/paraphrases.jsonl), for no wrong answer on the questions that are not FAQs.

The wordings' embeddings are kept per process and rebuilt when an entry changes (one small
aggregate query per call tells).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

import numpy as np
from django.db.models import Count, Max

from sellerdesk.faq import human
from sellerdesk.faq.counter import COUNTER_EXAMPLES
from sellerdesk.faq.models import FaqEntry, FaqText

THRESHOLD = 0.62
MARGIN = 0.02
COUNTER_MARGIN = 0.05


@dataclass(frozen=True)
class FaqHit:
    """The nearest entry, whatever the buyer's language."""

    entry_id: int
    score: float  # cosine similarity to the nearest wording
    wording: str  # that wording (in any language)
    runner_up: float  # the best similarity of any other entry
    counter: float = 0.0  # the best similarity to a counter-example (a problem, not a question)

    @property
    def confident(self) -> bool:
        return confident(self, THRESHOLD, MARGIN, COUNTER_MARGIN)


def confident(hit: FaqHit, threshold: float, margin: float, counter_margin: float) -> bool:
    return hit.score >= threshold and hit.score - hit.runner_up >= margin and hit.score - hit.counter >= counter_margin


@dataclass(frozen=True)
class FaqMatch:
    """An answer ready to send: the entry's answer in the buyer's language and the human line."""

    entry_id: int
    topic: str
    language: str
    question: str  # the entry's question in the buyer's language
    answer: str  # as the buyer reads it, ending with the "reply HUMAN" line
    score: float
    wording: str


_lock = threading.Lock()
_index: tuple | None = None  # (stamp, entry ids per row, wordings, matrix)


def _stamp() -> tuple:
    texts = FaqText.objects.filter(entry__is_active=True).aggregate(n=Count("id"), t=Max("updated_at"), e=Max("entry__updated_at"))
    return texts["n"], texts["t"], texts["e"]


def _load() -> tuple[list[int], list[str], np.ndarray]:
    global _index
    stamp = _stamp()
    with _lock:
        if _index is None or _index[0] != stamp:
            ids, wordings = [], []
            for t in FaqText.objects.filter(entry__is_active=True).order_by("entry_id", "language"):
                for q in t.questions():
                    ids.append(t.entry_id)
                    wordings.append(q)
            _index = (stamp, ids, wordings, _embed(wordings) if wordings else np.zeros((0, 512), dtype=np.float32))
        return _index[1], _index[2], _index[3]


def _embed(texts: list[str]) -> np.ndarray:
    from sellerdesk.triage import embedder

    return embedder.embed([embedder.prepare(t) for t in texts])


def nearest(text: str) -> FaqHit | None:
    """The nearest active entry to a text (confident or not); None when there are no entries."""
    if not (text or "").strip():
        return None
    ids, wordings, matrix = _load()
    if not ids:
        return None
    vector = _embed([text])[0]
    return rank(ids, wordings, matrix @ vector, float((_counter_matrix() @ vector).max()))


_counters: np.ndarray | None = None


def _counter_matrix() -> np.ndarray:
    global _counters
    if _counters is None:
        _counters = _embed(list(COUNTER_EXAMPLES))
    return _counters


def rank(ids: list, wordings: list[str], scores: np.ndarray, counter: float = 0.0) -> FaqHit:
    """The nearest entry and the best of the others, from one text's similarities to every wording."""
    best: dict = {}
    for entry_id, wording, score in zip(ids, wordings, scores.tolist()):
        if entry_id not in best or score > best[entry_id][0]:
            best[entry_id] = (score, wording)
    ranked = sorted(best.items(), key=lambda kv: kv[1][0], reverse=True)
    entry_id, (score, wording) = ranked[0]
    runner_up = ranked[1][1][0] if len(ranked) > 1 else 0.0
    return FaqHit(entry_id, round(score, 4), wording, round(runner_up, 4), round(counter, 4))


def match(text: str, lang: str) -> FaqMatch | None:
    """The FAQ answer for a buyer's text in their language `lang` (ISO 639-1: "en", "zh"...), or None.

    None when no entry is near enough, when two entries are about as near, or when the matched
    entry has no text in `lang` (a buyer is never answered in a language they did not write in).
    """
    hit = nearest(text)
    if hit is None or not hit.confident:
        return None
    lang = (lang or "").split("-")[0].lower()
    text_row = FaqText.objects.filter(entry_id=hit.entry_id, language=lang).select_related("entry").first()
    if text_row is None:
        return None
    answer = human.with_line(text_row.answer, lang)
    if answer is None:
        return None
    return FaqMatch(hit.entry_id, text_row.entry.topic, lang, text_row.question, answer, hit.score, hit.wording)
