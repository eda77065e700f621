"""Two workers sharing one backlog on PostgreSQL, against one: messages per CPU-second.

    .venv/bin/python bench/ingest_workers.py [--messages 5000] [--workers 1 2]

For each worker count, on a fresh PostgreSQL database (created on 127.0.0.1:5432, dropped
afterwards): a child migrates and stores the same generated mails as bench/ingest.py, as the
IMAP poller does (one transaction per fetch of 50), which queues a run of the intake. Then the
workers start — separate OS processes, as on separate machines, each `sellerdesk worker`
(django-tasks-db's db_worker) with its helper processes started and warmed up first, as a
running worker has them. Timed from the moment they are let go until no delivery waits.

Reported per run: messages per CPU-second of the worker processes with their helpers (read from
/proc: utime + stime of each process tree), and with the PostgreSQL backends serving them (read
the same way, every 0.2 s, for every backend connected to the run's database: a backend that
exits between two readings loses at most its last 0.2 s). Each worker's share comes from its
runs' results in the task table. Checks: every delivery processed exactly once, one message per
mail, no Message-ID twice. The last line compares the runs: the ratio of messages per CPU-second.
Wall times on a shared 2-core machine measure the neighbours; CPU seconds much less so.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PG = {"host": "127.0.0.1", "port": 5432, "user": "postgres"}
TICK = os.sysconf("SC_CLK_TCK")
STALLED_SECONDS = 300  # longer than a take (pipeline.TAKE_SECONDS) and a loaded machine's pauses


# --- children: set-up and workers ------------------------------------------------------------


def setup_child(count: int) -> None:
    """Migrate, the agents and the mailbox of bench/ingest.py, and the stored backlog."""
    import django

    django.setup()
    from ingest import seed_desk
    from sellerdesk.channels import pipeline
    from sellerdesk.channels.email import imap
    from sellerdesk.channels.email.inbound import message_id_of

    account, mails = seed_desk(count)
    for start in range(0, len(mails), imap.BATCH):
        poll = mails[start:start + imap.BATCH]
        pipeline.store_deliveries(account, [(message_id_of(raw), raw, {}) for raw in poll], channel="email")


def worker_child() -> None:
    """A worker as a running one is: warmed up, its helpers started; then, on "go", the real loop."""
    import django

    django.setup()
    from django.core.management import call_command

    from sellerdesk.channels import pipeline, prep

    pipeline.warm_up()
    helpers = prep.helpers()
    if helpers is not None:
        helpers.wait(timeout=300)
    print("ready", flush=True)
    sys.stdin.readline()
    # What `sellerdesk worker` runs, named so that each run's result says which worker ran it.
    call_command("db_worker", interval=0.2, startup_delay=False, reload=False, worker_id=f"bench-{os.getpid()}")


# --- CPU from /proc ------------------------------------------------------------------------------


def _stat(pid: int) -> tuple[int, float] | None:
    """(parent pid, utime + stime seconds) of a live process, None if gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return int(fields[1]), (int(fields[11]) + int(fields[12])) / TICK


def tree_cpu(root: int) -> float:
    """CPU seconds of a process and its live descendants (the worker and its helpers)."""
    parents: dict[int, int] = {}
    cpu: dict[int, float] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            st = _stat(int(entry))
            if st is not None:
                parents[int(entry)], cpu[int(entry)] = st
    total, todo = 0.0, [root]
    while todo:
        pid = todo.pop()
        total += cpu.get(pid, 0.0)
        todo += [child for child, parent in parents.items() if parent == pid]
    return total


class Backends:
    """CPU of the PostgreSQL backends connected to one database, read as they come and go."""

    def __init__(self, dbname: str):
        import psycopg

        self.dbname = dbname
        self.conn = psycopg.connect(dbname="postgres", autocommit=True, **PG)
        self.start: dict[int, float] = {}
        self.last: dict[int, float] = {}
        self.started = False

    def read(self) -> None:
        rows = self.conn.execute("SELECT pid FROM pg_stat_activity WHERE datname = %s", [self.dbname]).fetchall()
        for (pid,) in rows:
            st = _stat(pid)
            if st is None:
                continue
            if pid not in self.start:
                self.start[pid] = st[1] if not self.started else 0.0  # backends born later count whole
            self.last[pid] = st[1]
        self.started = True

    def spent(self) -> float:
        return sum(self.last[pid] - self.start[pid] for pid in self.last)


# --- one run ---------------------------------------------------------------------------------------


