"""Benchmark: the desk's pages and sweeps on a big database (SQLite and PostgreSQL).

Fills a fresh database — schema made by the real migrations — with N conversations (default
1,000,000), about 10 per conversation messages (log-normal: median 6, a long tail of threads in
the hundreds), 0.3 N customers (a few with hundreds of orders, most with one or two), N orders,
two events per conversation, an SLA deadline per conversation and 0.1 N scheduled automation
rows. Channels, statuses (recent conversations open / pending / snoozed, old ones resolved),
tiers, languages and 50 agents are mixed as a seller's desk has them. Loading is bulk:
PostgreSQL COPY with foreign-key and counter triggers off (session_replication_role = replica),
SQLite executemany in big transactions; the secondary indexes are dropped before and created
after, the counters recounted, then ANALYZE (PostgreSQL: VACUUM ANALYZE, and the messages vacuumed
again after the response metrics' backfill rewrote them, as autovacuum would on a live desk:
index-only scans need the pages marked all-visible).

Then, as a signed-in supervisor through Django's test Client (templates and every query
included), it times REPEAT fetches of each page and reports p50 / p95 / max milliseconds and
the queries of one fetch: the inbox (each status and filter, "Load more" pages), the counts per
status, conversations with their sidebar (typical and the longest thread), a customer with 200+
orders, the supervisor's queue and metrics pages, the analytics page (30 and 90 days, and each of
its tables alone over 90 days: `analytics_tables_90_days`), the API list, one batch of the SLA and
automation sweeps. One JSON line per database.

    python bench/scale.py --conversations 1000000                  # both databases, then dropped
    python bench/scale.py --db postgres --conversations 100000 --keep   # keep it (name printed)
    python bench/scale.py --db postgres --reuse sellerdesk_scale_1000000 --migrations
    python bench/scale.py --db postgres --drop sellerdesk_scale_1000000

`--migrations` (PostgreSQL) rolls the newest migrations of the apps that own the big tables back
and forward on the filled database, one at a time, and reports the time of each, the strongest
lock it held on a big table and for how long (sampled every 20 ms from a second connection), and
whether it rewrote a table (its file node changed): a migration to look at before an upgrade of
a live desk.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PG_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
PG_URL = "postgresql://postgres@127.0.0.1:5432/{name}"
NOW = dt.datetime(2026, 11, 23, 14, 0, tzinfo=dt.timezone.utc)
NOW_S = int(NOW.timestamp())
SEED = 20261207
CHUNK = 20_000  # conversations per bulk chunk
AGENTS = 50
TARGETS_MS = {"inbox": 50, "api": 50, "conversation": 100, "customer": 100, "supervisor": 300}
MAX_QUERIES = 15
BIG_TABLES = ["conversations_conversation", "conversations_message", "conversations_event", "customers_customer",
              "customers_identity", "orders_order", "sla_deadline", "automation_scheduled"]
# The newest migrations of the apps whose tables are big: rolled back to these, then forward.
MIGRATION_TARGETS = {"conversations": "0003_message_failed_index", "orders": "0003_order_tracking_status",
                     "sla": "0002_presets", "customers": "0001_initial"}

CHANNELS = [("amazon", 0.40), ("email", 0.15), ("ebay", 0.15), ("shopify", 0.10), ("tiktok", 0.06),
            ("whatsapp", 0.06), ("webchat", 0.05), ("line", 0.03)]
LANGUAGES = [("en", 0.50), ("de", 0.12), ("es", 0.08), ("fr", 0.08), ("it", 0.05), ("ja", 0.07), ("zh", 0.10)]
INTENTS = ["order_status", "refund", "return_exchange", "product_question", "cancel_order", "change_order", "shipping_problem"]
WORDS = {
    "en": "where is my order please refund the package arrived broken thank you return tracking still not here wrong size".split(),
    "de": "wo ist meine bestellung bitte rückerstattung paket kaputt danke rücksendung noch nicht da falsche größe".split(),
    "es": "dónde está mi pedido por favor reembolso paquete roto gracias devolución todavía no llegó talla".split(),
    "fr": "où est ma commande remboursement colis cassé merci retour suivi toujours pas arrivé mauvaise taille".split(),
    "it": "dove è il mio ordine rimborso pacco rotto grazie reso tracciamento ancora non arrivato taglia".split(),
    "ja": "注文 まだ 届きません 返品 交換 壊れました 確認 お願いします ありがとうございます 配送".split(),
    "zh": "订单 还没有到 退款 包裹 坏了 谢谢 退货 物流 请问 什么时候 发货 尺寸".split(),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", nargs="+", choices=["sqlite", "postgres"], default=["sqlite", "postgres"])
    parser.add_argument("--conversations", type=int, default=1_000_000)
    parser.add_argument("--messages-per-conversation", type=float, default=10.0)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--keep", action="store_true", help="keep the filled database (its name or file is printed)")
    parser.add_argument("--reuse", help="measure this kept database (PostgreSQL name or SQLite file) instead of filling one")
    parser.add_argument("--migrations", action="store_true", help="PostgreSQL: time the newest migrations back and forward")
    parser.add_argument("--no-pages", action="store_true", help="skip the page timings (with --migrations)")
    parser.add_argument("--only", default="", help="measure only the pages whose names start with these (comma-separated)")
    parser.add_argument("--drop", help="drop this kept database and exit: an SQLite file (with its folder when the bench made it) or a PostgreSQL database name; nothing else")
    parser.add_argument("--one", action="store_true", help=argparse.SUPPRESS)  # internal: run in this process
    args = parser.parse_args()
    if args.drop:
        _drop(_kind_of(args.drop), args.drop)
        return
    if args.one:
        print(json.dumps(run_one(args)), flush=True)
        return
    for db in args.db:
        # One process per database: Django reads DATABASE_URL once, at start.
        cmd = [sys.executable, __file__, "--one", "--db", db, "--conversations", str(args.conversations),
               "--messages-per-conversation", str(args.messages_per_conversation), "--repeat", str(args.repeat)]
        cmd += ["--keep"] * args.keep + ["--migrations"] * args.migrations + ["--no-pages"] * args.no_pages
        cmd += ["--reuse", args.reuse] if args.reuse else []
        cmd += ["--only", args.only] if args.only else []
        subprocess.run(cmd, check=True)


TEMP_PREFIX = "scale-bench-"
PG_NAME = re.compile(r"[a-z_][a-z0-9_]{0,62}")


def _kind_of(target: str) -> str:
    """What `--drop TARGET` names: an SQLite file that exists, or else a PostgreSQL database name.
    Anything else stops with the reason (a folder, a path that is not there, a name with quotes)."""
    path = Path(target)
    if path.is_file():
        return "sqlite"
    if path.exists() or not PG_NAME.fullmatch(target):
        raise SystemExit(f"--drop {target!r}: neither an SQLite file of this bench nor a PostgreSQL database name")
    return "postgres"


def _bench_made(folder: Path) -> bool:
    """A data folder this bench created (tempfile, TEMP_PREFIX)."""
    folder = folder.resolve()
    return folder.name.startswith(TEMP_PREFIX) and folder.parent == Path(tempfile.gettempdir()).resolve()


def _drop(db: str, target: str) -> None:
    """Drop a filled database: the PostgreSQL database, or the SQLite file with its journal files
    and — only when the bench made it (tempfile, TEMP_PREFIX) — its data folder. Never another folder:
    `--drop NAME` once removed the working folder, taking a PostgreSQL name for a file there."""
    if db == "postgres":
        if not PG_NAME.fullmatch(target):
            raise SystemExit(f"not a database name: {target!r}")
        _pg_admin(f'DROP DATABASE IF EXISTS "{target}"')
        return
    path = Path(target).resolve()
    folder = path.parent
    if _bench_made(folder):
        shutil.rmtree(folder, ignore_errors=True)  # the bench made it (also when the fill failed before the file)
        return
    with open(path, "rb") as f:
        if f.read(16) != b"SQLite format 3\x00":
            raise SystemExit(f"not an SQLite database: {path}")
    for name in (path.name, f"{path.name}-wal", f"{path.name}-shm", f"{path.name}-journal"):
        (folder / name).unlink(missing_ok=True)


def _pg_admin(sql: str) -> None:
    import psycopg

    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(sql)


def run_one(args) -> dict:
    db, n = args.db[0], args.conversations
    reuse = args.reuse
    if db == "sqlite":
        path = Path(reuse) if reuse else Path(tempfile.mkdtemp(prefix=TEMP_PREFIX)) / "bench.sqlite3"
        # The data folder (keys, files): the kept desk's own when the bench made it, else a new one — never
        # the folder of a file named on the command line (keys written into the working folder).
        tmp = path.parent if _bench_made(path.parent) else Path(tempfile.mkdtemp(prefix=TEMP_PREFIX))
        os.environ["DATABASE_URL"] = f"sqlite:///{path}"
        where = str(path)
    else:
        tmp = Path(tempfile.mkdtemp(prefix=TEMP_PREFIX))
        name = reuse or f"sellerdesk_scale_{n}"
        if not reuse:
            _pg_admin(f"DROP DATABASE IF EXISTS {name}")
            _pg_admin(f"CREATE DATABASE {name}")
        os.environ["DATABASE_URL"] = PG_URL.format(name=name)
        where = name
    os.environ["SELLERDESK_DATA_DIR"] = str(tmp)
    os.environ["DJANGO_SETTINGS_MODULE"] = "sellerdesk.settings"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # 51 agents made quickly
    keep = args.keep or bool(reuse)
    try:
        result = {"bench": "scale", "db": db, "db_version": _version(), "database": where if keep else ""}
        if not reuse:
            result["fill"] = fill(n, args.messages_per_conversation)
        elif not args.migrations:  # a kept database: brought to this checkout's schema first
            from django.core.management import call_command

            call_command("migrate", verbosity=0)
        result["rows"] = _row_counts()
        if not args.no_pages:
            result.update(measure(args.repeat, [p for p in args.only.split(",") if p]))
        if args.migrations and db == "postgres":
            result["migrations"] = time_migrations()
        return result
    finally:
        from django.db import connections

        connections.close_all()
        if not keep:
            _drop(db, where)
        # The data folder goes unless it holds the kept SQLite file (PostgreSQL keeps its rows in the server).
        if db == "postgres" or not keep or tmp != path.parent:
            shutil.rmtree(tmp, ignore_errors=True)


def _version() -> str:
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("select sqlite_version()" if connection.vendor == "sqlite" else "show server_version")
        return cur.fetchone()[0]


def _row_counts() -> dict:
    from django.db import connection

    out = {}
    with connection.cursor() as cur:
        for table in BIG_TABLES:
            cur.execute(f"SELECT max(id) FROM {table}")  # the fill numbers rows 1..n: max is the count, fast
            out[table] = cur.fetchone()[0] or 0
    return out


# --- the fill --------------------------------------------------------------------------------------


def _pick(rng: random.Random, table: list[tuple[str, float]]) -> str:
    r, acc = rng.random(), 0.0
    for value, share in table:
        acc += share
        if r < acc:
            return value
    return table[-1][0]


class Desk:
    """Deterministic rows: the same seed gives the same desk on both databases."""

    def __init__(self, n: int, per_conversation: float, ts):
        self.rng = random.Random(SEED)
        self.n = n
        self.n_customers = max(n * 3 // 10, 1)
        self.n_orders = n
        self.ts = ts  # epoch seconds -> the database's datetime text
        # log-normal with sigma 1: mean = exp(mu + 1/2)
        self.mu = math.log(max(per_conversation, 1.0) + 0.5) - 0.5  # +0.5: int() below floors
        bodies = {}
        for lang, words in WORDS.items():
            joiner = "" if lang in ("ja", "zh") else " "
            bodies[lang] = [joiner.join(self.rng.choices(words, k=self.rng.randint(6, 40))).capitalize() for _ in range(400)]
        self.bodies = bodies
        self.event_base = 0  # events the set-up wrote come first
        self.heavy = max(self.n_customers // 15_000, 1)  # customers with 200+ orders (20 at 300,000)

    # customers 1..heavy own 220 orders each; the others share the rest, skewed to low ids
    def order_customer(self, k: int) -> int:
        if k < self.heavy * 220:
            return k // 220 + 1
        return int(self.n_customers * self.rng.random() ** 2) + 1

    def customers(self, start: int, stop: int):
        for k in range(start, stop):
            lang = _pick(self.rng, LANGUAGES)
            yield (k + 1, f"Buyer {k}", f"buyer{k}@mail{k % 97}.example", self.rng.choice("US DE GB FR ES IT JP CN".split()),
                   lang, "0", False, self.ts(NOW_S - 3 * 365 * 86400 + k * 60), None)

    def identities(self, start: int, stop: int):
        for k in range(start, stop):
            address = f"buyer{k}@mail{k % 97}.example"
            yield (k + 1, k + 1, "email", address, address)  # the mailbox (customers/mailbox.py) is the address itself

    def orders(self, start: int, stop: int):
        for k in range(start, stop):
            placed = NOW_S - int((self.n_orders - k) / self.n_orders * 3 * 365 * 86400)
            yield (k + 1, "amazon", "US", f"{100 + k % 900:03d}-{(k * 7919) % 10_000_000:07d}-{k:07d}", "",
                   self.order_customer(k), self.rng.choice(["shipped", "delivered", "unshipped"]), "USD", "39.90",
                   '[{"sku": "BOTTLE-1", "title": "Bottle", "quantity": 1}]', self.ts(placed), None, None, "",
                   self.ts(placed), "", "[]", "[]", "[]", None, "", None)

    def status(self, k: int) -> str:
        """Recent conversations are mostly waiting; old ones resolved (about 4% open overall)."""
        rng = self.rng
        if k >= self.n * 0.93:
            return _pick(rng, [("open", 0.55), ("pending", 0.22), ("snoozed", 0.06), ("resolved", 0.17)])
        return "resolved" if rng.random() < 0.995 else "open"

    def conversation_block(self, start: int, stop: int, first_message_id: int, accounts: dict, agents: list[int], policy_id: int):
        """Rows of conversations start..stop-1 and of everything hanging from them."""
        rng, ts = self.rng, self.ts
        convs, messages, events, deadlines = [], [], [], []
        mid = first_message_id
        for k in range(start, stop):
            cid = k + 1
            channel = _pick(rng, CHANNELS)
            lang = _pick(rng, LANGUAGES)
            status = self.status(k)
            tier = 1 if rng.random() < 0.1 else (2 if rng.random() < 0.33 else 3)
            created = NOW_S - int((self.n - k) / self.n * 3 * 365 * 86400) - rng.randint(0, 3600)
            assignee = rng.choice(agents) if status != "open" or rng.random() < 0.6 else None
            count = min(max(1, int(rng.lognormvariate(self.mu, 1.0))), 1000)
            customer = int(self.n_customers * rng.random() ** 2) + 1
            order = rng.randint(1, self.n_orders) if rng.random() < 0.7 else None
            account = accounts[channel]
            bodies = self.bodies[lang]
            t = created
            last_in, first_out = None, None
            for j in range(count):
                direction = "in" if j % 2 == 0 else ("note" if rng.random() < 0.05 else "out")
                text = bodies[rng.randrange(400)]
                author = (assignee or agents[0]) if direction != "in" else None
                if direction == "in":
                    last_in = t
                elif first_out is None and direction == "out":
                    first_out = t
                stamp = ts(t)
                messages.append((mid, cid, account, direction, author, f"buyer{customer}@mail.example" if direction == "in" else "",
                                 "", "[]", "", text, text + "\n\n-- \nSent from my phone", "", f"m{mid}", "", "", None, lang,
                                 False, "received" if direction == "in" else "sent", "", "[]", stamp, stamp, None))  # answered_at: backfilled
                mid += 1
                t += rng.randint(300, 36 * 3600)
            last = t
            deadline = None
            if status == "open":
                deadline = NOW_S + rng.randint(-6 * 3600, 48 * 3600)
            convs.append((cid, channel, account, "US" if channel == "amazon" else "", customer, order,
                          f"Order question {cid}", f"thread-{cid}", status, assignee, None, tier, lang,
                          rng.choice(INTENTS), 0.9, "neutral", rng.randint(0, 100), "[]",
                          ts(deadline) if deadline else None, "Amazon 24 h" if deadline else "",
                          ts(NOW_S + 86400) if status == "snoozed" else None, False, ts(created), ts(last),
                          ts(last_in) if last_in else None, ts(first_out) if first_out else None))
            eid = self.event_base + 2 * k + 1
            events.append((eid, cid, None, "assigned", "{}", ts(created + 60)))
            events.append((eid + 1, cid, assignee, "resolved" if status == "resolved" else "snoozed" if status == "snoozed" else "status",
                           "{}", ts(last)))
            state = "active" if status == "open" else "paused" if status in ("pending", "snoozed") else "met"
            due = deadline or created + 86400
            deadlines.append((cid, cid, policy_id, None, "first_response", "Amazon 24 h", state, ts(created), ts(due),
                              ts(due - 6 * 3600), None, ts(last) if state == "paused" else None,
                              600.0 if state == "paused" else None, ts(first_out or last) if state == "met" else None,
                              ts(last) if state == "met" else None, ts(created)))
        return convs, messages, events, deadlines, mid


def _columns(model) -> list[str]:
    return [f.column for f in model._meta.concrete_fields]


class Loader:
    """Bulk rows into one table: COPY on PostgreSQL, executemany on SQLite (one transaction)."""

    def __init__(self, connection):
        self.connection = connection
        self.pg = connection.vendor == "postgresql"

    def load(self, model, rows) -> int:
        table, cols = model._meta.db_table, _columns(model)
        qn = self.connection.ops.quote_name
        count = 0
        if self.pg:
            with self.connection.cursor() as cur:
                with cur.cursor.copy(f"COPY {table} ({', '.join(qn(c) for c in cols)}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
                        count += 1
        else:
            raw = self.connection.connection
            rows = list(rows)
            raw.executemany(f"INSERT INTO {table} ({', '.join(qn(c) for c in cols)}) VALUES ({', '.join('?' * len(cols))})", rows)
            count = len(rows)
        return count


def _secondary_indexes(connection) -> list[tuple[str, str]]:
    """(name, CREATE statement) of the big tables' indexes that no constraint owns."""
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            cur.execute(
                "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = ANY(%s) "
                "AND indexname NOT IN (SELECT conname FROM pg_constraint)", [BIG_TABLES])
        else:
            cur.execute(
                f"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
                f"AND tbl_name IN ({', '.join('%s' for _ in BIG_TABLES)})", BIG_TABLES)
        return cur.fetchall()


