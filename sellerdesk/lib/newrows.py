"""Waking the live feeds' watchers when new rows are committed, on PostgreSQL (LISTEN/NOTIFY).

The watchers (web/live.py: new messages for the agents' pages; channels/webchat/live.py: new
transcript lines for the widgets) read the database every SELLERDESK_WEBCHAT_POLL_SECONDS while a
page or a widget is open: ten queries a second per watcher and web process, all day long on a desk
whose agents keep the inbox open, and up to a poll's delay before a line moves on. On PostgreSQL a
statement trigger on each watched table notifies CHANNEL with the table's name
(conversations.0013, webchat.0002); PostgreSQL delivers a notification at commit, once per
transaction and table, to every listening connection, on any machine. One listener thread per
process holds such a connection and wakes the watchers of that table: a watcher reads at once,
and with nothing new it waits up to IDLE_SECONDS between reads — the safety net for a
notification missed while the listener reconnects. On SQLite, or while the listener has no
connection, the watchers poll as before; and with SELLERDESK_LIVE_NOTIFY=0 (a pooler in
transaction mode, where a LISTEN hears nothing).
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import threading
import time
from collections import deque

log = logging.getLogger(__name__)

CHANNEL = "sellerdesk_new_rows"
IDLE_SECONDS = 2.0  # a connected watcher's longest wait without a notification
CHECK_SECONDS = 5.0  # how often the listener looks whether anyone still waits
RETRY_SECONDS = 2.0  # after a lost connection


def _connection_params() -> dict:
    """psycopg.connect() arguments for the default database, as Django connects to it."""
    from django.db import connection

    params = connection.get_connection_params()
    for key in ("context", "cursor_factory", "prepare_threshold"):  # Django's own connection's
        params.pop(key, None)
    return params


class Listener:
    """This process's LISTEN connection, shared by its watchers (`subscribe` one Event per watcher)."""

    def __init__(self):
        self.lock = threading.Lock()
        self.events: dict[str, set[threading.Event]] = {}
        self.connected = threading.Event()
        self.thread: threading.Thread | None = None

    def subscribe(self, table: str) -> threading.Event:
        """An Event set when `table` has new rows; the listener starts with the first subscriber,
        on the database the subscribing thread's connection points at (PostgreSQL only)."""
        from django.conf import settings
        from django.db import connection

        event = threading.Event()
        with self.lock:
            self.events.setdefault(table, set()).add(event)
            listens = settings.LIVE_NOTIFY and connection.vendor == "postgresql"
            if listens and (self.thread is None or not self.thread.is_alive()):
                self.thread = threading.Thread(target=self._run, args=(_connection_params(),), name="new-rows-listener",
                                               daemon=True)
                self.thread.start()
        return event

    def unsubscribe(self, table: str, event: threading.Event) -> None:
        with self.lock:
            group = self.events.get(table)
            if group is not None:
                group.discard(event)
                if not group:
                    del self.events[table]

    def wait(self, event: threading.Event, poll: float, *, busy: bool = False) -> bool:
        """A watcher's sleep between reads: until its table has new rows (then True) or, listening
        and after a read that found nothing new, IDLE_SECONDS — otherwise `poll`."""
        woken = event.wait(IDLE_SECONDS if self.connected.is_set() and not busy else poll)
        event.clear()
        return woken

    def pause(self, event: threading.Event, read_at: float, poll: float, *, busy: bool) -> bool:
        """A watcher's pause after a read that started at `read_at` (monotonic): at least `poll` (a
        burst of commits is read in batches, not once per commit), then until its table has new
        rows. After a read that found new rows (`busy`) no longer than `poll`, as when polling: in a
        burst the listener's own thread may fall behind the commits, waiting for the GIL among the
        busy request threads, and the watcher must not wait for it."""
        time.sleep(max(0.0, read_at + poll - time.monotonic()))
        return self.wait(event, poll, busy=busy)

    def _wake(self, table: str | None) -> None:
        with self.lock:
            groups = list(self.events.values()) if table is None else [self.events.get(table, ())]
            for group in groups:
                for event in group:
                    event.set()

    def _run(self, params: dict) -> None:
        import psycopg

        while True:
            with self.lock:
                if not self.events:
                    self.thread = None
                    return
            try:
                with psycopg.connect(**params, autocommit=True) as conn:
                    conn.execute(f"LISTEN {CHANNEL}")
                    self.connected.set()
                    self._wake(None)  # rows committed before this LISTEN: read them now
                    while True:
                        for note in conn.notifies(timeout=CHECK_SECONDS):
                            self._wake(note.payload)
                        with self.lock:
                            if not self.events:
                                self.thread = None
                                return
            except Exception:
                log.exception("new rows listener: connection lost; the watchers poll until it is back")
                self.connected.clear()
                self._wake(None)
                time.sleep(RETRY_SECONDS)
            finally:
                self.connected.clear()


