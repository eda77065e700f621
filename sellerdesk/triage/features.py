"""The classifier input: the sentence embedding plus a few keyword and entity signals.

The signals let a linear model learn, in every language at once, that "chargeback"
means a dispute and an order number means an order question, from few examples.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import HashingVectorizer
from sklearn.preprocessing import normalize

from sellerdesk.triage import cues, embedder, entities

# Keyword counts are scaled down so they nudge the embedding rather than replace it.
SIGNAL_SCALE = 0.3


@dataclass
class Signals:
    hits: cues.CueHits
    found: list[entities.Entity]

    def vector(self, cue_kinds: list[str]) -> list[float]:
        kinds = {e.kind for e in self.found}
        return [
            *(1.0 if k in self.hits.cues else 0.0 for k in cue_kinds),
            min(self.hits.negative, 3) / 3,
            min(self.hits.positive, 3) / 3,
            1.0 if "order" in kinds else 0.0,
            1.0 if "tracking" in kinds else 0.0,
        ]


MAX_SIGNAL_CHARS = 4000  # keyword and pattern scans read this much of a message (quotes are stripped upstream)


def signals(text: str, subject: str = "", language: str = "") -> Signals:
    text = (text or "")[:MAX_SIGNAL_CHARS]
    whole = f"{subject}\n{text}" if subject else text
    return Signals(cues.find(whole), entities.extract(text, language=language))


SHORT_BODY = 60  # below this many characters the subject joins the text the model reads


def model_text(text: str, subject: str = "") -> str:
    # Marketplace subjects ("Inquiry from Amazon customer ...") are mostly boilerplate:
    # only a short body needs them.
    return embedder.prepare(text, subject if len((text or "").strip()) < SHORT_BODY else "")


def matrix(texts: list[str], sigs: list[Signals], cue_kinds: list[str], subjects: list[str] | None = None) -> np.ndarray:
    subjects = subjects or [""] * len(texts)
    emb = embedder.embed([model_text(t, s) for t, s in zip(texts, subjects)])
    extra = np.asarray([s.vector(cue_kinds) for s in sigs], dtype=np.float32) * SIGNAL_SCALE
    return np.hstack([emb, extra.reshape(len(texts), -1)])


# --- character n-grams ---------------------------------------------------------------------
# A second view of the text for the intent model: words and word pieces in every language
# ("Rücksendung", "返品", "rimborso") that the sentence embedding blurs. Hashed, so there is
# no vocabulary to store; tf-idf weights come from the training rows.
CHAR_FEATURES = 2**18
_hasher = HashingVectorizer(
    analyzer="char_wb", ngram_range=(2, 4), n_features=CHAR_FEATURES, alternate_sign=False, norm=None, lowercase=True
)


def char_counts(texts: list[str], subjects: list[str] | None = None) -> sparse.csr_matrix:
    subjects = subjects or [""] * len(texts)
    return _hasher.transform([model_text(t, s) for t, s in zip(texts, subjects)])


def char_tfidf(counts: sparse.csr_matrix, idf: np.ndarray) -> sparse.csr_matrix:
    """Sublinear tf times idf, rows L2-normalised (what TfidfTransformer(sublinear_tf=True) does)."""
    x = counts.astype(np.float32).tocsr(copy=True)
    np.log(x.data, out=x.data)
    x.data += 1.0
    x = x.multiply(idf.reshape(1, -1)).tocsr()
    return normalize(x)