def run(count: int, workers: int) -> dict:
    import psycopg

    dbname = f"sd_bench_{uuid.uuid4().hex[:10]}"
    env = {k: v for k, v in os.environ.items() if k not in {"REDIS_URL", "DATABASE_URL"}}
    env.update(
        DJANGO_SETTINGS_MODULE="sellerdesk.settings", SELLERDESK_TASK_BACKEND="db", SELLERDESK_LOG_LEVEL=os.environ.get("SELLERDESK_LOG_LEVEL", "WARNING"),
        DATABASE_URL=f"postgres://{PG['user']}@{PG['host']}:{PG['port']}/{dbname}",
        PYTHONPATH=os.pathsep.join([str(ROOT), str(ROOT / "bench")]),
    )
    with psycopg.connect(dbname="postgres", autocommit=True, **PG) as conn:
        conn.execute(f'CREATE DATABASE "{dbname}"')
    procs: list[subprocess.Popen] = []
    try:
        subprocess.run([sys.executable, __file__, "--setup", "--messages", str(count)], env=env, cwd=ROOT, check=True)
        for _ in range(workers):
            procs.append(subprocess.Popen(
                [sys.executable, __file__, "--worker"], env=env, cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
            ))
        for p in procs:
            if p.stdout.readline().strip() != "ready":
                raise SystemExit("a worker failed to start")
        backends = Backends(dbname)
        backends.read()
        cpu_start = [tree_cpu(p.pid) for p in procs]
        started = time.perf_counter()
        for p in procs:
            p.stdin.write("go\n")
            p.stdin.flush()
        with psycopg.connect(dbname=dbname, autocommit=True, **PG) as db:
            progress = (None, time.monotonic())
            while True:
                backends.read()
                (waiting,) = db.execute("SELECT count(*) FROM channels_rawdelivery WHERE status = 'received'").fetchone()
                if waiting != progress[0]:
                    progress = (waiting, time.monotonic())
                elif time.monotonic() - progress[1] > STALLED_SECONDS:
                    raise SystemExit(f"{waiting} deliveries left waiting and none written for {STALLED_SECONDS} s")
                (running,) = db.execute(
                    "SELECT count(*) FROM django_tasks_database_dbtaskresult WHERE status = 'RUNNING'"
                ).fetchone()
                if not waiting and not running:
                    break
                if any(p.poll() is not None for p in procs):
                    raise SystemExit("a worker exited")
                time.sleep(0.2)
            seconds = time.perf_counter() - started
            backends.read()
            each_cpu = [tree_cpu(p.pid) - c for p, c in zip(procs, cpu_start)]
            workers_cpu = sum(each_cpu)
            database_cpu = backends.spent()
            checks = _checks(db)
        messages = checks["messages"]
        written = checks.pop("deliveries_by_worker")
        each = [{"deliveries": written.get(f"bench-{p.pid}", 0), "cpu_seconds": round(cpu, 2)} for p, cpu in zip(procs, each_cpu)]
        for w in each:
            w["messages_per_cpu_s"] = round(w["deliveries"] / w["cpu_seconds"], 1) if w["cpu_seconds"] else 0.0
        return {
            "workers": workers,
            "messages": messages,
            "seconds": round(seconds, 2),
            "messages_per_s": round(messages / seconds, 1),
            "workers_cpu_seconds": round(workers_cpu, 2),  # the worker processes and their helpers
            "messages_per_cpu_s": round(messages / workers_cpu, 1),
            # Each worker's own rate, and their sum: what the workers would do on a machine each.
            "per_worker": each,
            "summed_messages_per_cpu_s": round(sum(w["messages_per_cpu_s"] for w in each), 1),
            "database_cpu_seconds": round(database_cpu, 2),
            "messages_per_cpu_s_with_database": round(messages / (workers_cpu + database_cpu), 1),
            "checks": checks,
        }
    finally:
        for p in procs:
            if p.poll() is None:
                p.send_signal(signal.SIGTERM)
        for p in procs:
            try:
                p.wait(timeout=60)
            except subprocess.TimeoutExpired:
                p.kill()
        with psycopg.connect(dbname="postgres", autocommit=True, **PG) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)')


def _checks(db) -> dict:
    one = lambda sql: db.execute(sql).fetchone()[0]  # noqa: E731
    statuses = dict(db.execute("SELECT status, count(*) FROM channels_rawdelivery GROUP BY status").fetchall())
    # Which worker wrote what: each run's result (counts by status) names the worker that ran it.
    shares: dict[str, int] = {}
    for worker_ids, value in db.execute(
        "SELECT worker_ids, return_value FROM django_tasks_database_dbtaskresult"
        " WHERE task_path LIKE %s AND status = 'SUCCESSFUL'", ["%process_deliveries"]
    ).fetchall():
        for worker in worker_ids[-1:]:
            shares[worker] = shares.get(worker, 0) + sum((value or {}).values())
    return {
        "deliveries": statuses,
        "messages": one("SELECT count(*) FROM conversations_message"),
        "message_ids_twice": one(
            "SELECT count(*) FROM (SELECT 1 FROM conversations_message GROUP BY account_id, external_id HAVING count(*) > 1) t"
        ),
        "deliveries_with_other_than_one_message": one(
            "SELECT count(*) FROM channels_rawdelivery d WHERE (SELECT count(*) FROM conversations_message m"
            " WHERE m.raw_delivery_id = d.id) <> 1"
        ),
        "deliveries_written_more_than_once": one("SELECT count(*) FROM channels_rawdelivery WHERE attempts > 1"),
        "conversations": one("SELECT count(*) FROM conversations_conversation"),
        "customers": one("SELECT count(*) FROM customers_customer"),
        "conversations_unassigned": one("SELECT count(*) FROM conversations_conversation WHERE assignee_id IS NULL"),
        "deliveries_by_worker": shares,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--messages", type=int, default=5000)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--setup", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    opts = parser.parse_args()
    if opts.setup:
        return setup_child(opts.messages)
    if opts.worker:
        return worker_child()
    results = []
    for workers in opts.workers:
        results.append(run(opts.messages, workers))
        print(json.dumps(results[-1]), flush=True)
    if len(results) > 1:
        base = results[0]
        print(json.dumps({
            f"ratio_{r['workers']}_to_{base['workers']}": {
                "summed_messages_per_cpu_s": round(r["summed_messages_per_cpu_s"] / base["summed_messages_per_cpu_s"], 3),
                "messages_per_cpu_s": round(r["messages_per_cpu_s"] / base["messages_per_cpu_s"], 3),
                "messages_per_cpu_s_with_database": round(
                    r["messages_per_cpu_s_with_database"] / base["messages_per_cpu_s_with_database"], 3
                ),
                "messages_per_s": round(r["messages_per_s"] / base["messages_per_s"], 3),
            }
            for r in results[1:]
        }), flush=True)


if __name__ == "__main__":
    main()
