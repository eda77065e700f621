"""Benchmark: automation rule evaluation per event, and the time-trigger sweep.

- evaluate: 200 enabled rules on message.received (mixed conditions: channel, intent, language,
  tier, text, order status, tags...), one event's context; the time to decide which rules fire
  (engine.evaluate), and a whole dispatch through the database (rules read from the cache,
  context read, matched rules run) for comparison.
- sweep: N scheduled rows (default 1,000,000) of which `due` (default 1,000) are due now; one full
  sweep (sweep_all) runs every due row (a Fire and an event each), then an idle sweep.

Each database run is a fresh database (SQLite file, or a new PostgreSQL database on 127.0.0.1).
One JSON line per result. Besides the wall-clock times, the process's CPU time (`*_cpu_*`: this
process only), the PostgreSQL backend's CPU time when the server runs on this machine
(`sweep_server_cpu_seconds`), and the time spent waiting on the database by statement
(`sweep_db_wait_seconds`, `sweep_top_queries`) — on a machine shared with other work the wall
clock also counts the time other processes held the cores.

    python bench/automation.py --db sqlite postgres --rows 1000000 --due 1000
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT))
NOW = dt.datetime(2026, 11, 24, 10, 0, tzinfo=dt.timezone.utc)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", nargs="+", choices=["sqlite", "postgres"], default=["sqlite", "postgres"])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--due", type=int, default=1_000)
    parser.add_argument("--rules", type=int, default=200)
    parser.add_argument("--one", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run_one(args.db[0], args.rows, args.due, args.rules)), flush=True)
        return
    for db in args.db:
        cmd = [sys.executable, __file__, "--one", "--db", db, "--rows", str(args.rows), "--due", str(args.due), "--rules", str(args.rules)]
        subprocess.run(cmd, check=True)


def run_one(db: str, rows: int, due: int, n_rules: int) -> dict:
    from sla_sweep import _pg_admin

    tmp = tempfile.mkdtemp(prefix="automation-bench-")
    os.environ["SELLERDESK_DATA_DIR"] = tmp
    os.environ["DJANGO_SETTINGS_MODULE"] = "sellerdesk.settings"
    # The triage model stays where the checkout keeps it (the bench reads, never builds it).
    if db == "sqlite":
        os.environ["DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
    else:
        name = f"sellerdesk_automation_bench_{os.getpid()}"
        _pg_admin(f"CREATE DATABASE {name}")
        os.environ["DATABASE_URL"] = f"postgresql://postgres@127.0.0.1:5432/{name}"
    import django

    django.setup()
    try:
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        result = {"bench": "automation", "db": db}
        result.update(_evaluate(n_rules))
        result.update(_sweep(rows, due))
        return result
    finally:
        from django.db import connections

        connections.close_all()
        if db == "postgres":
            _pg_admin(f"DROP DATABASE {name}")
        shutil.rmtree(tmp, ignore_errors=True)


def _rule_definitions(n: int) -> list[dict]:
    """n rules like a seller's: most test channel / intent / language / text; a few match the event."""
    intents = ["order_status", "refund", "return_exchange", "product_question", "cancel_order", "change_order", "account"]
    channels = ["email", "amazon", "ebay", "shopify", "tiktok"]
    defs = []
    for i in range(n):
        conditions = [
            {"type": "channel", "params": {"channels": [channels[i % 5], channels[(i + 2) % 5]]}},
            {"type": "intent", "params": {"intents": [intents[i % 7]], "min_confidence": 0.6}},
            {"type": "language", "params": {"languages": ["en", "de", "fr"][: 1 + i % 3]}},
        ]
        if i % 4 == 0:
            conditions.append({"type": "text_contains", "params": {"words": [f"word{i}", "warranty", "invoice"]}})
        if i % 5 == 0:
            conditions.append({"type": "tier", "params": {"tiers": ["2", "3"]}})
        if i % 7 == 0:
            conditions.append({"type": "order_status", "params": {"statuses": ["shipped", "delivered"]}})
        if i % 9 == 0:
            conditions.append({"type": "text_matches", "params": {"pattern": rf"\b(order|bestellung)\s*#?{i}\b"}})
        defs.append({"conditions": conditions, "actions": [{"type": "tag", "params": {"name": f"rule-{i}"}}]})
    return defs


def _evaluate(n: int) -> dict:
    from sellerdesk.automation import engine
    from sellerdesk.automation.context import Context, OrderView
    from sellerdesk.automation.rules import create_rule

    for i, definition in enumerate(_rule_definitions(n)):
        create_rule(name=f"Rule {i}", event="message.received", definition=definition, enabled=True)
    by_event, _, _ = engine.enabled_rules()
    rules = by_event["message.received"]
    ctx = Context(event="message.received", now=NOW, event_at=NOW, channel="email", marketplace="DE", language="en",
                  intent="order_status", intent_confidence=0.93, tier=2, sentiment="neutral",
                  text="Hello, where is my order #1001? I ordered it last week and the tracking has not moved since Monday.",
                  order=OrderView(number="#1001", status="shipped", tracking=[{"id": "1", "number": "1Z", "status": "in_transit"}]))
    engine.evaluate(ctx, rules)  # warm (regexes compiled)
    loops = 2000
    started, cpu = time.perf_counter(), time.process_time()
    for _ in range(loops):
        matched = engine.evaluate(ctx, rules)
    per_event, cpu_per_event = (time.perf_counter() - started) / loops, (time.process_time() - cpu) / loops
    return {"rules": len(rules), "rules_matched": len(matched), "evaluate_ms_per_event": round(per_event * 1000, 4),
            "evaluate_cpu_ms_per_event": round(cpu_per_event * 1000, 4)}


