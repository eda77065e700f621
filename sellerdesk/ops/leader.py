"""Exactly one scheduler per installation, however many are started (one per machine, say).

PostgreSQL: a session advisory lock, held on a connection of its own for as long as the process
lives. The server releases it the moment that connection ends (process killed, machine gone), so
a standing-by scheduler takes over at its next try; there is no expiry to tune and no clock.

SQLite (one machine): a lease row (ops.Lease) taken when free or expired and renewed while held;
a killed holder's lease runs out after SELLERDESK_SCHEDULER_LEASE_SECONDS.

`hold()` is called before every round of the scheduler: True while this process may run jobs.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
import uuid

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q

from sellerdesk.lib import clock

log = logging.getLogger(__name__)

# pg_try_advisory_lock key: any fixed 64-bit number no other lock of this database uses.
ADVISORY_KEY = 0x5E11E4DE5C0001


def holder_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


class AdvisoryLock:
    """PostgreSQL: pg_try_advisory_lock on a connection kept open, checked at every round."""

    def __init__(self):
        self.conn = None

    def hold(self) -> bool:
        if self.conn is not None:
            try:
                self.conn.execute("SELECT 1")
                return True
            except Exception as exc:  # the connection (and with it the lock) is gone
                log.warning("scheduler lock lost: %s", exc)
                self.release()
        try:
            self.conn = _connect()
            taken = self.conn.execute("SELECT pg_try_advisory_lock(%s)", [ADVISORY_KEY]).fetchone()[0]
        except Exception as exc:
            log.warning("scheduler lock: cannot reach PostgreSQL: %s", exc)
            self.release()
            return False
        if not taken:
            self.release()
        return bool(taken)

    def release(self) -> None:
        if self.conn is not None:
            try:
                self.conn.close()  # ends the session: the server drops its advisory locks
            except Exception:
                pass
            self.conn = None


def _connect():
    import psycopg

    s = connection.settings_dict
    return psycopg.connect(host=s.get("HOST") or None, port=s.get("PORT") or None, user=s.get("USER") or None,
                           password=s.get("PASSWORD") or None, dbname=s["NAME"], autocommit=True,
                           application_name="sellerdesk-scheduler-lock")


class Lease:
    """SQLite: one row; taken with one conditional UPDATE, so two processes never both get it."""

    NAME = "scheduler"

    def __init__(self, seconds: float | None = None):
        self.seconds = seconds or settings.SCHEDULER_LEASE_SECONDS
        self.holder = holder_name()
        self.until: dt.datetime | None = None

    def hold(self) -> bool:
        from sellerdesk.ops.models import Lease as LeaseRow

        now = clock.now()
        # Renewed when a third of the lease has passed: not a write every second.
        if self.until is not None and now < self.until - dt.timedelta(seconds=self.seconds * 2 / 3):
            return True
        until = now + dt.timedelta(seconds=self.seconds)
        try:
            with transaction.atomic():
                LeaseRow.objects.get_or_create(name=self.NAME)
                taken = LeaseRow.objects.filter(
                    Q(holder=self.holder) | Q(expires_at__isnull=True) | Q(expires_at__lt=now), name=self.NAME,
                ).update(holder=self.holder, expires_at=until)
        except Exception as exc:
            log.warning("scheduler lease: %s", exc)
            taken = 0
        self.until = until if taken else None
        return bool(taken)

    def release(self) -> None:
        from sellerdesk.ops.models import Lease as LeaseRow

        if self.until is not None:
            LeaseRow.objects.filter(name=self.NAME, holder=self.holder).update(expires_at=None, holder="")
            self.until = None


def scheduler_lock() -> AdvisoryLock | Lease:
    return AdvisoryLock() if connection.vendor == "postgresql" else Lease()
