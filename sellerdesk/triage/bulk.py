"""Triage many messages on every core: imports of old mail, evaluation, benchmarks.

One process per core, forked after the model is loaded so the children share it
(copy-on-write) instead of loading their own. Each child runs one BLAS thread:
on two cores two single-threaded processes beat one process with two threads,
because the tokenizer and the rules are Python and hold the GIL.
"""

from __future__ import annotations

import multiprocessing
import os

from sellerdesk.triage import embedder, model
from sellerdesk.triage.service import Message, TriageResult, analyze_many

CHUNK = 64


def _cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def _child(chunk: list[Message]) -> list[TriageResult]:
    embedder.single_thread()
    return analyze_many(chunk)


def analyze_bulk(messages: list[Message], *, processes: int | None = None) -> list[TriageResult]:
    processes = processes or _cores()
    chunks = [messages[i : i + CHUNK] for i in range(0, len(messages), CHUNK)]
    if processes < 2 or len(chunks) < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return [r for chunk in chunks for r in analyze_many(chunk)]
    model.get()
    embedder.encoder()  # loaded before the fork, shared by the children
    with multiprocessing.get_context("fork").Pool(processes) as pool:
        return [r for part in pool.map(_child, chunks, chunksize=1) for r in part]
