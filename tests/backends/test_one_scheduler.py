"""Two `sellerdesk scheduler` processes on one database: only the one holding the lock enqueues jobs;
when it is killed the other takes over (PostgreSQL: advisory lock; SQLite: a lease row)."""

from __future__ import annotations

import collections
import time

import pytest
from django_tasks_db.models import DBTaskResult

from sellerdesk.ops.scheduler import schedule
from tests.backends import stack
from tests.backends.conftest import POSTGRESQL_DB, SQLITE_DB


def enqueued() -> collections.Counter:
    """Tasks enqueued so far, by task path, of the jobs that come round at most every 5 minutes
    (so each count is the number of schedulers that ran a round, whatever the machine's speed)."""
    slow = {job.task_path for job in schedule() if job.every_seconds >= 300}
    return collections.Counter(p for p in DBTaskResult.objects.values_list("task_path", flat=True) if p in slow)


def wait_until(condition, what: str, timeout: float = 180):
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, what
        time.sleep(0.2)


@pytest.mark.parametrize("backend", [SQLITE_DB, POSTGRESQL_DB], indirect=True)
def test_two_schedulers_never_both_run_jobs(backend):
    slow_jobs = sorted({job.task_path for job in schedule() if job.every_seconds >= 300})
    assert len(slow_jobs) >= 4
    env = backend.env(SELLERDESK_SCHEDULER_LEASE_SECONDS="4", SELLERDESK_LOG_LEVEL="INFO")
    first = _scheduler(backend, env, "scheduler-1")
    first.wait_for("holding the lock, running the jobs")
    wait_until(lambda: set(enqueued()) == set(slow_jobs), f"first scheduler's round: {first.output()}")

    second = _scheduler(backend, env, "scheduler-2")
    second.wait_for("another scheduler holds the lock; standing by")
    time.sleep(3)  # the second one tries again every second meanwhile
    assert enqueued() == {path: 1 for path in slow_jobs}
    assert "holding the lock" not in second.output()

    first.kill()
    second.wait_for("holding the lock, running the jobs", timeout=60)
    wait_until(lambda: enqueued() == {path: 2 for path in slow_jobs}, f"second scheduler's round: {enqueued()}")
    time.sleep(2)
    assert enqueued() == {path: 2 for path in slow_jobs}


def _scheduler(backend, env, name: str) -> stack.Worker:
    proc = stack.Worker(env, backend.workdir / f"{name}.log", command=("scheduler",))
    backend.workers.append(proc)
    return proc
