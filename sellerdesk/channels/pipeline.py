"""receive -> store raw (idempotent) -> on commit, a task parses, threads, triages, routes.

The raw delivery row is the source of truth: it is committed before anything
else happens, and a delivery whose processing never finished (a worker killed
half way) is queued again by `requeue_stale`. Processing runs in one
transaction, so a retry starts from a clean state and creates no duplicates.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections import OrderedDict

from django.conf import settings
from django.db import IntegrityError, transaction

from sellerdesk.channels.base import MalformedDelivery, ParseResult
from sellerdesk.channels.models import ChannelAccount, RawDelivery
from sellerdesk.channels.registry import get_channel
from sellerdesk.lib import clock

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 5


def store_delivery(
    account: ChannelAccount,
    external_id: str,
    body: bytes,
    *,
    headers: dict | None = None,
    channel: str | None = None,
    status: str = RawDelivery.Status.RECEIVED,
    error: str = "",
) -> tuple[RawDelivery, bool]:
    """Commit the raw delivery; queue its processing after commit. Returns (row, created)."""
    now = clock.now()
    try:
        with transaction.atomic():
            raw = RawDelivery.objects.create(
                channel=channel or account.kind,
                account=account,
                external_id=external_id[:255],
                headers=headers or {},
                body=body,
                status=status,
                error=error,
                received_at=now,
                queued_at=now if status == RawDelivery.Status.RECEIVED else None,
            )
            if status == RawDelivery.Status.RECEIVED:
                transaction.on_commit(lambda: enqueue_processing(raw.pk))
    except IntegrityError:
        return RawDelivery.objects.get(account=account, external_id=external_id[:255]), False
    return raw, True


def enqueue_processing(raw_id: int) -> None:
    from sellerdesk.channels.tasks import process_delivery

    process_delivery.enqueue(raw_id)


def process(raw_id: int) -> str:
    """Turn one stored delivery into messages. Safe to run any number of times."""
    from sellerdesk.conversations.actions import receive_message
    from sellerdesk.conversations.bounces import record_bounce

    try:
        _load_triage()
        key, parsed, triaged = _parse_ahead(raw_id)
    except Exception:  # the delivery is then parsed and triaged alone, and a failure counted below
        log.exception("parsing and triaging ahead of delivery %s failed", raw_id)
        key, parsed, triaged = None, None, {}
    try:
        with transaction.atomic():
            raw = RawDelivery.objects.select_for_update().select_related("account").get(pk=raw_id)
            if raw.status != RawDelivery.Status.RECEIVED:
                return raw.status
            if key != (raw.account_id, raw.external_id):
                parsed, triaged = None, {}
            channel = get_channel(raw.channel)
            try:
                result = parsed or channel.parse(raw)
            except MalformedDelivery as exc:
                raw.status = RawDelivery.Status.FAILED
                raw.error = f"malformed: {exc}"
                raw.attempts += 1
                raw.processed_at = clock.now()
                raw.save(update_fields=["status", "error", "attempts", "processed_at"])
                log.warning("delivery %s is malformed: %s", raw_id, exc)
                return raw.status
            if result.ignored_reason:
                if result.bounced_message_id:
                    record_bounce(raw.account, result.bounced_message_id, result.ignored_reason)
                raw.status = RawDelivery.Status.IGNORED
                raw.error = result.ignored_reason
            else:
                from sellerdesk.orders.actions import apply_order_update, resolve_order_of

                for update in result.orders:
                    apply_order_update(update, source=f"{raw.channel}:{raw.pk}")
                for message in result.messages:
                    resolve_order_of(message)
                from sellerdesk.channels.lookups import after_receive

                for message in result.messages:
                    receive_message(raw.account, message, raw=raw, triaged=triaged.get(message.external_id))
                    after_receive(message)  # an order we know nothing about: fetched from its platform's API
                _test_pause(raw_id)
                raw.status = RawDelivery.Status.PROCESSED
                raw.error = ""
            raw.attempts += 1
            raw.processed_at = clock.now()
            raw.save(update_fields=["status", "error", "attempts", "processed_at"])
            return raw.status
    except Exception as exc:  # a bug or a database error: keep the delivery, count the attempt
        log.exception("processing delivery %s failed", raw_id)
        with transaction.atomic():
            raw = RawDelivery.objects.select_for_update().get(pk=raw_id)
            raw.attempts += 1
            raw.error = f"{type(exc).__name__}: {exc}"
            if raw.attempts >= MAX_ATTEMPTS:
                raw.status = RawDelivery.Status.FAILED
            raw.save(update_fields=["attempts", "error", "status"])
        raise


# Deliveries parsed and triaged ahead, in one batch: embedding 32 texts at once costs about a
# third per text of embedding them one by one. Parsing and triage are pure functions of the
# stored bytes, so each delivery is still processed by its own task, in its own transaction,
# with exactly the results it would compute itself. Each worker looks ahead on its own.
_ahead: OrderedDict[int, tuple[tuple, ParseResult | None, dict]] = OrderedDict()
AHEAD_MAX_BYTES = 256 * 1024


def _parse_ahead(raw_id: int) -> tuple[tuple | None, ParseResult | None, dict]:
    """(delivery key, parse result, {external_id: TriageResult}) of this delivery, batched with
    the ones queued after it. The key (account, external id) is checked against the locked row."""
    from sellerdesk import triage
    from sellerdesk.conversations.actions import triage_input

    if raw_id not in _ahead and settings.TRIAGE_BATCH > 1:
        batch = []
        waiting = RawDelivery.objects.filter(status=RawDelivery.Status.RECEIVED, pk__gte=raw_id).select_related("account")
        for raw in waiting.order_by("pk")[: settings.TRIAGE_BATCH]:
            try:
                parsed = get_channel(raw.channel).parse(raw)
            except Exception:
                continue  # process() parses it again and records what is wrong
            # Big mails (attachments) are parsed again rather than held in memory.
            key = (raw.account_id, raw.external_id)
            _ahead[raw.pk] = (key, parsed if len(raw.body) <= AHEAD_MAX_BYTES else None, {})
            batch += [(raw.pk, m) for m in parsed.messages if not parsed.ignored_reason]
        results = triage.analyze_many([triage.Message(**triage_input(m)) for _, m in batch])
        for (pk, m), result in zip(batch, results):
            _ahead[pk][2][m.external_id] = result
        while len(_ahead) > 4 * settings.TRIAGE_BATCH:  # taken by other workers
            _ahead.popitem(last=False)
    return _ahead.pop(raw_id, (None, None, {}))


_triage_loaded = False


def _load_triage() -> None:
    # Load (or build) the triage model before taking the row lock, not inside the transaction:
    # on SQLite that lock is the database's write lock, held for the seconds loading takes.
    global _triage_loaded
    if not _triage_loaded:
        from sellerdesk import triage

        triage.analyze("warm up")
        _triage_loaded = True


def _test_pause(raw_id: int) -> None:
    # Test-only hook (tests/backends/test_killed_worker.py): with the message rows created but
    # not committed, wait so the test can SIGKILL the worker here. Off unless the variable is set.
    seconds = settings.TEST_PAUSE_IN_PROCESS_SECONDS
    if seconds:
        log.warning("test pause: delivery %s holds its transaction for %s s", raw_id, seconds)
        time.sleep(seconds)


def requeue_stale(now: dt.datetime | None = None, limit: int = 1000) -> int:
    """Queue again deliveries whose processing was queued long ago and never finished."""
    now = now or clock.now()
    cutoff = now - dt.timedelta(seconds=settings.STALE_DELIVERY_SECONDS)
    ids = list(
        RawDelivery.objects.filter(status=RawDelivery.Status.RECEIVED, queued_at__lt=cutoff)
        .order_by("queued_at")
        .values_list("pk", flat=True)[:limit]
    )
    if ids:
        RawDelivery.objects.filter(pk__in=ids).update(queued_at=now)
        for raw_id in ids:
            enqueue_processing(raw_id)
    return len(ids)


def redeliver(raw: RawDelivery) -> str:
    """Process a failed delivery again (after a parser fix)."""
    if raw.status == RawDelivery.Status.REJECTED:
        # It may be forged. A genuine one (signed with a secret since rotated) can be fed
        # deliberately with `sellerdesk inbound CHANNEL FILE --trusted`.
        return raw.status
    RawDelivery.objects.filter(pk=raw.pk).update(status=RawDelivery.Status.RECEIVED, attempts=0, queued_at=clock.now())
    return process(raw.pk)
