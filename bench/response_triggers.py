"""What the response-metrics triggers (metrics/responses.py) cost each message written.

    .venv/bin/python bench/response_triggers.py [--messages 20000] [--db sqlite postgres]

Writes the same messages (threads of a buyer message and a reply, alternating; in statements of
100 rows as the intake's batches, and one by one) into a fresh database twice, with the triggers
and without, and prints JSON: milliseconds of process CPU (SQLite does its work in the process;
PostgreSQL's server work shows in wall time only) and wall time per 1,000 messages.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PG_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
NAME = "sellerdesk_bench_response_triggers"
T0 = dt.datetime(2026, 11, 2, 8, 0, tzinfo=dt.timezone.utc)


def cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def write(n: int, one_by_one: bool) -> tuple[float, float]:
    from django.db import transaction

    from sellerdesk.channels.models import ChannelAccount
    from sellerdesk.conversations.models import Conversation, Message
    from sellerdesk.customers.models import Customer

    account = ChannelAccount.objects.create(kind="email", name="a", address=f"a{time.time_ns()}@shop.example")
    buyer = Customer.objects.create(name="b", email="b@example.com", created_at=T0)
    convs = Conversation.objects.bulk_create([
        Conversation(channel=["amazon", "ebay", "email"][k % 3], account=account, customer=buyer, created_at=T0, last_message_at=T0)
        for k in range(n // 2)])
    rows = []
    for k, conv in enumerate(convs):
        at = T0 + dt.timedelta(seconds=k)
        rows.append(Message(conversation=conv, account=account, direction="in", sent_at=at, created_at=at))
        rows.append(Message(conversation=conv, account=account, direction="out", delivery_status="sent",
                            sent_at=at + dt.timedelta(hours=3), created_at=at + dt.timedelta(hours=3)))
    c0, t0 = cpu(), time.perf_counter()
    if one_by_one:
        for row in rows:
            with transaction.atomic():
                row.save()
    else:
        for i in range(0, len(rows), 100):
            with transaction.atomic():
                Message.objects.bulk_create(rows[i:i + 100])
    return cpu() - c0, time.perf_counter() - t0


def child(n: int) -> dict:
    sys.path.insert(0, str(ROOT))  # this checkout, not the one the virtualenv was installed from
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from sellerdesk.metrics import responses

    call_command("migrate", verbosity=0)
    out = {}
    for triggers in (True, False):
        (responses.install if triggers else responses.uninstall)(connection)
        for one_by_one in (False, True):
            count = n if not one_by_one else n // 5
            spent_cpu, wall = write(count, one_by_one)
            key = f"{'triggers' if triggers else 'no_triggers'}_{'one_by_one' if one_by_one else 'batches_of_100'}"
            out[key] = {"messages": count, "cpu_ms_per_1000": round(spent_cpu / count * 1e6, 1),
                        "wall_ms_per_1000": round(wall / count * 1e6, 1)}
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=20_000)
    parser.add_argument("--db", nargs="+", choices=["sqlite", "postgres"], default=["sqlite", "postgres"])
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.messages)))
        return
    import psycopg

    for db in args.db:
        with tempfile.TemporaryDirectory(prefix="response-triggers-") as tmp:
            env = {**os.environ, "SELLERDESK_DATA_DIR": tmp, "DJANGO_SETTINGS_MODULE": "sellerdesk.settings"}
            if db == "sqlite":
                env["DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
            else:
                with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
                    conn.execute(f"DROP DATABASE IF EXISTS {NAME}")
                    conn.execute(f"CREATE DATABASE {NAME}")
                env["DATABASE_URL"] = f"postgresql://postgres@127.0.0.1:5432/{NAME}"
            try:
                done = subprocess.run([sys.executable, __file__, "--child", "--messages", str(args.messages)], env=env, cwd=ROOT,
                                      check=True, capture_output=True, text=True)
                print(json.dumps({"bench": "response_triggers", "db": db, **json.loads(done.stdout.strip().splitlines()[-1])}))
            finally:
                if db == "postgres":
                    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
                        conn.execute(f"DROP DATABASE IF EXISTS {NAME}")


if __name__ == "__main__":
    main()
