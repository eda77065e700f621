"""The trained triage model: two linear classifiers over features.matrix, stored as a plain .npz.

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
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from django.conf import settings

log = logging.getLogger("sellerdesk.triage")
FORMAT = 2
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
class Model:
    intent_classes: list[str]
    intent_w: np.ndarray  # (classes, features)
    intent_b: np.ndarray
    sentiment_classes: list[str]
    sentiment_w: np.ndarray
    sentiment_b: np.ndarray
    tier1_threshold: float  # tier 1 when the tier-1 intents together reach this probability
    cue_kinds: list[str]  # the order of the cue features the model was trained with
    meta: dict
    # Character n-gram view of the intent (same class order), blended with the embedding view.
    char_w: np.ndarray | None = None  # (features, classes)
    char_b: np.ndarray | None = None
    char_idf: np.ndarray | None = None
    char_blend: float = 0.0  # share of the char model in the intent probabilities

    @staticmethod
    def _softmax(z: np.ndarray) -> np.ndarray:
        z = z - z.max(axis=1, keepdims=True)
        np.exp(z, out=z)
        return z / z.sum(axis=1, keepdims=True)

    def intent_proba(self, x: np.ndarray, char_counts=None) -> np.ndarray:
        p = self._softmax(x @ self.intent_w.T + self.intent_b)
        if char_counts is None or self.char_w is None or not self.char_blend:
            return p
        from sellerdesk.triage.features import char_tfidf

        z = np.asarray(char_tfidf(char_counts, self.char_idf) @ self.char_w) + self.char_b
        return (1 - self.char_blend) * p + self.char_blend * self._softmax(z)

    def sentiment_proba(self, x: np.ndarray) -> np.ndarray:
        return self._softmax(x @ self.sentiment_w.T + self.sentiment_b)

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        with open(tmp, "wb") as fh:
            np.savez_compressed(
                fh,
                intent_classes=np.array(self.intent_classes),
                intent_w=self.intent_w.astype(np.float32),
                intent_b=self.intent_b.astype(np.float32),
                sentiment_classes=np.array(self.sentiment_classes),
                sentiment_w=self.sentiment_w.astype(np.float32),
                sentiment_b=self.sentiment_b.astype(np.float32),
                tier1_threshold=np.array(self.tier1_threshold),
                cue_kinds=np.array(self.cue_kinds),
                meta=np.array(json.dumps({**self.meta, "format": FORMAT})),
                # float16 halves the file; the rounding does not move a prediction.
                char_w=(self.char_w if self.char_w is not None else np.zeros((0, 0))).astype(np.float16),
                char_b=(self.char_b if self.char_b is not None else np.zeros(0)).astype(np.float32),
                char_idf=(self.char_idf if self.char_idf is not None else np.zeros(0)).astype(np.float32),
                char_blend=np.array(self.char_blend),
            )
        os.replace(tmp, path)  # readers never see half a file

    @classmethod
    def load(cls, path: Path) -> Model:
        with np.load(path, allow_pickle=False) as z:
            return cls(
                intent_classes=[str(c) for c in z["intent_classes"]],
                intent_w=z["intent_w"],
                intent_b=z["intent_b"],
                sentiment_classes=[str(c) for c in z["sentiment_classes"]],
                sentiment_w=z["sentiment_w"],
                sentiment_b=z["sentiment_b"],
                tier1_threshold=float(z["tier1_threshold"]),
                cue_kinds=[str(c) for c in z["cue_kinds"]],
                meta=json.loads(str(z["meta"])),
                char_w=z["char_w"].astype(np.float32) if z["char_w"].size else None,
                char_b=z["char_b"] if z["char_b"].size else None,
                char_idf=z["char_idf"] if z["char_idf"].size else None,
                char_blend=float(z["char_blend"]),
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
        model = training.build()
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
