"""The semantic check: a reply's sentences compared in meaning with the phrase sets' exemplars.

Patterns catch the wordings they were written for; a paraphrase in other words
(or in a language no pattern covers) is caught here. The sentences of a reply
are embedded in one batch with the offline multilingual encoder the triage
uses, and a sentence violates a phrase set when either

- it is a close paraphrase of one exemplar: cosine similarity to the set's
  nearest exemplar at least `threshold`, and higher than to any counter-example
  (allowed look-alikes: thanking for a review, a neutral review request...) by
  at least `margin`; or
- a small classifier trained on the set's exemplars against the counter-examples
  and the other sets' exemplars gives it a probability of at least `probability`, and it is still at least
  `floor` similar to its nearest exemplar (the classifier alone would follow a
  topic — a sentence about a phone case is not an offer to phone).

The counter-examples of all sets in play are pooled for the margin, so a
look-alike written for one kind protects against every kind. Exemplar
embeddings and the classifiers are made once per process.
"""

from __future__ import annotations

import dataclasses
import re
from functools import cache

import numpy as np

from sellerdesk.replies.compliance.model import PhraseSet

# Sentence ends, also inside a line; "—" and ";" often join two statements in a reply.
_SPLIT = re.compile(r"(?<=[.!?;:])\s+|(?<=[。！？；：])|\s+[—–]\s+|\n+")
# Greetings and sign-offs carry no violation; very short pieces embed as noise.
MIN_CHARS = 8
MIN_CJK_CHARS = 4
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
# A reply longer than this is read in its first sentences only (keeps one check within its time budget).
MAX_SENTENCES = 24


def sentences(text: str) -> list[str]:
    out = []
    for piece in _SPLIT.split(text or ""):
        piece = piece.strip()
        long_enough = len(piece) >= MIN_CHARS or len(_CJK.findall(piece)) >= MIN_CJK_CHARS
        if piece and long_enough:
            out.append(piece)
    return out[:MAX_SENTENCES]


def _embed(texts: list[str]) -> np.ndarray:
    from sellerdesk.triage import embedder

    return embedder.embed([embedder.prepare(t) for t in texts])


# Little regularisation: a few dozen exemplars, and the similarity floor keeps the classifier on the exemplars' ground.
_CLASSIFIER_C = 30.0


@cache
def _classifier(exemplars: tuple[str, ...], negatives: tuple[str, ...]) -> tuple[np.ndarray, float]:
    """Logistic regression: the set's exemplars against its counter-examples and the other sets' exemplars.

    Returned as (weights, bias): scoring a reply is one matrix product, not a library call per set.
    """
    from sklearn.linear_model import LogisticRegression

    x = np.vstack([_matrix(exemplars), _matrix(negatives)])
    y = np.array([1] * len(exemplars) + [0] * len(negatives))
    model = LogisticRegression(C=_CLASSIFIER_C, max_iter=3000, class_weight="balanced").fit(x, y)
    return model.coef_[0].astype(np.float32), float(model.intercept_[0])


# Exemplars and counter-examples appear in several lists (a set's negatives are the others' exemplars):
# each sentence is embedded once per process.
_vectors: dict[str, np.ndarray] = {}


@cache
def _matrix(texts: tuple[str, ...]) -> np.ndarray:
    """Embeddings of a fixed list of sentences (exemplars, counter-examples)."""
    if not texts:
        return np.zeros((0, 512), dtype=np.float32)
    missing = [t for t in dict.fromkeys(texts) if t not in _vectors]
    if missing:
        _vectors.update(zip(missing, _embed(missing)))
    return np.vstack([_vectors[t] for t in texts])


def warm(phrase_sets) -> None:
    """Embed every exemplar now (a worker at start-up), not in the first reply checked."""
    for phrase_set in phrase_sets:
        _matrix(phrase_set.exemplars)
        if phrase_set.exemplars and phrase_set.counter_examples:
            _classifier(phrase_set.exemplars, _negatives(phrase_set))
    _matrix(_pooled_counters(tuple(phrase_sets)))


def _negatives(phrase_set: PhraseSet) -> tuple[str, ...]:
    return tuple(dict.fromkeys(phrase_set.counter_examples + phrase_set.other_exemplars))


def _pooled_counters(phrase_sets: tuple[PhraseSet, ...]) -> tuple[str, ...]:
    return tuple(sorted({c for s in phrase_sets for c in s.counter_examples}))


@dataclasses.dataclass(frozen=True)
class Match:
    sentence: str
    score: float  # similarity to the nearest exemplar
    exemplar: str
    counter_score: float  # similarity to the nearest counter-example
    probability: float  # the set's classifier: how likely the sentence is a violation of the set


def violates(m: Match, phrase_set: PhraseSet) -> bool:
    close_paraphrase = m.score >= phrase_set.threshold and m.score - m.counter_score >= phrase_set.margin
    # the classifier decides only for a sentence at least as near an exemplar as any allowed look-alike
    classified = m.probability >= phrase_set.probability and m.score >= phrase_set.floor and m.score >= m.counter_score
    return close_paraphrase or classified


class Reading:
    """One text, its sentences embedded on first use and shared by every rule that asks."""

    def __init__(self, text: str, phrase_sets=()):
        self.text = text
        self._pool = _pooled_counters(tuple(dict.fromkeys(phrase_sets)))
        self._sentences: list[str] | None = None
        self._vectors: np.ndarray | None = None
        self._counter_scores: np.ndarray | None = None
        self._matches: dict[str, list[Match]] = {}

    def _embedded(self) -> tuple[list[str], np.ndarray]:
        if self._sentences is None:
            self._sentences = sentences(self.text)
            self._vectors = _embed(self._sentences) if self._sentences else np.zeros((0, 512), dtype=np.float32)
            counters = _matrix(self._pool)
            if len(counters) and len(self._sentences):
                self._counter_scores = (self._vectors @ counters.T).max(axis=1)
            else:
                self._counter_scores = np.full(len(self._sentences), -1.0, dtype=np.float32)
        return self._sentences, self._vectors

    def scores(self, phrase_set: PhraseSet) -> list[Match]:
        """Every sentence with its nearest exemplar of the set (for tuning and for `matches`)."""
        if not phrase_set.exemplars:
            return []
        sents, vectors = self._embedded()
        if not sents:
            return []
        sims = vectors @ _matrix(phrase_set.exemplars).T
        best = sims.argmax(axis=1)
        if phrase_set.counter_examples:
            weights, bias = _classifier(phrase_set.exemplars, _negatives(phrase_set))
            probabilities = 1.0 / (1.0 + np.exp(-(vectors @ weights + bias)))
        else:
            probabilities = np.zeros(len(sents))
        return [
            Match(s, float(sims[i, best[i]]), phrase_set.exemplars[best[i]], float(self._counter_scores[i]), float(probabilities[i]))
            for i, s in enumerate(sents)
        ]

    def matches(self, phrase_set: PhraseSet) -> list[Match]:
        """The sentences that violate the set by meaning."""
        if phrase_set.name not in self._matches:
            self._matches[phrase_set.name] = [m for m in self.scores(phrase_set) if violates(m, phrase_set)]
        return self._matches[phrase_set.name]
