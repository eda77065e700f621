"""Real databases, a Redis database of our own, and real worker processes for tests/backends.

Databases: each test gets a fresh one, copied from a template migrated once per session
by `sellerdesk migrate` in a subprocess (as an installation migrates). SQLite: a file
copy; PostgreSQL: CREATE DATABASE ... TEMPLATE, dropped after the test.

`pointed_at(url)` points the test process's `default` connection at that database for
the duration of a test, so the test stores deliveries and asserts through the ordinary
ORM while the workers, started with DATABASE_URL=url, write to the same rows.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
PG_HOST, PG_PORT, PG_USER = "127.0.0.1", 5432, "postgres"
REDIS_HOST, REDIS_PORT = "127.0.0.1", 6379
REDIS_CLAIM_KEY = "sellerdesk-tests:claimed-by"


def reachable(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


def pg_url(name: str) -> str:
    return f"postgres://{PG_USER}@{PG_HOST}:{PG_PORT}/{name}"


def pg_admin(sql: str) -> None:
    """Run one statement on the maintenance database (CREATE/DROP DATABASE need autocommit)."""
    import psycopg

    with psycopg.connect(host=PG_HOST, port=PG_PORT, user=PG_USER, dbname="postgres", autocommit=True) as conn:
        conn.execute(sql)


def process_env(database_url: str, *, redis_url: str = "", **extra: str) -> dict[str, str]:
    """The environment of a sellerdesk process on this database (and queue)."""
    env = {k: v for k, v in os.environ.items() if k not in {"REDIS_URL", "SELLERDESK_TASK_BACKEND"}}
    env.update(
        DATABASE_URL=database_url,
        SELLERDESK_TASK_BACKEND="rq" if redis_url else "db",
        # The same data dir as this process: the triage model artefact is built once, shared.
        SELLERDESK_DATA_DIR=str(settings.DATA_DIR),
        DJANGO_SETTINGS_MODULE="sellerdesk.settings",
        PYTHONUNBUFFERED="1",
    )
    if redis_url:
        env["REDIS_URL"] = redis_url
    env.update(extra)
    return env


def sellerdesk(*args: str, env: dict[str, str], timeout: float = 300) -> subprocess.CompletedProcess:
    """Run one `sellerdesk` command to completion; fail the test with its output if it fails."""
    proc = subprocess.run(
        [sys.executable, "-m", "sellerdesk.cli", *args], env=env, cwd=ROOT, capture_output=True, text=True, timeout=timeout
    )
    if proc.returncode != 0:
        raise AssertionError(f"sellerdesk {' '.join(args)} exited {proc.returncode}:\n{proc.stdout}\n{proc.stderr}")
    return proc


def migrated_template(engine: str, workdir: Path) -> str:
    """A migrated database to copy per test: a file path (sqlite) or a database name (postgresql)."""
    if engine == "sqlite":
        path = workdir / "template.sqlite3"
        sellerdesk("migrate", "--noinput", "--skip-checks", "-v0", env=process_env(f"sqlite:///{path}"))
        return str(path)
    name = f"sd_tpl_{uuid.uuid4().hex[:10]}"
    pg_admin(f'CREATE DATABASE "{name}"')
    try:
        sellerdesk("migrate", "--noinput", "--skip-checks", "-v0", env=process_env(pg_url(name)))
    except BaseException:
        drop_template(engine, name)
        raise
    return name


def drop_template(engine: str, template: str) -> None:
    if engine == "postgresql":
        pg_admin(f'DROP DATABASE IF EXISTS "{template}" WITH (FORCE)')


@contextlib.contextmanager
def fresh_database(engine: str, template: str, workdir: Path) -> Iterator[str]:
    """A database URL of a fresh copy of the template; dropped afterwards."""
    if engine == "sqlite":
        path = workdir / "sellerdesk.sqlite3"
        shutil.copyfile(template, path)
        yield f"sqlite:///{path}"
        return
    name = f"sd_test_{uuid.uuid4().hex[:10]}"
    pg_admin(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    try:
        yield pg_url(name)
    finally:
        pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextlib.contextmanager
def pointed_at(url: str) -> Iterator[None]:
    """Make this process's `default` connection use the database at `url`, then restore it."""
    from django.db import connections
    from django.db.utils import load_backend

    from sellerdesk.settings import database_config

    config = connections.configure_settings({"default": database_config(url)})["default"]
    wrapper = load_backend(config["ENGINE"]).DatabaseWrapper(config, "default")
    original = connections["default"]
    connections["default"] = wrapper
    try:
        yield
    finally:
        wrapper.close()
        connections["default"] = original


@contextlib.contextmanager
def claimed_redis_db() -> Iterator[str]:
    """A Redis URL on a database number nobody else uses now (claimed with SET NX), flushed after.

    RQ has no key prefix, so parallel runs are kept apart by database number.
    """
    import redis

    for number in range(15, 0, -1):
        client = redis.Redis(host=REDIS_HOST, port=REDIS_PORT, db=number)
        if client.set(REDIS_CLAIM_KEY, f"{socket.gethostname()}:{os.getpid()}", nx=True, ex=1800):
            if client.dbsize() == 1:
                break
            client.delete(REDIS_CLAIM_KEY)  # holds someone's data without a claim: leave it alone
        client.close()
    else:
        raise RuntimeError("no free Redis database number (1-15) on 127.0.0.1:6379")
    try:
        yield f"redis://{REDIS_HOST}:{REDIS_PORT}/{number}"
    finally:
        client.flushdb()
        client.close()


class Worker:
    """A long-running `sellerdesk worker` process (or another command: scheduler), its output in a log file."""

    def __init__(self, env: dict[str, str], log_path: Path, command: tuple[str, ...] = ("worker",)):
        self.log_path = log_path
        self._log = open(log_path, "w")
        # Its own process group: stopping it stops what it forked too (an RQ job's work horse would
        # otherwise outlive it, still reading the test's Redis database after the test).
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "sellerdesk.cli", *command], env=env, cwd=ROOT, stdout=self._log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def output(self) -> str:
        return self.log_path.read_text()

    def wait_for(self, text: str, timeout: float = 180) -> None:
        deadline = time.monotonic() + timeout
        while text not in self.output():
            if self.proc.poll() is not None:
                raise AssertionError(f"worker exited {self.proc.returncode} before {text!r}:\n{self.output()}")
            if time.monotonic() > deadline:
                raise AssertionError(f"worker did not log {text!r} within {timeout} s:\n{self.output()}")
            time.sleep(0.1)

    def kill(self) -> int:
        """As a machine that dies: the worker and everything it started, at once."""
        self._kill_group()
        return self.proc.wait(timeout=30)

    def stop(self) -> None:
        self._kill_group()
        self.proc.wait(timeout=30)
        self._log.close()

    def _kill_group(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGKILL)
