"""Benchmark: one SLA sweep over N open conversations of which a share is due.

Each run uses a fresh database (a SQLite file, or a new PostgreSQL database at 127.0.0.1:5432,
user postgres), fills it with bulk INSERT ... SELECT statements (one open deadline per
conversation; half of the due ones need a breach, half a warning), then times one full sweep
(sweep_all: every due row, in batches) and one sweep with nothing due. One JSON line per run.

    python bench/sla_sweep.py --db sqlite postgres --conversations 1000000 100000
    python bench/sla_sweep.py --db sqlite postgres --conversations 1000000 100000 --due 1000
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PG_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
NOW = dt.datetime(2026, 11, 23, 14, 0, tzinfo=dt.timezone.utc)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", nargs="+", choices=["sqlite", "postgres"], default=["sqlite", "postgres"])
    parser.add_argument("--conversations", nargs="+", type=int, default=[1_000_000, 100_000])
    parser.add_argument("--due-share", type=float, default=0.01, help="share of open deadlines that are due (default 1%%)")
    parser.add_argument("--due", type=int, help="an exact number of due deadlines instead of a share")
    parser.add_argument("--batch", type=int, default=500)
    parser.add_argument("--one", action="store_true", help=argparse.SUPPRESS)  # internal: run in this process
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run_one(args.db[0], args.conversations[0], due_count(args), args.batch)), flush=True)
        return
    for db in args.db:
        for n in args.conversations:
            # One process per run: Django reads DATABASE_URL once, at start.
            cmd = [sys.executable, __file__, "--one", "--db", db, "--conversations", str(n), "--batch", str(args.batch)]
            cmd += ["--due", str(args.due)] if args.due is not None else ["--due-share", str(args.due_share)]
            subprocess.run(cmd, check=True)


def due_count(args) -> int:
    return args.due if args.due is not None else int(args.conversations[0] * args.due_share)


def run_one(db: str, n: int, due: int, batch: int) -> dict:
    tmp = tempfile.mkdtemp(prefix="sla-bench-")
    os.environ["SELLERDESK_DATA_DIR"] = tmp
    os.environ["DJANGO_SETTINGS_MODULE"] = "sellerdesk.settings"
    if db == "sqlite":
        os.environ["DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
    else:
        name = f"sellerdesk_sla_bench_{os.getpid()}"
        _pg_admin(f"CREATE DATABASE {name}")
        os.environ["DATABASE_URL"] = f"postgresql://postgres@127.0.0.1:5432/{name}"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    try:
        return _measure(db, n, due, batch)
    finally:
        from django.db import connections

        connections.close_all()
        if db == "postgres":
            _pg_admin(f"DROP DATABASE {name}")
        shutil.rmtree(tmp, ignore_errors=True)


def _pg_admin(sql: str) -> None:
    import psycopg

    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(sql)


def _measure(db: str, n: int, due: int, batch: int) -> dict:
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from sellerdesk.sla.sweep import sweep_all

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    _fill(n, due)
    setup = time.perf_counter() - started

    started = time.perf_counter()
    with CaptureQueriesContext(connection) as ctx:
        result = sweep_all(NOW, batch=batch, max_batches=due // batch + 2)
    elapsed = time.perf_counter() - started
    started = time.perf_counter()
    idle = sweep_all(NOW, batch=batch)
    idle_elapsed = time.perf_counter() - started
    assert result.total == due and idle.total == 0, (result, idle)
    return {
        "bench": "sla_sweep", "db": db, "db_version": _version(db), "open_conversations": n, "open_deadlines": n,
        "due": due, "warned": result.warned, "breached": result.breached, "batch": batch,
        "sweep_seconds": round(elapsed, 3), "ms_per_due": round(1000 * elapsed / max(due, 1), 3),
        "queries": len(ctx.captured_queries), "idle_sweep_seconds": round(idle_elapsed, 4), "setup_seconds": round(setup, 1),
    }


def _version(db: str) -> str:
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("select sqlite_version()" if db == "sqlite" else "show server_version")
        return cur.fetchone()[0]


def _fill(n: int, due: int) -> None:
    """n conversations, each with one open Amazon first-response deadline; `due` of them due now."""
    from django.db import connection, transaction

    from sellerdesk.channels.models import ChannelAccount
    from sellerdesk.conversations.models import Conversation
    from sellerdesk.customers.models import Customer
    from sellerdesk.sla.models import Deadline, Policy

    account = ChannelAccount.objects.create(kind="email", name="Amazon US", address="amazon-us@bench.example", marketplace="US")
    customer = Customer.objects.create(name="Bench buyer", country="US", created_at=NOW)
    policy = Policy.objects.get(key="amazon-24h-first")
    later = NOW + dt.timedelta(hours=20)
    conv = Conversation(channel="amazon", account=account, marketplace="US", customer=customer, subject="Bench",
                        tier=2, created_at=NOW, last_message_at=NOW, last_inbound_at=NOW,
                        next_deadline_at=later, deadline_kind=policy.label)
    deadline = Deadline(policy=policy, metric=policy.metric, kind=policy.label, state="active",
                        starts_at=NOW, due_at=later, warn_at=later, created_at=NOW)
    step = max(n // max(due, 1), 1) if due else n + 1
    # Row n is due when n % step == 0 (the first `due` such rows); every other due row needs a breach, the rest a warning.
    is_due = f"(n %% {step} = 0 AND n <= {step * due})"
    dt_param = lambda value: [Deadline._meta.get_field("due_at").get_db_prep_save(value, connection)]  # noqa: E731
    when = lambda past, future: (  # noqa: E731
        f"CASE WHEN {is_due} AND n %% {2 * step} = 0 THEN %s WHEN {is_due} THEN %s ELSE %s END",
        dt_param(past[0]) + dt_param(past[1]) + dt_param(future),
    )
    with transaction.atomic():
        _insert_series(Conversation, n, conv, {})
        _insert_series(Deadline, n, deadline, {
            "conversation_id": ("n", []),
            "due_at": when((NOW - dt.timedelta(minutes=5), NOW + dt.timedelta(hours=2)), NOW + dt.timedelta(hours=20)),
            "warn_at": when((NOW - dt.timedelta(hours=1), NOW - dt.timedelta(minutes=5)), NOW + dt.timedelta(hours=14)),
        })
    with connection.cursor() as cur:
        cur.execute("ANALYZE")  # what autovacuum / a maintained SQLite would have done


def _insert_series(model, n: int, template, exprs: dict) -> None:
    """INSERT ... SELECT over 1..n: every column from the template row unless `exprs` gives SQL for it."""
    from django.db import connection

    qn = connection.ops.quote_name
    cols, values, params = [qn("id")], ["n"], []
    for f in model._meta.concrete_fields:
        if f.primary_key:
            continue
        sql, p = exprs.get(f.column, ("%s", [f.get_db_prep_save(getattr(template, f.attname), connection)]))
        cols.append(qn(f.column))
        values.append(sql)
        params += p
    table = qn(model._meta.db_table)
    if connection.vendor == "postgresql":
        sql = f"INSERT INTO {table} ({', '.join(cols)}) SELECT {', '.join(values)} FROM generate_series(1, %s) AS s(n)"
        params.append(n)
    else:
        sql = (f"WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < %s) "
               f"INSERT INTO {table} ({', '.join(cols)}) SELECT {', '.join(values)} FROM s")
        params.insert(0, n)
    with connection.cursor() as cur:
        cur.execute(sql, params)


if __name__ == "__main__":
    main()
