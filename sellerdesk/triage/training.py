"""Build the triage model from the shipped training files, plus agents' corrections on retrain.

Deterministic: fixed seed, fixed file order, so the same data gives the same model.
The tier-1 threshold is chosen on out-of-fold predictions (5-fold cross-validation),
never on the evaluation set.
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold

from sellerdesk.triage import cues, features
from sellerdesk.triage.model import Model
from sellerdesk.triage.taxonomy import INTENTS, SENTIMENTS, TIER1_INTENTS

log = logging.getLogger("sellerdesk.triage")
DATA = Path(__file__).resolve().parent / "data"
SEED = 20251123
FEATURE_VERSION = "usem3+signals+char-1"
INTENT_C = 8.0
SENTIMENT_C = 4.0
CHAR_C = 16.0
CHAR_BLEND = 0.5  # share of the character n-gram model in the intent probabilities
EXAMPLE_WEIGHT = 2.0  # our multilingual, realistic rows count more than the short English dev rows
CORRECTION_WEIGHT = 3.0  # an agent's correction is the best label we have
# The dev set has no sentiment labels, but its plain requests are neutral in tone: they teach the
# sentiment model that a short "cancel my order" is not negative. Weak labels, low weight.
WEAK_NEUTRAL_WEIGHT = 0.3
WEAK_NEUTRAL_INTENTS = frozenset(INTENTS) - {"complaint", "feedback_thanks"}
TIER1_RECALL_TARGET = 0.97


def training_files() -> list[Path]:
    return [DATA / "bitext_dev.jsonl", *sorted(DATA.glob("examples_*.jsonl"))]


def data_hash() -> str:
    """Identifies the training data and feature code the shipped files give."""
    return _data_hash(str(DATA))


@lru_cache(maxsize=4)
def _data_hash(_data_dir: str) -> str:
    h = hashlib.sha256(FEATURE_VERSION.encode())
    for path in [*training_files(), cues.SHIPPED]:
        h.update(path.name.encode())
        h.update(path.read_bytes())
    if cues.override_path().exists():
        h.update(cues.override_path().read_bytes())
    return h.hexdigest()[:16]


def read_jsonl(path: Path) -> list[dict]:
    rows = []
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if line.strip():
                try:
                    rows.append(json.loads(line))
                except json.JSONDecodeError as exc:
                    raise ValueError(f"{path}:{n}: not JSON ({exc.msg})") from exc
    return rows


def shipped_rows() -> list[dict]:
    rows = []
    for path in training_files():
        weight = 1.0 if path.name == "bitext_dev.jsonl" else EXAMPLE_WEIGHT
        rows.extend({**r, "weight": weight} for r in read_jsonl(path))
    return rows


_featurized: dict[tuple, np.ndarray] = {}  # (text, lang, cue kinds) -> feature row, for repeated builds in one process


def featurize(rows: list[dict], cue_kinds: list[str]) -> np.ndarray:
    keys = [(r["text"], r.get("lang") or "", tuple(cue_kinds)) for r in rows]
    missing = list(dict.fromkeys(k for k in keys if k not in _featurized))
    if missing:
        sigs = [features.signals(text, language=lang) for text, lang, _ in missing]
        x = features.matrix([text for text, _, _ in missing], sigs, cue_kinds)
        _featurized.update(zip(missing, x))
    return np.vstack([_featurized[k] for k in keys])


def _fit(x: np.ndarray, y: list[str], weights: np.ndarray, c: float) -> LogisticRegression:
    clf = LogisticRegression(C=c, solver="newton-cg", max_iter=500, class_weight="balanced", random_state=SEED)
    clf.fit(x, y, sample_weight=weights)
    return clf


def _fit_char(counts, y: list[str], weights: np.ndarray, classes: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(weights (features, classes), bias, idf) of the char n-gram intent model, in `classes` order."""
    df = np.bincount(counts.indices, minlength=counts.shape[1]).astype(np.float64)
    n = counts.shape[0]
    idf = (np.log((1 + n) / (1 + df)) + 1).astype(np.float32)  # smooth idf, as scikit-learn does
    x = features.char_tfidf(counts, idf)
    clf = LogisticRegression(C=CHAR_C, solver="saga", max_iter=100, tol=1e-3, class_weight="balanced", random_state=SEED)
    clf.fit(x, y, sample_weight=weights)
    order = [list(clf.classes_).index(c) for c in classes]
    return clf.coef_[order].T.astype(np.float32), clf.intercept_[order].astype(np.float32), idf


def _tier1_score(proba: np.ndarray, classes: list[str]) -> np.ndarray:
    cols = [i for i, c in enumerate(classes) if c in TIER1_INTENTS]
    return proba[:, cols].sum(axis=1)


