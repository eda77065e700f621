"""The pipeline on every backend, with real worker processes.

pytest-django's test database is SQLite in memory, which a worker process cannot open,
so these tests take no `db` fixture. The `backend` fixture gives each test its own
database — a SQLite file, or a PostgreSQL database created for it and dropped after
(both copied from a template that `sellerdesk migrate` built once per session) — and,
for RQ, a Redis database number claimed for the test and flushed after. Worker
processes get DATABASE_URL / SELLERDESK_TASK_BACKEND / REDIS_URL in their environment,
exactly as an installation configures them; the test process points its own `default`
connection and task backend at the same database and queue (stack.pointed_at, the
`settings` fixture) with pytest-django's database blocker lifted, so it stores
deliveries and checks rows through the ordinary ORM. A missing server skips the test
with the reason; nothing else is skipped.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.backends import stack

SERVERS = {
    "postgresql": (stack.PG_HOST, stack.PG_PORT, "PostgreSQL"),
    "rq": (stack.REDIS_HOST, stack.REDIS_PORT, "Redis"),
}

# (database, queue) pairs; use with @pytest.mark.parametrize("backend", ..., indirect=True).
SQLITE_DB = pytest.param(("sqlite", "db"), id="sqlite-db")
POSTGRESQL_DB = pytest.param(("postgresql", "db"), id="postgresql-db", marks=pytest.mark.postgres)
SQLITE_RQ = pytest.param(("sqlite", "rq"), id="sqlite-rq", marks=pytest.mark.redis)
POSTGRESQL_RQ = pytest.param(("postgresql", "rq"), id="postgresql-rq", marks=[pytest.mark.postgres, pytest.mark.redis])


def require_servers(*names: str) -> None:
    for name in names:
        if name in SERVERS:
            host, port, label = SERVERS[name]
            if not stack.reachable(host, port):
                pytest.skip(f"{label} not reachable at {host}:{port}")


@dataclass
class Backend:
    engine: str  # sqlite | postgresql
    queue: str  # db | rq
    database_url: str
    workdir: Path
    redis_url: str = ""
    workers: list[stack.Worker] = field(default_factory=list)

    def env(self, **extra: str) -> dict[str, str]:
        return stack.process_env(self.database_url, redis_url=self.redis_url, **extra)

    def run_worker_batch(self, **extra_env: str) -> str:
        """`sellerdesk worker --batch`: process everything queued, then exit. Returns its output."""
        proc = stack.sellerdesk("worker", "--batch", env=self.env(**extra_env))
        return proc.stdout + proc.stderr

    def start_worker(self, name: str = "worker", **extra_env: str) -> stack.Worker:
        worker = stack.Worker(self.env(**extra_env), self.workdir / f"{name}.log")
        self.workers.append(worker)
        return worker


@pytest.fixture(scope="session")
def migrated_templates(tmp_path_factory):
    made: dict[str, str] = {}

    def get(engine: str) -> str:
        if engine not in made:
            made[engine] = stack.migrated_template(engine, tmp_path_factory.mktemp(f"template-{engine}"))
        return made[engine]

    yield get
    for engine, template in made.items():
        stack.drop_template(engine, template)


@pytest.fixture
def backend(request, migrated_templates, tmp_path, django_db_blocker, settings):
    engine, queue = request.param
    require_servers(engine, queue)
    with contextlib.ExitStack() as cleanup:
        cleanup.enter_context(django_db_blocker.unblock())
        url = cleanup.enter_context(stack.fresh_database(engine, migrated_templates(engine), tmp_path))
        cleanup.enter_context(stack.pointed_at(url))
        b = Backend(engine, queue, url, tmp_path)
        if queue == "rq":
            b.redis_url = cleanup.enter_context(stack.claimed_redis_db())
            settings.RQ_QUEUES = {"default": {"URL": b.redis_url, "DEFAULT_TIMEOUT": 600}}
            settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
        else:
            settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
        settings.TASK_BACKEND = queue
        try:
            yield b
        finally:
            for worker in b.workers:
                worker.stop()
