"""receive -> store raw (idempotent) -> on commit, wake the intake, which writes waiting deliveries
in batches: parsed, threaded, triaged, routed.

The raw delivery row is the source of truth: it is committed before anything else happens.
Deliveries are the intake's queue; the task queue carries wake-ups (`process_deliveries`, one
queued at a time, see `wake`) and single retries (`process_delivery`). A batch is written in one
transaction; if anything in it fails, each delivery of the batch is processed alone, so one bad
delivery never holds up the others and a retry starts from a clean state: nothing is duplicated.
A delivery whose processing never finished (a worker killed half way) is picked up again by
`requeue_stale`.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections import deque
from concurrent.futures import CancelledError
from concurrent.futures.process import BrokenProcessPool

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import Min, Q

from sellerdesk.channels import prep
from sellerdesk.channels.base import MalformedDelivery
from sellerdesk.channels.models import ChannelAccount, IntakeWake, RawDelivery
from sellerdesk.channels.registry import get_channel
from sellerdesk.lib import blobs, clock, metrics

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 5
WAITING = RawDelivery.Status.RECEIVED
# Where raw deliveries' bytes go in the object store, when one is configured (lib/blobs.py).
DELIVERY_PREFIX = "deliveries"
# How long a run holds the deliveries it read (RawDelivery.taken_until): long enough for the
# batches its helpers prepare ahead, short enough that a dead worker's are soon taken by another.
TAKE_SECONDS = 60
# How long the batches a run leaves prepared (or being prepared) by its helpers stay held for this
# process's next run, which usually starts at once: given back at once, another worker's run read
# them and prepared them a second time (bench/ingest_workers.py). Short, so that at a backlog's end
# they wait no longer than this when the next run is another worker's.
HOLD_LEFT_SECONDS = 5


def store_delivery(
    account: ChannelAccount,
    external_id: str,
    body: bytes,
    *,
    headers: dict | None = None,
    channel: str | None = None,
    status: str = RawDelivery.Status.RECEIVED,
    error: str = "",
    content_key: str = "",
) -> tuple[RawDelivery, bool]:
    """Commit the raw delivery; wake the intake after commit. Returns (row, created).

    A delivery whose external id or (when given) content key is already stored is a duplicate:
    the stored row is returned and nothing is created.
    """
    now = clock.now()
    raw = RawDelivery(
        channel=channel or account.kind,
        account=account,
        external_id=external_id[:255],
        content_key=content_key[:255],
        headers=headers or {},
        body=body,
        status=status,
        error=error,
        received_at=now,
        queued_at=now if status == RawDelivery.Status.RECEIVED else None,
    )
    if blobs.storage() is not None:
        # Platforms retry often: a re-delivery is found before an object is written for nothing.
        stored = _stored_already(account, external_id, content_key)
        if stored is not None:
            return stored, False
        blobs.offload([raw], prefix=DELIVERY_PREFIX)
    try:
        with transaction.atomic():
            raw.save(force_insert=True)
            if status != RawDelivery.Status.REJECTED:
                transaction.on_commit(lambda: _stored(raw.channel, 1, wake_intake=status == RawDelivery.Status.RECEIVED))
    except IntegrityError:
        blobs.delete([raw.body_key])  # the stored row keeps its own bytes
        return _stored_already(account, external_id, content_key), False
    return raw, True


def _stored_already(account: ChannelAccount, external_id: str, content_key: str) -> RawDelivery | None:
    same = Q(external_id=external_id[:255])
    if content_key:
        same |= Q(content_key=content_key[:255])
    return RawDelivery.objects.filter(same, account=account).order_by("pk").first()


def store_deliveries(account: ChannelAccount, deliveries: list[tuple[str, bytes, dict]], *, channel: str | None = None) -> list[tuple[RawDelivery, bool]]:
    """Commit many (external id, body, headers) of one account in one transaction — what one IMAP
    poll fetched — and wake the intake once after commit. Returns [(row, created)] in order.

    Duplicates (stored before, or twice in this list) create nothing, as with store_delivery. Call
    inside the caller's transaction to commit more with them (the poller's mailbox position).
    """
    from sellerdesk.lib.rows import insert_rows

    now = clock.now()
    ids = [external_id[:255] for external_id, _, _ in deliveries]
    try:
        with transaction.atomic():
            stored = {r.external_id: r for r in RawDelivery.objects.filter(account=account, external_id__in=set(ids))}
            out, new = [], {}
            for external_id, (_, body, headers) in zip(ids, deliveries):
                raw = stored.get(external_id) or new.get(external_id)
                if raw is not None:
                    out.append((raw, False))
                    continue
                raw = new[external_id] = RawDelivery(
                    channel=channel or account.kind, account=account, external_id=external_id, headers=headers or {},
                    body=body, status=RawDelivery.Status.RECEIVED, received_at=now, queued_at=now,
                )
                out.append((raw, True))
            insert_rows(blobs.offload(list(new.values()), prefix=DELIVERY_PREFIX))
            if new:
                transaction.on_commit(lambda: _stored(channel or account.kind, len(new), wake_intake=True))
            return out
    except IntegrityError:
        # Stored meanwhile by another process (the unique key waited for its commit): one by one,
        # each finds its row or creates it.
        blobs.delete([raw.body_key for raw in new.values()])
        return [store_delivery(account, external_id, body, headers=headers, channel=channel) for external_id, body, headers in deliveries]


def _stored(channel: str, count: int, *, wake_intake: bool) -> None:
    """After the commit of new deliveries: counted (docs/operations.md, "Metrics"), the intake woken."""
    metrics.deliveries_received(channel, count)
    if wake_intake:
        wake()


# --- waking the intake -----------------------------------------------------------------------------

def _set_wake(pending: bool) -> bool:
    """Set (True) or clear (False) the wake flag; True if setting it changed it.

    Raw SQL, one statement: this runs once per stored delivery. The upsert also creates the row
    where it is missing (a new database, or tables emptied by a test).
    """
    table = connection.ops.quote_name(IntakeWake._meta.db_table)
    with connection.cursor() as cursor:
        if pending:
            # Read first: while a run is queued (a burst), storing writes nothing more. Safe because
            # a run clears the flag before reading what waits, and this delivery is committed.
            cursor.execute(f"SELECT pending FROM {table} WHERE id = 1")
            row = cursor.fetchone()
            if row is not None and row[0]:
                return False
            cursor.execute(
                f"INSERT INTO {table} (id, pending) VALUES (1, %s) ON CONFLICT (id) DO UPDATE SET pending = %s"
                f" WHERE {table}.pending = %s",
                [True, True, False],
            )
        else:
            cursor.execute(f"UPDATE {table} SET pending = %s WHERE id = 1", [False])
        return cursor.rowcount == 1


def wake(force: bool = False) -> bool:
    """Queue a run of the intake, unless one is queued and has not started (True if queued).

    A run clears the flag before it reads what waits, so a delivery committed after that read
    finds the flag clear and queues the next run: nothing is left waiting without a run queued.
    """
    from sellerdesk.channels.tasks import process_deliveries

    if _set_wake(True) or force:
        process_deliveries.enqueue()
        return True
    return False


def run_queued() -> bool:
    """A run of the intake is queued and has not started: deliveries wait for it (one indexed read)."""
    return IntakeWake.objects.filter(pk=1, pending=True).exists()


def enqueue_processing(raw_id: int) -> None:
    """Queue one delivery to be processed alone (retries, `sellerdesk redeliver`)."""
    from sellerdesk.channels.tasks import process_delivery

    process_delivery.enqueue(raw_id)


# --- processing ------------------------------------------------------------------------------------


def drain() -> dict[str, int]:
    """Process the deliveries waiting (never tried), oldest first, in batches.

    While a backlog waits and helper processes are configured, the next batches are parsed and
    triaged by the helpers while this process writes the current one. After
    SELLERDESK_INGEST_RUN_SECONDS the run queues its successor and ends, so that other tasks
    (replies being sent) are not held up by a long backlog; the batches its helpers prepared
    meanwhile are left to the process's next run. Returns counts by status.
    """
    _set_wake(False)
    stop_at = time.monotonic() + settings.INGEST_RUN_SECONDS
    counts: dict[str, int] = {}
    ahead = _Ahead(max(1, settings.INGEST_BATCH))
    first = True
    while first or time.monotonic() < stop_at:  # every run writes at least one batch
        first = False
        batch = ahead.next_batch()
        if batch is None:
            break
        rows, prepared = batch
        if ahead.backlog and not ahead.called:
            # More than a batch waits: a run queued now lets an idle worker (another machine's)
            # share the backlog; each run takes its own deliveries (_Ahead._read).
            ahead.called = True
            wake()
        for status in process_batch([r.pk for r in rows], prepared, in_run=True).values():
            counts[status] = counts.get(status, 0) + 1
    left = ahead.leave()
    if time.monotonic() >= stop_at and (left or ahead.more_waiting()):
        # More waits: the next run comes after the tasks queued meanwhile (unless the run this one
        # queued for another worker has not started yet: it is that next run).
        wake(force=not ahead.called)
    return counts


class _Ahead:
    """The deliveries a run reads, oldest first, batch by batch, with the helpers (if any) kept
    busy preparing the batches after the one being written.

    Deliveries read are taken for TAKE_SECONDS (RawDelivery.taken_until): runs of other workers
    read past them, so each delivery is parsed and triaged once however many workers share the
    backlog. Batches handed to the helpers and not written when the run ends are given back
    (their take cleared, for whichever run comes next: it may be another worker's) and kept with
    the helpers for the process's next run (`leave`), which takes again those still free and
    starts with them instead of preparing its first batch itself. Whoever writes a delivery
    first wins: `_write` skips what is no longer waiting.
    """

    def __init__(self, size: int):
        self.size = size
        self.helpers = prep.helpers(start=False)
        self.queue: deque = deque()  # (rows, Future of their Prepared or None) read, not yet written
        if self.helpers is not None:
            self.queue.extend(_take_again(*self.helpers.take_left_over()))
        self.asked = self.helpers is not None  # asked once per run: helpers that die are replaced by the next run
        self.in_flight = {r.pk for rows, _ in self.queue for r in rows}  # left by the previous run
        self.last = 0
        self.backlog = False  # a full batch was read: more may wait
        self.called = False  # this run has queued a run for another worker

    def next_batch(self) -> tuple[list, dict | None] | None:
        """The next batch to write, with what was prepared for it (None: prepare it in the writer)."""
        if not self.queue:
            rows = self._read()
            if not rows and self._waited_for_held():
                rows = self._read()
            if not rows:
                return None
            if len(rows) == self.size and not self.asked:
                self.helpers = prep.helpers()  # a backlog: worth the helpers (started in the background)
                self.asked = True
            self.queue.append((rows, None))
        self._keep_helpers_busy()
        rows, future = self.queue.popleft()
        return rows, (self._result(rows, future) if future is not None else _prepared_here(rows))

    def leave(self) -> bool:
        """The run ends: what it read and did not write is given back; batches prepared or being
        prepared are kept for this process's next run, and held for it for HOLD_LEFT_SECONDS
        (True if any was read)."""
        left = [(rows, future) for rows, future in self.queue if future is not None] if self.helpers is not None else []
        held = [r.pk for rows, _ in left for r in rows]
        if held:
            hold = clock.now() + dt.timedelta(seconds=HOLD_LEFT_SECONDS)
            RawDelivery.objects.filter(pk__in=held, status=WAITING).update(taken_until=hold)
            self.helpers.leave_over(left, hold)
        kept = set(held)
        back = [r.pk for rows, _ in self.queue for r in rows if r.pk not in kept]
        if back:
            RawDelivery.objects.filter(pk__in=back, status=WAITING).update(taken_until=None)
        return bool(held or back)

    def _waited_for_held(self) -> bool:
        """Nothing free to read, but deliveries another run left held for its process's next run
        (HOLD_LEFT_SECONDS): this run may be that next run taken by another worker, so it waits
        for the hold to run out (True) rather than end and leave them to the stale sweep."""
        now = clock.now()
        held = RawDelivery.objects.filter(
            status=WAITING, attempts=0, taken_until__gt=now, taken_until__lte=now + dt.timedelta(seconds=HOLD_LEFT_SECONDS)
        ).aggregate(until=Min("taken_until"))["until"]
        if held is None:
            return False
        time.sleep(min((held - now).total_seconds(), HOLD_LEFT_SECONDS) + 0.01)
        self.last = 0  # held rows may lie before what this run read
        return True

    def more_waiting(self) -> bool:
        return RawDelivery.objects.filter(status=WAITING, attempts=0).exists()

    def _read(self) -> list:
        """The next waiting deliveries no other run has taken, taken for this run."""
        now = clock.now()
        rows = RawDelivery.objects.filter(status=WAITING, attempts=0, pk__gt=self.last).filter(
            Q(taken_until__isnull=True) | Q(taken_until__lt=now)
        )
        if self.in_flight:
            rows = rows.exclude(pk__in=self.in_flight)
        with transaction.atomic():
            # SKIP LOCKED: two runs reading at once take different rows (PostgreSQL; on SQLite
            # the write lock makes them take turns).
            rows = list(rows.select_for_update(of=("self",), **_skip_locked()).select_related("account").order_by("pk")[:self.size])
            if rows:
                RawDelivery.objects.filter(pk__in=[r.pk for r in rows]).update(taken_until=now + dt.timedelta(seconds=TAKE_SECONDS))
        if rows:
            self.last = rows[-1].pk
            if len(rows) == self.size:
                self.backlog = True
        return blobs.prefetch(rows)  # bytes in an object store: the batch's objects read at once

    def _keep_helpers_busy(self) -> None:
        helpers = self.helpers
        while helpers is not None and helpers.ready and len(self.queue) <= helpers.count:
            rows = self._read()
            if not rows:
                break
            try:
                self.queue.append((rows, helpers.submit(rows)))
            except Exception:
                self.queue.append((rows, None))
                self._drop_helpers()
                return

    def _result(self, rows, future) -> dict | None:
        if future is None:
            return None
        try:
            return future.result()
        except BrokenProcessPool:
            if self.helpers is not None:
                self._drop_helpers()
        except CancelledError:
            pass  # the helpers were stopped meanwhile: prepared here
        except Exception:
            log.exception("a helper failed to prepare deliveries %s..%s; preparing them here", rows[0].pk, rows[-1].pk)
        return None

    def _drop_helpers(self) -> None:  # a helper died (BrokenProcessPool): new ones in the next run
        log.exception("ingest helpers stopped working; this run prepares its batches itself")
        prep.stop_helpers()
        self.helpers = None


def _prepared_here(rows) -> dict | None:
    """Parsed and triaged by the writer before its transaction, not inside it: on SQLite that
    transaction holds the database's write lock, which every web request that stores something
    (a chat message, a reply) waits for meanwhile. None: _write prepares them itself."""
    warm_up()
    try:
        return prep.prepare(rows)
    except Exception:
        log.exception("preparing deliveries %s..%s failed; preparing them in the write", rows[0].pk, rows[-1].pk)
        return None


def process(raw_id: int) -> str:
    """Turn one stored delivery into messages, alone. Safe to run any number of times."""
    status = process_batch([raw_id], raise_errors=True)
    return status[raw_id]


def process_batch(
    raw_ids: list[int], prepared: dict | None = None, *, raise_errors: bool = False, in_run: bool = False, retry: int = 2
) -> dict[int, str]:
    """Process these deliveries in one transaction; if that fails, each one alone.

    Returns {raw id: status}. A delivery that fails alone keeps its row with the attempt counted
    and the error (failed for good after MAX_ATTEMPTS); with `raise_errors` the error is raised.
    `in_run` (a run of the intake): deliveries another worker holds are skipped, not waited
    for, and only the deliveries this call wrote are in the result. `retry`: how many more times a
    write that met another worker's concurrent write is tried again (a delivery alone: once).
    """
    try:
        return _write(raw_ids, prepared or {}, in_run)
    except Exception as exc:
        if len(raw_ids) > 1 and isinstance(exc, IntegrityError) and retry:
            # Another worker's batch created the same buyer or order meanwhile (PostgreSQL waited
            # for its commit): written again whole, the batch finds those rows instead of creating them.
            log.info("a batch of %s deliveries met a concurrent write (%s); writing it again", len(raw_ids), exc)
            return process_batch(raw_ids, prepared, raise_errors=raise_errors, in_run=in_run, retry=retry - 1)
        if len(raw_ids) > 1:
            log.warning("a batch of %s deliveries failed (%s: %s); processing each alone", len(raw_ids), type(exc).__name__, exc)
            statuses = {}
            for pk in raw_ids:
                statuses.update(process_batch([pk], prepared, in_run=in_run))
            return statuses
        if isinstance(exc, IntegrityError) and retry:
            # Another worker created the same buyer, order or message meanwhile (PostgreSQL waited
            # for its commit): written again now, its rows are found instead of created.
            log.info("delivery %s met a concurrent write (%s); writing it again", raw_ids[0], exc)
            return process_batch(raw_ids, prepared, raise_errors=raise_errors, in_run=in_run, retry=False)
        log.exception("processing delivery %s failed", raw_ids[0])
        with transaction.atomic():
            raw = RawDelivery.objects.select_for_update().get(pk=raw_ids[0])
            raw.attempts += 1
            raw.error = f"{type(exc).__name__}: {exc}"
            if raw.attempts >= MAX_ATTEMPTS:
                raw.status = RawDelivery.Status.FAILED
                transaction.on_commit(lambda: metrics.deliveries_written([raw]))
            raw.save(update_fields=["attempts", "error", "status"])
        if raise_errors:
            raise
        return {raw.pk: raw.status}


def _write(raw_ids: list[int], prepared: dict, in_run: bool) -> dict[int, str]:
    from sellerdesk.channels.lookups import after_receive
    from sellerdesk.conversations.bounces import record_bounce
    from sellerdesk.conversations.intake import Intake, update_rows
    from sellerdesk.orders.actions import apply_order_update, resolve_order_of
    from sellerdesk.orders.stores import store_of

    warm_up()
    with transaction.atomic():
        # Only the deliveries' rows (of=self): locking their account too made a second worker's
        # run skip every delivery of that account while the first wrote a batch of it.
        locked = RawDelivery.objects.select_for_update(of=("self",), **(_skip_locked() if in_run else {})).select_related("account")
        raws = list(locked.filter(pk__in=raw_ids).order_by("pk"))
        statuses = {} if in_run else {raw.pk: raw.status for raw in raws}
        raws = [raw for raw in raws if raw.status == WAITING]
        if not raws:
            return statuses
        parsed = _parse(raws, prepared)
        now = clock.now()
        memo: dict = {}
        intake = None
        for raw in raws:
            result, triaged, terms = parsed[raw.pk]
            if isinstance(result, MalformedDelivery):
                raw.status, raw.error = RawDelivery.Status.FAILED, f"malformed: {result}"
                log.warning("delivery %s is malformed: %s", raw.pk, result)
            elif result.ignored_reason:
                if result.bounced_message_id:
                    intake = _flushed(intake)
                    record_bounce(raw.account, result.bounced_message_id, result.ignored_reason)
                raw.status, raw.error = RawDelivery.Status.IGNORED, result.ignored_reason
            else:
                if _touches_orders(result):
                    # The intake's view is written first, and read again after them.
                    intake = _flushed(intake)
                    for update in result.orders:
                        if update.store is None and raw.channel == update.platform:
                            update.store = store_of(update.platform, raw.account_id)
                        apply_order_update(update, source=f"{raw.channel}:{raw.pk}")
                    for message in result.messages:
                        resolve_order_of(message, raw.account_id)
                if intake is None:
                    intake = Intake(_items_from(raw, raws, parsed))
                # search terms worked out ahead, one per message (none when the writer parsed it)
                ahead = terms if len(terms) == len(result.messages) else [None] * len(result.messages)
                for message, message_terms in zip(result.messages, ahead):
                    intake.receive(raw.account, message, raw=raw, triaged=triaged.get(message.external_id), terms=message_terms)
                    after_receive(message, memo)  # an order we know nothing about: fetched from its platform's API
                if result.privacy_request is not None:
                    from sellerdesk.privacy.requests import receive as receive_privacy_request

                    intake = _flushed(intake)
                    receive_privacy_request(raw, result.privacy_request)
                raw.status, raw.error = RawDelivery.Status.PROCESSED, ""
            if not isinstance(result, MalformedDelivery):
                get_channel(raw.channel).after_write(raw, result)
            raw.attempts += 1
            raw.processed_at = now
            statuses[raw.pk] = raw.status
        _flushed(intake)
        _test_pause(raws)
        update_rows(raws, ["status", "error", "attempts", "processed_at"])
        transaction.on_commit(lambda: metrics.deliveries_written(raws))
        return statuses


def _take_again(batches: list, hold=None) -> list:
    """Of the batches a previous run of this process left (held for it until `hold`), the
    deliveries still waiting and held or free, taken again (another worker's run may have taken
    or written some once the hold ran out)."""
    ids = [r.pk for rows, _ in batches for r in rows]
    if not ids:
        return []
    now = clock.now()
    with transaction.atomic():
        free = Q(taken_until__isnull=True) | Q(taken_until__lt=now)
        if hold is not None:
            free |= Q(taken_until=hold)
        free = RawDelivery.objects.filter(free, pk__in=ids, status=WAITING, attempts=0)
        taken = set(free.select_for_update(**_skip_locked()).values_list("pk", flat=True))
        RawDelivery.objects.filter(pk__in=taken).update(taken_until=now + dt.timedelta(seconds=TAKE_SECONDS))
    kept = []
    for rows, future in batches:
        rows = [r for r in rows if r.pk in taken]
        if rows:
            kept.append((rows, future))
    return kept


def _skip_locked() -> dict:
    # Two workers on PostgreSQL take different deliveries; SQLite has one writer at a time anyway.
    return {"skip_locked": True} if connection.features.has_select_for_update_skip_locked else {}


def _flushed(intake):
    if intake is not None:
        intake.flush()
    return None


def _touches_orders(result) -> bool:
    """Order updates, claims and messages naming an order by the platform's id read and write
    orders directly, outside the intake's view."""
    return bool(result.orders) or any(m.order_external_id or m.claim for m in result.messages)


def _items_from(raw, raws, parsed) -> list:
    """(account, message) of this delivery and the simple ones after it: what one Intake reads."""
    items = []
    for other in raws[raws.index(raw):]:
        result = parsed[other.pk][0]
        if isinstance(result, MalformedDelivery) or result.ignored_reason:
            continue
        if other is not raw and _touches_orders(result):
            break
        items += [(other.account, m) for m in result.messages]
    return items


def _parse(raws, prepared: dict) -> dict:
    """{raw id: (ParseResult, {external id: TriageResult}, [search terms per message]) or
    (MalformedDelivery, {}, [])}: taken from `prepared` when it was prepared from this very row,
    parsed and triaged here otherwise."""
    out = {}
    missing = []
    for raw in raws:
        p = prepared.get(raw.pk)
        if p is not None and p.parsed is not None and p.key == (raw.account_id, raw.external_id):
            out[raw.pk] = (p.parsed, p.triaged, p.terms)
        else:
            missing.append(raw)
    fresh = prep.prepare(missing) if missing else {}
    for raw in missing:
        out[raw.pk] = _parsed_or_error(raw, fresh[raw.pk])
    return out


def _parsed_or_error(raw, p) -> tuple:
    if p.parsed is not None:
        return p.parsed, p.triaged, p.terms
    try:
        parsed = get_channel(raw.channel).parse(raw)  # what prepare() set aside: raised again here
    except MalformedDelivery as exc:
        return exc, {}, []
    return parsed, {}, []  # parsed this time: the intake triages its messages itself


_warmed = False


def warm_up() -> None:
    """What every write needs, loaded once per process before the first row lock — not inside
    the transaction: on SQLite that lock is the database's write lock, held meanwhile. The
    triage model (or its build), the SLA calendars (a holiday list imports a module per
    country: a second or more). Then what was loaded for good is left out of garbage
    collection (gc.freeze): otherwise every full collection walks it again, a tenth of the
    writer's time on the ingest benchmark (docs/operations.md, "Throughput")."""
    global _warmed
    if not _warmed:
        from sellerdesk import triage
        from sellerdesk.lib import gcsettle
        from sellerdesk.sla import engine as sla

        triage.analyze("warm up")
        sla.warm_up(clock.now())
        gcsettle.settle()
        _warmed = True


def _test_pause(raws) -> None:
    # Test-only hook (tests/backends/test_killed_worker.py): with the message rows created but
    # not committed, wait so the test can SIGKILL the worker here. Off unless the variable is set.
    seconds = settings.TEST_PAUSE_IN_PROCESS_SECONDS
    if seconds:
        for raw in raws:
            log.warning("test pause: delivery %s holds its transaction for %s s", raw.pk, seconds)
        time.sleep(seconds)


def requeue_stale(now: dt.datetime | None = None, limit: int = 1000) -> int:
    """Queue again deliveries whose processing was queued long ago and never finished: never
    tried (a worker died, a wake-up was lost) by a run of the intake, failed ones alone."""
    now = now or clock.now()
    cutoff = now - dt.timedelta(seconds=settings.STALE_DELIVERY_SECONDS)
    rows = list(
        RawDelivery.objects.filter(status=WAITING, queued_at__lt=cutoff).order_by("queued_at").values_list("pk", "attempts")[:limit]
    )
    if rows:
        RawDelivery.objects.filter(pk__in=[pk for pk, _ in rows]).update(queued_at=now)
        # Taken longer ago than the stale period and still waiting: the run that took them is gone.
        taken_before = cutoff + dt.timedelta(seconds=TAKE_SECONDS)
        RawDelivery.objects.filter(pk__in=[pk for pk, _ in rows], taken_until__lt=taken_before).update(taken_until=None)
        if any(attempts == 0 for _, attempts in rows):
            wake(force=True)
        for raw_id, attempts in rows:
            if attempts:
                enqueue_processing(raw_id)
    return len(rows)


def redeliver(raw: RawDelivery) -> str:
    """Process a failed delivery again (after a parser fix)."""
    if raw.status == RawDelivery.Status.REJECTED:
        # It may be forged. A genuine one (signed with a secret since rotated) can be fed
        # deliberately with `sellerdesk inbound CHANNEL FILE --trusted`.
        return raw.status
    RawDelivery.objects.filter(pk=raw.pk).update(status=RawDelivery.Status.RECEIVED, attempts=0, queued_at=clock.now())
    return process(raw.pk)
