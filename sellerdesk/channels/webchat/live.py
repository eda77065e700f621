"""Pushing transcript lines to open widget streams, across processes.

Lines are rows (ChatEvent) written by whichever process has them: the web server (the visitor's
own lines), the worker (bot answers, agents' replies sent through the channel). In the web server
one watcher thread reads the new rows — one query for all open streams, whatever their number — and
hands each row to the streams of its visitor: on PostgreSQL when the rows' commit notifies it
(lib/newrows.py), at most every SELLERDESK_WEBCHAT_POLL_SECONDS; on SQLite at that interval. Stream
threads wait on an Event and touch the database only when they start.

Row ids are not always committed in order (PostgreSQL sequences), so the watcher also re-reads the
ids of the last few seconds and skips the rows it has handed over already (`NewLines`, on
lib/newrows.py's `NewIds`, which the agents' feed reads with too).
"""

from __future__ import annotations

import logging
import threading
import time

from django.conf import settings
from django.db import close_old_connections, connection

from sellerdesk.lib.newrows import NewIds, listener

log = logging.getLogger(__name__)
IDLE_STOP_SECONDS = 30  # the watcher ends after this long without streams
TABLE = "webchat_chatevent"  # the watched table, as its trigger names it (lib/newrows.py)


def row_dict(row) -> dict:
    """What the widget gets for one line (JSON of the server-sent event)."""
    return {"id": row["id"], "kind": row["kind"], "text": row["text"], "name": row["name"],
            "client_id": row["client_id"], "files": row["files"], "at": row["created_at"].isoformat()}


FIELDS = ("id", "visitor_id", "kind", "text", "name", "client_id", "files", "created_at")


class Waiter:
    def __init__(self, visitor_id: int):
        self.visitor_id = visitor_id
        self.ready = threading.Event()
        self.lines: list[dict] = []
        self.sent: set[int] = set()
        self.lock = threading.Lock()

    def give(self, line: dict) -> None:
        with self.lock:
            if line["id"] in self.sent:
                return
            self.sent.add(line["id"])
            self.lines.append(line)
        self.ready.set()

    def take(self, timeout: float) -> list[dict]:
        self.ready.wait(timeout)
        with self.lock:
            lines, self.lines = self.lines, []
            self.ready.clear()
        return sorted(lines, key=lambda x: x["id"])


class Hub:
    def __init__(self):
        self.lock = threading.Lock()
        self.waiters: dict[int, set[Waiter]] = {}
        self.thread: threading.Thread | None = None
        self.streams = 0  # open streams, for the budget

    # --- the stream budget: each open stream holds a web server thread ------------------------
    def try_open(self) -> bool:
        with self.lock:
            if self.streams >= settings.WEBCHAT_STREAMS:
                return False
            self.streams += 1
            return True

    def close(self) -> None:
        with self.lock:
            self.streams -= 1

    # --- waiting ------------------------------------------------------------------------------
    def join(self, visitor_id: int) -> Waiter:
        waiter = Waiter(visitor_id)
        with self.lock:
            self.waiters.setdefault(visitor_id, set()).add(waiter)
            if self.thread is None or not self.thread.is_alive():
                self.thread = threading.Thread(target=self._watch, name="webchat-watcher", daemon=True)
                self.thread.start()
        return waiter

    def publish(self, row: dict) -> None:
        """A line this process has just committed (an agent's reply sent from the web server): to
        its visitor's open streams now rather than at the watcher's next read, which hands it over
        again — a stream skips the lines it has sent."""
        with self.lock:
            group = list(self.waiters.get(row["visitor_id"], ()))
        for waiter in group:
            waiter.give(row_dict(row))

    def leave(self, waiter: Waiter) -> None:
        with self.lock:
            group = self.waiters.get(waiter.visitor_id)
            if group is not None:
                group.discard(waiter)
                if not group:
                    del self.waiters[waiter.visitor_id]

    def _watch(self) -> None:
        reader = NewLines()
        woken = listener.subscribe(TABLE)
        idle_since = None
        try:
            while True:
                with self.lock:
                    visitors = set(self.waiters)
                if not visitors:
                    idle_since = idle_since or time.monotonic()
                    if time.monotonic() - idle_since > IDLE_STOP_SECONDS:
                        with self.lock:
                            if not self.waiters:
                                self.thread = None
                                return
                    time.sleep(settings.WEBCHAT_POLL_SECONDS)
                    continue
                idle_since = None
                read_at = time.monotonic()
                try:
                    rows = reader.read(visitors, read_at)
                except Exception:
                    log.exception("web chat watcher: reading new lines failed")
                    close_old_connections()
                    time.sleep(1)
                    continue
                for row in rows:
                    with self.lock:
                        group = list(self.waiters.get(row["visitor_id"], ()))
                    for waiter in group:
                        waiter.give(row_dict(row))
                listener.pause(woken, read_at, settings.WEBCHAT_POLL_SECONDS, busy=reader.fresh > 0)
        finally:
            listener.unsubscribe(TABLE, woken)
            connection.close()


class NewLines:
    """One watcher's reading of the new lines: ids first (`NewIds`, the late-commit overlap included),
    whole rows only for the visitors whose streams this process holds (with several web processes,
    each holds a share of them). Before, every read took the whole rows of the last three seconds:
    in a burst each line was read and decoded some thirty times by every web process."""

    def __init__(self, last_id: int | None = None):
        from sellerdesk.channels.webchat.models import ChatEvent

        if last_id is None:
            last_id = ChatEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
        self.ids = NewIds(last_id)
        self.fresh = 0  # ids the last read found that no read had before (any visitor's)

    def read(self, visitors: set[int], now: float) -> list[dict]:
        """The rows not read before, of `visitors`, in id order."""
        from sellerdesk.channels.webchat.models import ChatEvent

        fresh = self.ids.read(ChatEvent.objects.order_by("id").values_list("id", "visitor_id"), now)
        self.fresh = len(fresh)
        wanted = [line_id for line_id, visitor_id in fresh if visitor_id in visitors]
        if not wanted:
            return []
        return list(ChatEvent.objects.filter(id__in=wanted).order_by("id").values(*FIELDS))


hub = Hub()