listener = Listener()


# --- what a watcher reads -------------------------------------------------------------------------

OVERLAP = dt.timedelta(seconds=3)  # ids are not always committed in order (PostgreSQL): re-read this far back
READ_LIMIT = 5000  # ids in one read (a watcher that stalled catches up over several)


class NewIds:
    """A watcher's reading of a table's new rows by primary-key range, as (id, key) pairs.

    Row ids are not always committed in order (PostgreSQL sequences), so each read starts from the
    newest id seen OVERLAP ago rather than the newest now — still a range of the primary key, no
    scan — and skips the ids an earlier read returned."""

    def __init__(self, last_id: int):
        self.last_id = last_id
        self.marks: deque = deque()  # (when, newest id seen then)
        self.handed: dict[int, float] = {}  # id -> when read (kept for twice the overlap)

    def read(self, pairs, now: float) -> list[tuple]:
        """The pairs no read returned before; `pairs`: the table's values_list("id", <key>) in id order."""
        window = OVERLAP.total_seconds()
        self.marks.append((now, self.last_id))
        while now - self.marks[0][0] > window:
            self.marks.popleft()
        fresh = []
        for row in pairs.filter(id__gt=self.marks[0][1])[:READ_LIMIT]:
            self.last_id = max(self.last_id, row[0])
            if row[0] not in self.handed:
                self.handed[row[0]] = now
                fresh.append(row)
        for key in [k for k, t in self.handed.items() if now - t > window * 2]:
            del self.handed[key]
        return fresh


# --- the triggers (PostgreSQL), installed by the watched tables' migrations ---------------------

FUNCTION = f"""
CREATE OR REPLACE FUNCTION sellerdesk_notify_new_rows() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('{CHANNEL}', TG_TABLE_NAME);
    RETURN NULL;
END $$
"""


def install(connection, table: str) -> None:
    """A statement trigger on `table` notifying CHANNEL (nothing on SQLite): one notification per
    inserting statement, merged by PostgreSQL into one per transaction."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cur:
        cur.execute(FUNCTION)
        cur.execute(f"DROP TRIGGER IF EXISTS {table}_new_rows ON {table}")
        cur.execute(f"CREATE TRIGGER {table}_new_rows AFTER INSERT ON {table} "
                    "FOR EACH STATEMENT EXECUTE FUNCTION sellerdesk_notify_new_rows()")


def uninstall(connection, table: str) -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute(f"DROP TRIGGER IF EXISTS {table}_new_rows ON {table}")


def _install_step(apps, schema_editor, *, table: str) -> None:
    install(schema_editor.connection, table)


def _uninstall_step(apps, schema_editor, *, table: str) -> None:
    uninstall(schema_editor.connection, table)


def migration_step(table: str):
    """The migration operation that puts the trigger on `table` (and takes it off going back)."""
    from django.db import migrations

    return migrations.RunPython(functools.partial(_install_step, table=table), functools.partial(_uninstall_step, table=table))