def _sweep(n: int, due: int) -> dict:
    from django.db import connection, transaction
    from sla_sweep import _insert_series

    from sellerdesk.automation import engine
    from sellerdesk.automation.models import Rule, Scheduled
    from sellerdesk.automation.rules import create_rule
    from sellerdesk.automation.sweep import sweep_all

    Rule.objects.update(is_enabled=False)
    rule = create_rule(name="Later", event="order.delivered", enabled=True, definition={
        "trigger": {"delay_minutes": 2880}, "actions": [{"type": "tag", "params": {"name": "later"}}]})
    engine.forget_rules()
    step = max(n // max(due, 1), 1)
    template = Scheduled(rule=rule, version=1, kind="delay", key="", event="order.delivered", data={}, cancel_on="",
                         state="waiting", event_at=NOW, due_at=NOW, created_at=NOW)
    prep = lambda value: [Scheduled._meta.get_field("due_at").get_db_prep_save(value, connection)]  # noqa: E731
    concat = "'k' || n" if connection.vendor == "postgresql" else "'k' || n"
    started = time.perf_counter()
    with transaction.atomic():
        _insert_series(Scheduled, n, template, {
            "key": (concat, []),
            "due_at": (f"CASE WHEN n %% {step} = 0 AND n <= {step * due} THEN %s ELSE %s END",
                       prep(NOW - dt.timedelta(minutes=1)) + prep(NOW + dt.timedelta(days=2))),
        })
    with connection.cursor() as cur:
        cur.execute("ANALYZE")
        # The million rows of the setup go to disk before the clock starts (on a running desk they
        # were written over weeks): otherwise the sweep's first checkpoint or fsync pays for them.
        if connection.vendor == "postgresql":
            cur.execute("CHECKPOINT")
    os.sync()
    setup = time.perf_counter() - started
    server = _server_cpu(connection)
    started, cpu, server_cpu = time.perf_counter(), time.process_time(), server()
    with Recorder(connection) as recorded:
        swept = sweep_all(NOW, max_batches=due // 200 + 2)
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    server_cpu = server() - server_cpu if server_cpu is not None else None
    started = time.perf_counter()
    idle = sweep_all(NOW)
    idle_elapsed = time.perf_counter() - started
    assert (swept, idle) == (due, 0), (swept, idle)
    waits = _query_waits(recorded.queries)
    return {**waits, "sweep_server_cpu_seconds": round(server_cpu, 3) if server_cpu is not None else None, "scheduled_rows": n, "due": due, "sweep_seconds": round(elapsed, 3), "sweep_cpu_seconds": round(cpu, 3),
            "ms_per_due": round(1000 * elapsed / max(due, 1), 3),
            "sweep_queries": len(recorded.queries), "sweep_commits": sum(q["sql"] == "COMMIT" for q in recorded.queries), "idle_sweep_seconds": round(idle_elapsed, 4), "setup_seconds": round(setup, 1)}


class Recorder:
    """Each statement's SQL (unformatted) and time, and each COMMIT's. Django's query capture would
    format every parameter of the sweep's multi-row INSERTs into the logged SQL (on SQLite with a
    query per statement): that cost is the measuring's, not the sweep's."""

    def __init__(self, connection):
        self.connection, self.queries = connection, []

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.queries.append({"sql": sql, "time": time.perf_counter() - started})

    def __enter__(self):
        self._wrapped = self.connection.execute_wrapper(self)
        self._wrapped.__enter__()
        commit = self._commit = self.connection._commit

        def timed_commit():
            started = time.perf_counter()
            try:
                return commit()
            finally:
                self.queries.append({"sql": "COMMIT", "time": time.perf_counter() - started})

        self.connection._commit = timed_commit
        return self

    def __exit__(self, *exc):
        self.connection._commit = self._commit
        return self._wrapped.__exit__(*exc)


def _server_cpu(connection):
    """A function returning the CPU seconds the PostgreSQL backend serving this connection has used
    (from /proc, when the server runs on this machine), so the sweep's cost on the server is seen
    apart from the time the machine's load made it wait; SQLite runs in this process: None."""
    if connection.vendor != "postgresql":
        return lambda: None
    with connection.cursor() as cur:
        cur.execute("SELECT pg_backend_pid()")
        stat = Path(f"/proc/{cur.fetchone()[0]}/stat")
    ticks = os.sysconf("SC_CLK_TCK")

    def read():
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            return None
        return (int(fields[11]) + int(fields[12])) / ticks  # utime + stime

    return read


def _query_waits(queries: list[dict]) -> dict:
    """Where the sweep's wall time went besides this process's CPU: the time spent waiting on the
    database, in total and for the five costliest statement shapes (numbers and lists folded)."""
    shapes: dict[str, list] = {}
    for q in queries:
        shape = re.sub(r"\b\d+\b", "N", q["sql"])
        shape = re.sub(r"\((?:N|%s|'[^']*')(?:, ?(?:N|%s|'[^']*'))+\)", "(...)", shape)
        shape = re.sub(r"(?:, ?\(\.\.\.\))+", ", ...", shape)[:160]
        entry = shapes.setdefault(shape, [0, 0.0])
        entry[0] += 1
        entry[1] += float(q["time"])
    top = sorted(shapes.items(), key=lambda kv: -kv[1][1])[:5]
    return {"sweep_db_wait_seconds": round(sum(float(q["time"]) for q in queries), 3),
            "sweep_top_queries": [{"sql": sql, "count": n, "seconds": round(t, 3)} for sql, (n, t) in top]}


if __name__ == "__main__":
    main()
