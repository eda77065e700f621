"""Waking idle task workers the moment a task is queued (the database queue, workers on this machine).

django-tasks-db's worker looks for tasks, and when there is none sleeps its poll interval. Each
`sellerdesk worker` binds a Unix datagram socket in DATA_DIR/wake/ and sleeps on that socket
instead (`Listener.sleep`); a committed task sends one byte to every socket there (`notify`), so
a chat message or a reply waits for no poll. The poll stays as the fallback: a worker on another
machine, a socket path too long for the system, a datagram lost.
"""

from __future__ import annotations

import contextlib
import logging
import os
import select
import socket
from pathlib import Path

from django.conf import settings

log = logging.getLogger(__name__)


def wake_dir() -> Path:
    return Path(settings.DATA_DIR) / "wake"


def notify() -> int:
    """Wake every worker sleeping on this machine; returns how many sockets were reached."""
    try:
        names = os.listdir(wake_dir())
    except OSError:
        return 0
    reached = 0
    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as sock:
        sock.setblocking(False)
        for name in names:
            path = wake_dir() / name
            try:
                sock.sendto(b"!", str(path))
                reached += 1
            except BlockingIOError:
                reached += 1  # its queue is full: it has been woken already
            except ConnectionRefusedError:
                with contextlib.suppress(OSError):
                    path.unlink()  # nobody listens: a worker that died without cleaning up
            except OSError:
                pass
    return reached


def notify_on_commit(**_) -> None:
    """task_enqueued receiver: the task row is readable by the worker once the transaction commits."""
    from django.db import transaction

    transaction.on_commit(notify)


class Listener:
    """The worker's end: a socket named after its process; `sleep` returns early when woken."""

    def __init__(self):
        directory = wake_dir()
        directory.mkdir(mode=0o700, exist_ok=True)
        self.path = directory / f"{os.getpid()}.sock"
        with contextlib.suppress(FileNotFoundError):
            self.path.unlink()
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        try:
            self.sock.bind(str(self.path))
        except OSError:
            self.sock.close()
            raise
        self.sock.setblocking(False)

    def sleep(self, seconds: float) -> None:
        readable, _, _ = select.select([self.sock], [], [], seconds)
        if readable:
            with contextlib.suppress(BlockingIOError):
                while self.sock.recv(64):  # one wake-up for however many tasks came meanwhile
                    pass

    def close(self) -> None:
        self.sock.close()
        with contextlib.suppress(OSError):
            self.path.unlink()


class SleepOnWake:
    """Stands in for the `time` module inside django-tasks-db's worker loop, whose only use of it is
    `time.sleep(...)` between polls (checked by tests/ops/test_wakeup.py)."""

    def __init__(self, listener: Listener):
        self.listener = listener

    def sleep(self, seconds: float) -> None:
        self.listener.sleep(seconds)

    def __getattr__(self, name):
        import time

        return getattr(time, name)
