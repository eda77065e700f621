"""Workers of the database queue are woken by a datagram when a task is queued (sellerdesk/ops/wakeup.py)."""

from __future__ import annotations

import ast
import select
from pathlib import Path

import pytest

from sellerdesk.ops import wakeup


@pytest.fixture
def data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    return tmp_path


def readable(listener) -> bool:
    return select.select([listener.sock], [], [], 0)[0] == [listener.sock]


def test_the_database_workers_loop_uses_the_time_module_only_to_sleep():
    # The worker command stands SleepOnWake in for `time` in that module: it must need nothing else.
    from django_tasks_db.management.commands import db_worker

    tree = ast.parse(Path(db_worker.__file__).read_text())
    used = {n.attr for n in ast.walk(tree) if isinstance(n, ast.Attribute) and isinstance(n.value, ast.Name) and n.value.id == "time"}
    assert used == {"sleep"}


def test_a_task_queued_in_a_transaction_wakes_the_worker_when_it_commits(db, data_dir, django_capture_on_commit_callbacks):
    listener = wakeup.Listener()
    try:
        with django_capture_on_commit_callbacks() as callbacks:
            wakeup.notify_on_commit()
            assert not readable(listener)  # not before the task row is committed
        assert callbacks == [wakeup.notify]
        callbacks[0]()
        callbacks[0]()
        assert readable(listener)
        listener.sleep(0)  # both wake-ups read at once
        assert not readable(listener)
    finally:
        listener.close()
    assert list((data_dir / "wake").iterdir()) == []


def test_a_socket_nobody_listens_on_is_removed(data_dir):
    gone = wakeup.Listener()
    gone.sock.close()  # a worker killed without cleaning up leaves its socket file
    try:
        assert wakeup.notify() == 0
        assert list((data_dir / "wake").iterdir()) == []
    finally:
        gone.close()


def test_the_worker_command_sleeps_on_its_socket_and_puts_the_loop_back(data_dir):
    import time

    from django_tasks_db.management.commands import db_worker

    from sellerdesk.ops.management.commands.worker import woken_on_queue

    with woken_on_queue() as woken:
        assert woken is True
        assert isinstance(db_worker.time, wakeup.SleepOnWake)
        (socket_file,) = (data_dir / "wake").iterdir()
        assert wakeup.notify() == 1
        assert readable(db_worker.time.listener)
        db_worker.time.sleep(5)  # returns at once: woken
        assert not readable(db_worker.time.listener)
    assert db_worker.time is time
    assert not socket_file.exists()
