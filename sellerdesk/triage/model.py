"""The trained triage model: three linear classifiers (intent, sentiment, tier 1) over features.matrix
and hashed character n-grams, stored as a plain .npz.

The artefact lives at DATA_DIR/models/triage.npz (or SELLERDESK_TRIAGE_MODEL), is loaded once per process
and is rebuilt (with a log line) when it is missing or was built from other
training files than the ones shipped now. No pickle: loading is numpy only.
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from django.conf import settings

log = logging.getLogger("sellerdesk.triage")
FORMAT = 5
_lock = threading.Lock()
_loaded: Model | None = None
_loaded_mtime = 0.0
_checked_at = 0.0
RECHECK_SECONDS = 30  # a retrain in another process is picked up within this time


def artefact_path() -> Path:
    """SELLERDESK_TRIAGE_MODEL when set (several data directories can share one build), else under DATA_DIR."""
    configured = getattr(settings, "TRIAGE_MODEL_PATH", "")
    return Path(configured) if configured else Path(settings.DATA_DIR) / "models" / "triage.npz"


@dataclass
class Head:
    """One classifier: a linear model on the dense features, optionally blended with one on
    the character n-grams (same class order). Its classes' probabilities sum to one."""

    classes: list[str]
    w: np.ndarray  # (classes, dense features)
    b: np.ndarray
    char_w: np.ndarray | None = None  # (char features, classes)
    char_b: np.ndarray | None = None
    char_blend: float = 0.0  # share of the char model in the probabilities

    def __post_init__(self):
        if self.char_w is not None:
            # C order: the sparse product reads the weights as one flat array and copies a
            # column-major one (16 MB for the intents, a transposed fit) on every batch.
            self.char_w = np.ascontiguousarray(self.char_w, dtype=np.float32)

    def proba(self, x: np.ndarray, char_x=None) -> np.ndarray:
        p = _softmax(x @ self.w.T + self.b)
        if char_x is None or self.char_w is None or not self.char_blend:
            return p
        z = np.asarray(char_x @ self.char_w) + self.char_b
        return (1 - self.char_blend) * p + self.char_blend * _softmax(z)

    def arrays(self, prefix: str) -> dict[str, np.ndarray]:
        return {
            f"{prefix}_classes": np.array(self.classes),
            f"{prefix}_w": self.w.astype(np.float32),
            f"{prefix}_b": self.b.astype(np.float32),
            # float16 halves the file; the rounding does not move a prediction.
            f"{prefix}_char_w": (self.char_w if self.char_w is not None else np.zeros((0, 0))).astype(np.float16),
            f"{prefix}_char_b": (self.char_b if self.char_b is not None else np.zeros(0)).astype(np.float32),
            f"{prefix}_char_blend": np.array(self.char_blend),
        }

    @classmethod
    def from_arrays(cls, z, prefix: str) -> Head:
        char_w = z[f"{prefix}_char_w"]
        return cls(
            classes=[str(c) for c in z[f"{prefix}_classes"]],
            w=z[f"{prefix}_w"],
            b=z[f"{prefix}_b"],
            char_w=char_w.astype(np.float32) if char_w.size else None,
            char_b=z[f"{prefix}_char_b"] if char_w.size else None,
            char_blend=float(z[f"{prefix}_char_blend"]),
        )


def summed_tier1(intent: np.ndarray, classes: list[str]) -> np.ndarray:
    """The intent head's probability of a tier-1 intent."""
    from sellerdesk.triage.taxonomy import TIER1_INTENTS

    return intent[:, [i for i, c in enumerate(classes) if c in TIER1_INTENTS]].sum(axis=1)


def tier1_candidates(summed: np.ndarray, head: np.ndarray) -> dict[str, np.ndarray]:
    """The tier-1 scores a build chooses among (Model.tier1_source)."""
    return {"intents": summed, "head": head, "mean": (summed + head) / 2}


def _softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=1, keepdims=True)
    np.exp(z, out=z)
    return z / z.sum(axis=1, keepdims=True)