def fill(n: int, per_conversation: float) -> dict:
    from django.core.management import call_command
    from django.db import connection, transaction

    from sellerdesk.automation.models import Scheduled
    from sellerdesk.automation.rules import create_rule
    from sellerdesk.channels.models import ChannelAccount
    from sellerdesk.conversations import counts
    from sellerdesk.metrics import responses
    from sellerdesk.conversations.models import Conversation, Event, Message
    from sellerdesk.customers.models import Customer, Identity
    from sellerdesk.orders.models import Order
    from sellerdesk.sla.models import Deadline, Policy

    timings = {}
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    timings["migrate_s"] = round(time.perf_counter() - started, 1)
    pg = connection.vendor == "postgresql"
    if pg:
        ts = lambda s: time.strftime("%Y-%m-%d %H:%M:%S+00", time.gmtime(s))  # noqa: E731
    else:  # Django's SQLite datetimes: UTC text without an offset
        ts = lambda s: time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(s))  # noqa: E731

    call_command("createagent", "boss", password="bench-password", role="supervisor", name="Boss", verbosity=0)
    for i in range(AGENTS):
        call_command("createagent", f"agent{i}", password="bench-password", name=f"Agent {i}",
                     languages=["en", "en,de", "en,es,fr", "ja,zh,en"][i % 4], verbosity=0)
    from django.contrib.auth import get_user_model

    agents = list(get_user_model().objects.filter(username__startswith="agent").order_by("pk").values_list("pk", flat=True))
    accounts = {}
    for channel, _share in CHANNELS:
        kind = "email" if channel == "amazon" else channel
        accounts[channel] = ChannelAccount.objects.create(
            kind=kind, name=channel.title(), address=f"{channel}@bench.example", marketplace="US" if channel == "amazon" else "",
            created_at=NOW).pk
    policy = Policy.objects.get(key="amazon-24h-first").pk
    rule = create_rule(name="Later", event="order.delivered", enabled=True, definition={
        "trigger": {"delay_minutes": 2880}, "actions": [{"type": "tag", "params": {"name": "later"}}]})

    indexes = _secondary_indexes(connection)
    started = time.perf_counter()
    with connection.cursor() as cur:
        for name, _sql in indexes:
            cur.execute(f"DROP INDEX {name}")
        if pg:
            cur.execute("SET session_replication_role = replica")  # no FK checks, no triggers: counters recounted after
            cur.execute("SET synchronous_commit = off")
        else:
            cur.execute("PRAGMA foreign_keys = OFF")
            cur.execute("PRAGMA synchronous = OFF")
    if not pg:
        counts.uninstall(connection)
        responses.uninstall(connection)
    desk = Desk(n, per_conversation, ts)
    desk.event_base = Event.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    loader = Loader(connection)
    loaded = {"customers": 0, "identities": 0, "orders": 0, "conversations": 0, "messages": 0, "events": 0,
              "deadlines": 0, "scheduled": 0}
    for start in range(0, desk.n_customers, CHUNK * 5):
        stop = min(start + CHUNK * 5, desk.n_customers)
        with transaction.atomic():
            loaded["customers"] += loader.load(Customer, desk.customers(start, stop))
            loaded["identities"] += loader.load(Identity, desk.identities(start, stop))
    for start in range(0, desk.n_orders, CHUNK * 5):
        with transaction.atomic():
            loaded["orders"] += loader.load(Order, desk.orders(start, min(start + CHUNK * 5, desk.n_orders)))
    next_message = 1
    for start in range(0, n, CHUNK):
        convs, messages, events, deadlines, next_message = desk.conversation_block(
            start, min(start + CHUNK, n), next_message, accounts, agents, policy)
        with transaction.atomic():
            loaded["conversations"] += loader.load(Conversation, convs)
            loaded["messages"] += loader.load(Message, messages)
            loaded["events"] += loader.load(Event, events)
            loaded["deadlines"] += loader.load(Deadline, deadlines)
    # Waiting automation rows: one in ten conversations, 1% of them due now.
    n_sched = max(n // 10, 1)
    sched = ((k + 1, rule.pk, 1, "delay", f"k{k}", "order.delivered", k * 10 + 1, None, None, "{}", "", None, "waiting",
              ts(NOW_S - 86400), ts(NOW_S - 60 if k % 100 == 0 else NOW_S + 2 * 86400), None, ts(NOW_S - 86400))
             for k in range(n_sched))
    with transaction.atomic():
        loaded["scheduled"] = loader.load(Scheduled, sched)
    timings["load_s"] = round(time.perf_counter() - started, 1)

    started = time.perf_counter()
    with connection.cursor() as cur:
        if pg:
            cur.execute("SET session_replication_role = origin")
            cur.execute("SET maintenance_work_mem = '512MB'")
        else:
            cur.execute("PRAGMA foreign_keys = ON")
            cur.execute("PRAGMA synchronous = NORMAL")
        for _name, sql in indexes:
            cur.execute(sql)
    timings["index_s"] = round(time.perf_counter() - started, 1)
    started = time.perf_counter()
    with transaction.atomic():
        if pg:
            counts.recount(connection)
        else:
            counts.install(connection)
    with connection.cursor() as cur:
        if pg:
            for table in BIG_TABLES:
                cur.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")
    if pg:  # VACUUM: the visibility map that index-only scans need, as autovacuum would have made it
        _vacuum(connection, "VACUUM ANALYZE")
    else:
        with connection.cursor() as cur:
            cur.execute("ANALYZE")
    timings["analyze_s"] = round(time.perf_counter() - started, 1)
    started = time.perf_counter()  # first responses and their rollups, as `sellerdesk metrics-backfill` on an upgrade
    if not pg:
        responses.install(connection)
    responses.backfill(connection)
    timings["metrics_backfill_s"] = round(time.perf_counter() - started, 1)
    if pg:  # the backfill rewrote most messages: their pages are no longer all-visible until vacuumed
        started = time.perf_counter()
        _vacuum(connection, "VACUUM ANALYZE conversations_message")
        timings["vacuum_after_backfill_s"] = round(time.perf_counter() - started, 1)
    return {**loaded, **timings}


def _vacuum(connection, statement: str) -> None:
    """VACUUM runs outside a transaction: the connection in autocommit for it, then as it was."""
    connection.ensure_connection()
    was = connection.connection.autocommit
    connection.connection.autocommit = True
    try:
        with connection.cursor() as cur:
            cur.execute(statement)
    finally:
        connection.connection.autocommit = was


# --- the measures ----------------------------------------------------------------------------------


def _stats(times: list[float], queries: int, kind: str) -> dict:
    times = sorted(times)
    p95 = times[min(len(times) - 1, math.ceil(0.95 * len(times)) - 1)]
    out = {"p50_ms": round(statistics.median(times), 1), "p95_ms": round(p95, 1), "max_ms": round(times[-1], 1),
           "queries": queries}
    if kind in TARGETS_MS:
        out["ok"] = p95 <= TARGETS_MS[kind] and queries <= MAX_QUERIES
    return out


def _time(fn, repeat: int, kind: str = "") -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    fn()  # warm: the first run reads the pages from disk
    times, cpu, queries = [], [], 0
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as ctx:
            t, c = time.perf_counter(), time.process_time()
            fn()
            times.append(1000 * (time.perf_counter() - t))
            cpu.append(1000 * (time.process_time() - c))
        queries = max(queries, len(ctx.captured_queries))
    # CPU of this process (Python, templates; SQLite's work too, not PostgreSQL's server): less
    # swayed by a loaded machine than the wall clock.
    return {**_stats(times, queries, kind), "cpu_p50_ms": round(statistics.median(cpu), 1)}


def _analytics_tables(days: int, repeat: int) -> dict:
    """Each table of the analytics page alone over the last `days` days (UTC), in page order: p50 ms
    and queries. A table that reads rows an earlier one fetched (analytics.tables.Range.once) is
    timed after that one, as the page runs it, so its own share is what it adds."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from sellerdesk.analytics import tables

    until = dt.datetime.combine(NOW.date() + dt.timedelta(days=1), dt.time(), tzinfo=dt.timezone.utc)
    times: dict[str, list[float]] = {b.__name__: [] for b in tables.BUILDERS}
    queries: dict[str, int] = {}
    for _ in range(repeat + 1):  # the first round warms the caches and is not counted
        r = tables.Range(until - dt.timedelta(days=days), until, "UTC")
        for builder in tables.BUILDERS:
            with CaptureQueriesContext(connection) as ctx:
                started = time.perf_counter()
                builder(r)
                times[builder.__name__].append(1000 * (time.perf_counter() - started))
            queries[builder.__name__] = len(ctx.captured_queries)
    return {name: {"p50_ms": round(statistics.median(ms[1:]), 1), "queries": queries[name]} for name, ms in times.items()}


def _get(client, url: str, **headers):
    def fetch():
        response = client.get(url, **headers)
        assert response.status_code == 200, (url, response.status_code)
        return response

    return fetch


def measure(repeat: int, only: list[str] = ()) -> dict:
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    from sellerdesk.conversations.models import Conversation
    from sellerdesk.conversations.queries import InboxFilters, inbox_page
    from sellerdesk.sla.sweep import sweep as sla_sweep
    from sellerdesk.automation.sweep import sweep as automation_sweep
    from sellerdesk.lib import clock
    from sellerdesk.web import views_inbox

    setup_test_environment()
    boss = get_user_model().objects.get(username="boss")
    agent = get_user_model().objects.filter(username__startswith="agent").order_by("pk").first()
    client = Client()
    client.force_login(boss)
    pages = {}

    def want(name: str) -> bool:
        return not only or any(name.startswith(p) for p in only)

    with clock.frozen(NOW):
        inbox = {"open": "/", "pending": "/?status=pending", "snoozed": "/?status=snoozed",
                 "resolved": "/?status=resolved", "all": "/?status=all", "channel": "/?channel=ebay",
                 "assignee_me": "/?assignee=me", "assignee_none": "/?assignee=none",
                 "assignee_agent": f"/?assignee={agent.pk}&status=resolved", "tier": "/?tier=1", "language": "/?lang=de",
                 "channel_tier_language": "/?channel=amazon&tier=3&lang=en&status=all"}
        for name, url in inbox.items():
            if want(f"inbox_{name}"):
                pages[f"inbox_{name}"] = _time(_get(client, url), repeat, "inbox")
        # "Load more": the fifth page of open and of all (the htmx request for the rows).
        for status in ("open", "all") if want("inbox_load_more") else ():
            cursor = None
            for _ in range(5):
                cursor = inbox_page(InboxFilters(status=status), cursor=cursor).next_cursor
            pages[f"inbox_load_more_{status}"] = _time(
                _get(client, f"/?status={status}&cursor={cursor}", HTTP_HX_REQUEST="true"), repeat, "inbox")
        if want("status_counts"):
            pages["status_counts"] = _time(lambda: views_inbox._counts(InboxFilters(status="open"), boss), repeat)
            pages["status_counts_channel"] = _time(lambda: views_inbox._counts(InboxFilters(status="open", channel="ebay"), boss), repeat)

        # Conversations: some open ones, some old resolved ones, and the longest thread.
        rng = random.Random(SEED + 1)
        open_ids = list(Conversation.objects.filter(status="open").order_by("pk").values_list("pk", flat=True)[:2000])
        top = Conversation.objects.order_by("-pk").values_list("pk", flat=True).first()
        sample = rng.sample(open_ids, min(5, len(open_ids))) + [rng.randint(1, top) for _ in range(5)]
        sample = sample if want("conversation") else []
        conv_times, conv_queries = [], 0
        for pk in sample:
            one = _time(_get(client, f"/conversations/{pk}/"), max(repeat // 5, 2))
            conv_times += [one["p50_ms"], one["p95_ms"]]
            conv_queries = max(conv_queries, one["queries"])
        if sample:
            pages["conversation"] = _stats(conv_times, conv_queries, "conversation")
        if want("conversation_longest"):
            with connection.cursor() as cur:
                cur.execute("SELECT conversation_id, count(*) FROM conversations_message WHERE conversation_id <= 20000 "
                            "GROUP BY conversation_id ORDER BY count(*) DESC LIMIT 1")
                longest, longest_n = cur.fetchone()
            pages["conversation_longest"] = {
                **_time(_get(client, f"/conversations/{longest}/"), max(repeat // 4, 3), "conversation"), "messages": longest_n}
        timed = {
            "customer_200_orders": (_get(client, "/customers/1/"), repeat, "customer"),
            "supervisor_queue": (_get(client, "/supervisor/queue/"), max(repeat // 4, 3), "supervisor"),
            "supervisor_metrics": (_get(client, "/supervisor/metrics/"), max(repeat // 4, 3), "supervisor"),
            "supervisor_metrics_90_days": (_get(client, "/supervisor/metrics/?days=90"), max(repeat // 4, 3), "supervisor"),
            "supervisor_analytics": (_get(client, "/analytics/"), max(repeat // 4, 3), "supervisor"),
            "supervisor_analytics_90_days": (_get(client, "/analytics/?days=90"), max(repeat // 4, 3), "supervisor"),
            "api_list": (_get(client, "/api/v1/conversations"), repeat, "api"),
            "api_list_all": (_get(client, "/api/v1/conversations?status=all"), repeat, "api"),
        }
        for name, (fetch, times, kind) in timed.items():
            if want(name):
                pages[name] = _time(fetch, times, kind)
        if want("supervisor_analytics"):
            pages["analytics_tables_90_days"] = _analytics_tables(90, max(repeat // 4, 3))

    # The sweeps: one batch each (they write: breaches, fires), so each run works on fresh due rows.
    if want("sla_sweep_batch"):
        pages["sla_sweep_batch"] = _time(lambda: sla_sweep(NOW), max(repeat // 4, 3))
    if want("automation_sweep_batch"):
        pages["automation_sweep_batch"] = _time(lambda: automation_sweep(NOW), max(repeat // 4, 3))
    failed = sorted(k for k, v in pages.items() if v.get("ok") is False)
    return {"pages": pages, "targets": {"ms_p95": TARGETS_MS, "max_queries": MAX_QUERIES}, "missed": failed}


# --- migrations on the filled database (PostgreSQL) ------------------------------------------------


class LockWatch:
    """Samples, from a second connection, the locks one backend holds on the big tables."""

    STRONG = {"AccessExclusiveLock", "ExclusiveLock", "ShareRowExclusiveLock", "ShareLock"}

    def __init__(self, pid: int):
        import psycopg
        from django.db import connection

        self.conn = psycopg.connect(PG_URL.format(name=connection.settings_dict["NAME"]), autocommit=True)
        self.pid, self.seen, self.stop = pid, {}, threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self):
        while not self.stop.is_set():
            rows = self.conn.execute(
                "SELECT c.relname, l.mode FROM pg_locks l JOIN pg_class c ON c.oid = l.relation "
                "WHERE l.pid = %s AND l.granted AND c.relname = ANY(%s)", [self.pid, BIG_TABLES]).fetchall()
            now = time.perf_counter()
            for table, mode in rows:
                first, _last = self.seen.get((table, mode), (now, now))
                self.seen[(table, mode)] = (first, now)
            self.stop.wait(0.02)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        self.thread.join()
        self.conn.close()

    def strongest(self) -> list[dict]:
        return [{"table": t, "lock": m, "held_s": round(last - first, 2)} for (t, m), (first, last) in sorted(self.seen.items())
                if m in self.STRONG]


def _filenodes() -> dict:
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("SELECT relname, relfilenode FROM pg_class WHERE relname = ANY(%s)", [BIG_TABLES])
        return dict(cur.fetchall())


def time_migrations() -> list[dict]:
    from django.core.management import call_command
    from django.db import connection
    from django.db.migrations.loader import MigrationLoader

    from django.db.migrations.executor import MigrationExecutor

    loader = MigrationLoader(connection)
    # First what this checkout adds to the kept database (an upgrade), then the newest few back and forward.
    executor = MigrationExecutor(connection)
    pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    steps = [(m.app_label, m.name, f"{m.app_label}.{m.name} (upgrade)") for m, backwards in pending if not backwards]
    for app, target in MIGRATION_TARGETS.items():
        names = sorted(name for (a, name) in loader.disk_migrations if a == app)
        newer = [name for name in names if name > target]
        back = [(names[names.index(m) - 1], m) for m in reversed(newer)]
        steps += [(app, to, f"{app}.{m} backwards") for to, m in back]
        steps += [(app, m, f"{app}.{m}") for m in newer]
    out = []
    with connection.cursor() as cur:
        cur.execute("SELECT pg_backend_pid()")
        pid = cur.fetchone()[0]
    for app, to, label in steps:
        before = _filenodes()
        with LockWatch(pid) as watch:
            started = time.perf_counter()
            call_command("migrate", app, to, verbosity=0)
            seconds = time.perf_counter() - started
        rewritten = sorted(t for t, node in _filenodes().items() if before.get(t) != node)
        locks = watch.strongest()
        flag = bool(rewritten) or any(lock["held_s"] >= 1.0 for lock in locks)
        out.append({"migration": label, "seconds": round(seconds, 2), "strong_locks": locks, "rewrote": rewritten,
                    "flag": flag})
    # What other apps unapplied along the way (their migrations depend on the ones rolled back).
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    out.append({"migration": "the rest (other apps re-applied)", "seconds": round(time.perf_counter() - started, 2)})
    return out


if __name__ == "__main__":
    main()
