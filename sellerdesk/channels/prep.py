"""Parsing and triage of stored deliveries, ahead of the transaction that writes them.

Both are pure functions of the stored bytes (and the account's settings): no database. The intake
runs them here, in one batch (embedding 32 texts at once costs about a third per text of one by
one), either in the writer itself or — while a backlog waits — in helper processes (or, without
them, a thread of the worker), so that the next batch is parsed and triaged on the other core
while this one is written.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import time
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass, field

from django.conf import settings

from sellerdesk.channels.base import ParseResult
from sellerdesk.channels.registry import get_channel
from sellerdesk.lib import metrics

log = logging.getLogger(__name__)
# Big mails (attachments) are prepared by the writer rather than sent between processes.
MAX_SHIPPED_BYTES = 256 * 1024


@dataclass
class Prepared:
    """One delivery parsed and triaged ahead; `key` is checked against the row when it is written."""

    key: tuple[int, str]
    parsed: ParseResult | None = None  # None: it failed here; the writer parses it again for the error
    triaged: dict = field(default_factory=dict)  # external id -> TriageResult
    terms: list = field(default_factory=list)  # per parsed message, in order: search_index.text_terms


def prepare(raws) -> dict[int, Prepared]:
    """Parse and triage these RawDelivery rows (account loaded), and work out their messages'
    search terms: {raw id: Prepared}."""
    from sellerdesk import triage
    from sellerdesk.conversations.intake import triage_input
    from sellerdesk.search.index import text_terms

    out: dict[int, Prepared] = {}
    batch = []
    for raw in raws:
        prepared = out[raw.pk] = Prepared((raw.account_id, raw.external_id))
        try:
            parsed = get_channel(raw.channel).parse(raw)
        except Exception:
            continue  # the writer parses it again and records what is wrong
        prepared.parsed = parsed
        if not parsed.ignored_reason:
            batch += [(prepared, m) for m in parsed.messages]
            prepared.terms = [text_terms(m.subject, m.body_text, m.body_full) for m in parsed.messages]
    started = time.perf_counter()
    results = triage.analyze_many([triage.Message(**triage_input(m)) for _, m in batch])
    metrics.triaged(len(batch), time.perf_counter() - started)
    for (prepared, m), result in zip(batch, results):
        prepared.triaged[m.external_id] = result
    return out


# --- helper processes ---------------------------------------------------------------------------


_disabled = False  # the helpers could not start: this process prepares everything itself


def helper_count() -> int:
    """SELLERDESK_INGEST_HELPERS, or by default one helper per core (up to 4) on a machine with
    more than one. On 2 cores, two helpers beat one: the writer waits on the database part of
    its time, and a helper fills it (docs/operations.md, "Throughput")."""
    if _disabled or settings.TASK_BACKEND == "rq":
        return 0  # an RQ job runs in a short-lived fork: helpers would be started for every job
    if settings.INGEST_HELPERS is not None:
        return settings.INGEST_HELPERS
    cores = _cores()
    count = min(cores, 4) if cores > 1 else 0
    available = _available_mb()
    if available is not None:
        # A small server must not trade its memory for speed: each helper gets twice its size free.
        count = min(count, int(available // (2 * HELPER_MB)))
    return count


HELPER_MB = 520  # a helper's resident size: ~310 MB measured after start, the encoder's token table (up to ~110 MB), room to work


def _available_mb() -> float | None:
    """MemAvailable from /proc/meminfo, in MB (None where there is no such file)."""
    try:
        with open("/proc/meminfo") as f:
            for line in f:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def _cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def _start_helper() -> None:
    # A fresh interpreter (spawned, not forked: nothing of the worker's database connections or
    # threads comes along), with the triage model loaded before the first batch arrives.
    import django

    django.setup()
    from sellerdesk import triage
    from sellerdesk.triage import embedder

    embedder.single_thread()  # one core per helper
    triage.warm_up()
    from sellerdesk.lib import gcsettle

    gcsettle.settle()  # the model and Django, loaded for good: left out of every later collection


def _ready() -> bool:
    return True


class _LeftOver:
    """Batches handed to the helpers that the run which read them did not write: the process's
    next run of the intake starts with them (pipeline._Ahead)."""

    _left: list = []
    _hold = None  # until when their deliveries are held for the next run (RawDelivery.taken_until)

    def leave_over(self, batches: list, hold=None) -> None:
        self._left, self._hold = list(batches), hold

    def take_left_over(self) -> tuple[list, object]:
        left, hold, self._left, self._hold = self._left, self._hold, [], None
        return left, hold


class Helpers(_LeftOver):
    """A pool of helper processes, started in the background; used once they are ready."""

    def __init__(self, count: int):
        self.count = count
        self.pool = ProcessPoolExecutor(count, mp_context=multiprocessing.get_context("spawn"), initializer=_start_helper)
        self.started: list[Future] = [self.pool.submit(_ready) for _ in range(count)]

    @property
    def ready(self) -> bool:
        return all(f.done() and not f.exception() for f in self.started)

    def wait(self, timeout: float | None = None) -> bool:
        for f in self.started:
            f.exception(timeout=timeout)
        return self.ready

    def submit(self, raws) -> Future:
        """Prepared deliveries by id; big ones (attachments) are left out, for the writer to prepare."""
        return self.pool.submit(prepare, [raw for raw in raws if len(raw.body) <= MAX_SHIPPED_BYTES])

    def close(self) -> None:
        self.pool.shutdown(wait=False, cancel_futures=True)


def _start_thread() -> None:
    from sellerdesk.triage import embedder

    embedder.single_thread(this_thread_only=True)  # the writer has the other core


class PrepThread(_LeftOver):
    """A thread of the worker's own that prepares the next batch, when there are no helper
    processes on a machine with more than one core: the embedding's matrix products release the
    GIL, so much of triage runs beside the writer even in one process (bench/ingest.py with
    SELLERDESK_INGEST_HELPERS=0: 268 messages/s without it, 315 with it)."""

    count = 1
    ready = True
    started: list = []

    def __init__(self):
        self.pool = ThreadPoolExecutor(1, thread_name_prefix="ingest-prep", initializer=_start_thread)

    def wait(self, timeout: float | None = None) -> bool:
        return True

    def submit(self, raws) -> Future:
        return self.pool.submit(prepare, list(raws))

    def close(self) -> None:
        self.pool.shutdown(wait=False, cancel_futures=True)


_helpers: Helpers | PrepThread | None = None


def helpers(start: bool = True) -> Helpers | PrepThread | None:
    """The process's helpers (started on first use): helper processes, or without them on a
    multi-core machine a preparing thread; None on one core."""
    global _helpers, _disabled
    if _helpers is None and start and helper_count() > 0:
        _helpers = Helpers(helper_count())
    if _helpers is None and start and _cores() > 1:
        _helpers = PrepThread()
    if _helpers is not None and any(f.done() and f.exception() for f in _helpers.started):
        log.error("ingest helpers failed to start; parsing and triage stay in the worker", exc_info=_helpers.started[0].exception())
        _helpers.close()
        _helpers, _disabled = None, True
    return _helpers


def stop_helpers() -> None:
    global _helpers
    if _helpers is not None:
        _helpers.close()
        _helpers = None