@dataclass
class Model:
    intent: Head
    sentiment: Head
    tier1: Head  # classes ["no", "yes"]: is this a tier-1 problem (claim, damage, loss, anger...)?
    tier1_threshold: float  # tier 1 when the tier-1 score reaches this (chosen for recall)
    low_confidence: float  # below this intent probability a message needs a human to read it
    cue_kinds: list[str]  # the order of the cue features the model was trained with
    char_idf: np.ndarray  # idf of the hashed character n-grams (shared by the heads)
    meta: dict
    # Which tier-1 score decides, chosen at build time on out-of-fold predictions: "intents" (the
    # intent head's tier-1 intents summed), "head" (the yes/no head) or "mean" (both averaged).
    tier1_source: str = "intents"
    # Per-language tier-1 thresholds (same score, same recall target, chosen on that language's
    # out-of-fold rows): a language whose buyers mostly ask everyday questions needs a higher bar
    # than one whose rows are mostly complaints. Languages without enough rows use tier1_threshold.
    tier1_by_language: dict[str, float] = field(default_factory=dict)
    # A message the intent head reads, at least this sure, as an everyday (not tier-1) request
    # needs a tier-1 score of tier1_sure_threshold (per language: tier1_sure_by_language) instead;
    # both chosen together on out-of-fold predictions for the same recall (training.choose_sure_rule).
    # Above 1: off, one threshold for every message.
    tier1_sure_confidence: float = 1.01
    tier1_sure_threshold: float = 0.5
    tier1_sure_by_language: dict[str, float] = field(default_factory=dict)

    def threshold_for(self, language: str, sure_everyday: bool = False) -> float:
        if sure_everyday:
            return self.tier1_sure_by_language.get(language, self.tier1_sure_threshold)
        return self.tier1_by_language.get(language, self.tier1_threshold)

    def sure_everyday(self, intent: str, confidence: float) -> bool:
        from sellerdesk.triage.taxonomy import TIER1_INTENTS

        return intent not in TIER1_INTENTS and confidence >= self.tier1_sure_confidence

    @property
    def intent_classes(self) -> list[str]:
        return self.intent.classes

    @property
    def sentiment_classes(self) -> list[str]:
        return self.sentiment.classes

    def char_x(self, char_counts):
        from sellerdesk.triage.features import char_tfidf

        return None if char_counts is None else char_tfidf(char_counts, self.char_idf)

    def probabilities(self, x: np.ndarray, char_counts) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(intent, sentiment, tier-1 score) of a batch, the char features built once."""
        cx = self.char_x(char_counts)
        intent = self.intent.proba(x, cx)
        return intent, self.sentiment.proba(x, cx), self.tier1_score(intent, x, cx)

    def tier1_score(self, intent: np.ndarray, x: np.ndarray, cx) -> np.ndarray:
        summed = summed_tier1(intent, self.intent.classes)
        if self.tier1_source == "intents":
            return summed  # the yes/no head is not evaluated when it does not decide
        head = self.tier1.proba(x, cx)[:, self.tier1.classes.index("yes")]
        return tier1_candidates(summed, head)[self.tier1_source]

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        with open(tmp, "wb") as fh:
            np.savez_compressed(
                fh,
                **self.intent.arrays("intent"),
                **self.sentiment.arrays("sentiment"),
                **self.tier1.arrays("tier1"),
                tier1_threshold=np.array(self.tier1_threshold),
                low_confidence=np.array(self.low_confidence),
                tier1_source=np.array(self.tier1_source),
                tier1_languages=np.array(sorted(self.tier1_by_language), dtype=str),
                tier1_language_thresholds=np.array([self.tier1_by_language[k] for k in sorted(self.tier1_by_language)], dtype=np.float64),
                tier1_sure=np.array([self.tier1_sure_confidence, self.tier1_sure_threshold], dtype=np.float64),
                tier1_sure_languages=np.array(sorted(self.tier1_sure_by_language), dtype=str),
                tier1_sure_thresholds=np.array([self.tier1_sure_by_language[k] for k in sorted(self.tier1_sure_by_language)], dtype=np.float64),
                cue_kinds=np.array(self.cue_kinds),
                char_idf=self.char_idf.astype(np.float32),
                meta=np.array(json.dumps({**self.meta, "format": FORMAT})),
            )
        os.replace(tmp, path)  # readers never see half a file

    @classmethod
    def load(cls, path: Path) -> Model:
        with np.load(path, allow_pickle=False) as z:
            return cls(
                intent=Head.from_arrays(z, "intent"),
                sentiment=Head.from_arrays(z, "sentiment"),
                tier1=Head.from_arrays(z, "tier1"),
                tier1_threshold=float(z["tier1_threshold"]),
                low_confidence=float(z["low_confidence"]),
                tier1_source=str(z["tier1_source"]),
                tier1_by_language={str(k): float(v) for k, v in zip(z["tier1_languages"], z["tier1_language_thresholds"])},
                tier1_sure_confidence=float(z["tier1_sure"][0]),
                tier1_sure_threshold=float(z["tier1_sure"][1]),
                tier1_sure_by_language={str(k): float(v) for k, v in zip(z["tier1_sure_languages"], z["tier1_sure_thresholds"])},
                cue_kinds=[str(c) for c in z["cue_kinds"]],
                char_idf=z["char_idf"],
                meta=json.loads(str(z["meta"])),
            )


def is_current(model: Model) -> bool:
    from sellerdesk.triage import training

    return model.meta.get("format") == FORMAT and model.meta.get("data_hash") == training.data_hash()


def _load_or_build() -> Model:
    from sellerdesk.triage import training

    path = artefact_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    # One process builds, the others wait for it and then load its file.
    with open(path.with_suffix(".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if path.exists():
            try:
                model = Model.load(path)
                if is_current(model):
                    return model
                log.info("triage model at %s was built from other training data: rebuilding", path)
            except (OSError, ValueError, KeyError) as exc:
                log.warning("triage model at %s is unreadable (%s): rebuilding", path, exc)
        else:
            log.info("triage model not found at %s: building it now (run `sellerdesk triage-build` at install)", path)
        model = training.build(training.local_rows(optional=True))
        model.save(path)
        return model


def _mtime() -> float:
    try:
        return artefact_path().stat().st_mtime
    except OSError:
        return 0.0


def get() -> Model:
    """The process-wide model, loaded (or built) on first use, reloaded when the file changes."""
    global _loaded, _loaded_mtime, _checked_at
    now = time.monotonic()
    if _loaded is not None and now - _checked_at > RECHECK_SECONDS:
        _checked_at = now
        if _mtime() != _loaded_mtime:
            reset()
    if _loaded is None:
        with _lock:
            if _loaded is None:
                _loaded = _load_or_build()
                _loaded_mtime, _checked_at = _mtime(), now
    return _loaded


def reset() -> None:
    """Forget the loaded model; the next get() loads the file again."""
    global _loaded
    with _lock:
        _loaded = None