def out_of_fold(x: np.ndarray, counts, y: list[str], weights: np.ndarray, folds: int = 5) -> tuple[np.ndarray, list[str]]:
    """Blended intent probabilities for every row from models that did not see it."""
    classes = sorted(set(y))
    proba = np.zeros((len(y), len(classes)), dtype=np.float64)
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=SEED)
    y_arr = np.asarray(y)
    for train, test in splitter.split(x, y_arr):
        clf = _fit(x[train], list(y_arr[train]), weights[train], INTENT_C)
        idx = [classes.index(c) for c in clf.classes_]
        proba[np.ix_(test, idx)] = (1 - CHAR_BLEND) * clf.predict_proba(x[test])
        cw, cb, idf = _fit_char(counts[train], list(y_arr[train]), weights[train], [classes[i] for i in idx])
        z = np.asarray(features.char_tfidf(counts[test], idf) @ cw) + cb
        z = np.exp(z - z.max(axis=1, keepdims=True))
        proba[np.ix_(test, idx)] += CHAR_BLEND * z / z.sum(axis=1, keepdims=True)
    return proba, classes


def choose_threshold(scores: np.ndarray, is_tier1: np.ndarray, target: float = TIER1_RECALL_TARGET) -> float:
    """The highest threshold whose tier-1 recall still reaches the target."""
    positives = np.sort(scores[is_tier1])
    if len(positives) == 0:
        return 0.5
    k = int(np.floor((1 - target) * len(positives)))
    return float(min(0.5, positives[k]))


def build(extra_rows: Iterable[dict] = (), *, exclude_ids: frozenset = frozenset(), cv_threshold: bool = True) -> Model:
    """Train on the shipped rows (less exclude_ids) plus extra_rows (agents' corrections)."""
    started = time.monotonic()
    rows = [r for r in shipped_rows() if r.get("id") not in exclude_ids]
    rows += [{**r, "weight": r.get("weight", CORRECTION_WEIGHT)} for r in extra_rows]
    rows = [r for r in rows if (r.get("text") or "").strip()]
    cue_kinds = list(cues.rules().order)
    x_all = featurize(rows, cue_kinds)
    with_intent = [i for i, r in enumerate(rows) if r.get("intent") in INTENTS]
    x = x_all[with_intent]
    y = [rows[i]["intent"] for i in with_intent]
    w = np.asarray([rows[i]["weight"] for i in with_intent], dtype=np.float64)
    intent = _fit(x, y, w, INTENT_C)
    counts = features.char_counts([rows[i]["text"] for i in with_intent])
    char_w, char_b, char_idf = _fit_char(counts, y, w, [str(c) for c in intent.classes_])
    threshold = 0.5
    smallest = min(np.unique(y, return_counts=True)[1])
    if cv_threshold and smallest >= 2:
        proba, classes = out_of_fold(x, counts, y, w, folds=min(5, int(smallest)))
        threshold = choose_threshold(_tier1_score(proba, classes), np.asarray([i in TIER1_INTENTS for i in y]))
    labelled, labels, weights = [], [], []
    for i, r in enumerate(rows):
        if r.get("sentiment") in SENTIMENTS:
            labelled.append(i)
            labels.append(r["sentiment"])
            weights.append(CORRECTION_WEIGHT if r.get("source") == "correction" else 1.0)
        elif r.get("source") == "bitext" and r.get("intent") in WEAK_NEUTRAL_INTENTS and not cues.find(r["text"]).anger:
            labelled.append(i)
            labels.append("neutral")
            weights.append(WEAK_NEUTRAL_WEIGHT)
    sentiment = _fit(x_all[labelled], labels, np.asarray(weights), SENTIMENT_C)
    meta = {
        "data_hash": data_hash(),
        "rows": len(with_intent),
        "corrections": sum(1 for r in rows if r.get("source") == "correction"),
        "sentiment_rows": len(labelled),
        "seed": SEED,
        "built_in_seconds": round(time.monotonic() - started, 1),
    }
    log.info("triage model built: %s", meta)
    return Model(
        intent_classes=[str(c) for c in intent.classes_],
        intent_w=intent.coef_,
        intent_b=intent.intercept_,
        sentiment_classes=[str(c) for c in sentiment.classes_],
        sentiment_w=sentiment.coef_,
        sentiment_b=sentiment.intercept_,
        tier1_threshold=threshold,
        cue_kinds=cue_kinds,
        meta=meta,
        char_w=char_w,
        char_b=char_b,
        char_idf=char_idf,
        char_blend=CHAR_BLEND,
    )


def cross_validate(rows: list[dict], folds: int = 5) -> list[tuple[list[dict], Model]]:
    """Split a labelled file into folds; for each, a model trained without that fold's rows.

    Rows of the file that are also shipped training rows (same id) are left out of
    training for their fold, so the figures are honest for the dev set too.
    """
    labelled = [r for r in rows if r.get("intent") in INTENTS]
    shipped = shipped_rows()
    shipped_ids = frozenset(r.get("id") for r in shipped)
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=SEED)
    out = []
    for _, test in splitter.split(np.zeros(len(labelled)), [r["intent"] for r in labelled]):
        test_set = set(test)
        held = [labelled[i] for i in test]
        held_ids = frozenset(r.get("id") for r in held if r.get("id"))
        held_texts = {r["text"] for r in held}
        train_extra = [
            {**r, "weight": EXAMPLE_WEIGHT}
            for i, r in enumerate(labelled)
            if i not in test_set and r.get("id") not in shipped_ids
        ]
        same_text = frozenset(r.get("id") for r in shipped if r["text"] in held_texts)
        model = build(train_extra, exclude_ids=held_ids | same_text)
        out.append((held, model))
    return out

