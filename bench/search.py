"""Benchmark: inbox search over N messages on SQLite (FTS5) and PostgreSQL (tsvector + GIN).

Each database gets the same generated mailbox (fixed seed): N messages in N/4 conversations, in
English, German, Spanish, Chinese and Japanese, words drawn with a Zipf law from a vocabulary
of real after-sales words and many rarer made-up ones; every conversation has an order number,
half of the orders a tracking number. The rows are loaded with COPY (PostgreSQL) or one
executemany per table (SQLite), the message table's indexes built after the load, then the
search index is built by the code `sellerdesk search-reindex` runs (PostgreSQL: COPY, GIN
indexes created after the rows).
Then every query of a mix (order and tracking numbers, customer names and addresses, common
and rare words, Chinese two-character words, Japanese, a single Chinese character, no match),
each with the inbox's default filter (open) and with "all", is timed REPEAT times through
`sellerdesk.search.query.search` — what the inbox calls — and once more with the result rows
the page shows (conversations and marked snippets). Besides the wall clock, each run's CPU
time is measured (ours plus the PostgreSQL server process's), which a loaded machine does not
inflate. One JSON line per database, then one comparing the ranked lists of both.

    python bench/search.py --messages 1000000
    python bench/search.py --db sqlite --messages 100000
    # fill once, then time the queries again after a change:
    python bench/search.py --one --db postgres --messages 1000000 --keep --out pg.json
    python bench/search.py --one --db postgres --messages 1000000 --reuse DATABASE_URL --out pg2.json
    python bench/search.py --compare sqlite.json pg.json
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PG_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
NOW = dt.datetime(2026, 11, 23, 14, 0, tzinfo=dt.timezone.utc)
SEED = 20261123
REPEAT = 5

EN = ("the my order item please refund package arrived broken where is thank you return delivery still not days "
      "tracking help replacement damaged wrong size colour received week charger cable box seller bottle lid "
      "leak proof cracked missing parts instructions").split()
DE = "bestellung rückerstattung paket flasche undicht kaputt lieferung bitte danke rücksendung noch nicht angekommen".split()
ES = "pedido reembolso paquete botella roto envío gracias devolución todavía llegado tamaño".split()
ZH = ("订单号 退款 包裹 还没有到 质量 问题 请问 什么时候 发货 谢谢 退货 坏了 颜色 尺寸 客服 快递 物流 收到 换货 瓶子 漏水 "
      "盖子 充电器 不能用 您好 麻烦 尽快 处理").split()
JA = ("炊飯器 壊れました 返品 交換 届きません 注文番号 配送 ありがとうございます 確認 お願いします 水筒 漏れ 蓋 "
      "充電器 動きません まだ 商品 こんにちは").split()
FIRST = "Anna Ben Carla David Emma Felix Greta Hugo Ines Jonas Klara Leon Mia Noah Olga Paul Rosa Sven Tina Yuki".split()
LAST = "Smith Müller García Rossi Tanaka Wang Kowalski Novak Dubois Silva Jensen Costa Brown Weber Sato Li Chen Hill".split()
ZH_NAMES = "李伟 王芳 张敏 刘洋 陈静 杨磊 赵丽 黄强".split()
JA_NAMES = "佐藤花子 鈴木一郎 高橋美咲 田中健".split()
LANGS = [("en", 0.45), ("de", 0.15), ("es", 0.1), ("zh", 0.2), ("ja", 0.1)]
LANG_CODES = [code for code, _ in LANGS]
LANG_CUM = [sum(share for _, share in LANGS[: i + 1]) for i in range(len(LANGS))]


def _cumulative(size: int) -> list[float]:
    """Cumulative Zipf (s = 1.1) weights of ranks 1..size."""
    out, acc = [], 0.0
    for rank in range(1, size + 1):
        acc += rank ** -1.1
        out.append(acc)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", nargs="+", choices=["sqlite", "postgres"], default=["sqlite", "postgres"])
    parser.add_argument("--messages", type=int, default=1_000_000)
    parser.add_argument("--one", action="store_true", help=argparse.SUPPRESS)  # internal: run in this process
    parser.add_argument("--out", help="with --one: write the ranked lists to this file")
    parser.add_argument("--keep", action="store_true", help="with --one: keep the filled database (its URL is printed)")
    parser.add_argument("--reuse", metavar="DATABASE_URL", help="with --one: time the queries on a database kept by --keep")
    parser.add_argument("--compare", nargs=2, metavar=("SQLITE_JSON", "POSTGRES_JSON"),
                        help="compare the ranked lists of two runs made with --one --out")
    args = parser.parse_args()
    if args.compare:
        print(json.dumps(_compare(*(json.loads(Path(p).read_text()) for p in args.compare))), flush=True)
        return
    if args.one:
        print(json.dumps(run_one(args.db[0], args.messages, args.out, keep=args.keep, reuse=args.reuse)), flush=True)
        return
    outs = {}
    for db in args.db:
        outs[db] = tempfile.mktemp(prefix=f"search-bench-{db}-", suffix=".json")
        # One process per database: Django reads DATABASE_URL once, at start.
        subprocess.run([sys.executable, __file__, "--one", "--db", db, "--messages", str(args.messages), "--out", outs[db]], check=True)
    if len(outs) == 2:
        a, b = (json.loads(Path(outs[db]).read_text()) for db in ("sqlite", "postgres"))
        print(json.dumps(_compare(a, b)), flush=True)
    for path in outs.values():
        Path(path).unlink(missing_ok=True)


def _compare(a: dict, b: dict) -> dict:
    differ = sorted(k for k in a if a[k] != b.get(k))
    return {"bench": "search", "compare": "sqlite vs postgres", "queries": len(a), "same_results": not differ,
            "differing": differ[:20]}


def run_one(db: str, n: int, out: str | None, keep: bool = False, reuse: str | None = None) -> dict:
    tmp = tempfile.mkdtemp(prefix="search-bench-")
    os.environ["SELLERDESK_DATA_DIR"] = tmp
    os.environ["DJANGO_SETTINGS_MODULE"] = "sellerdesk.settings"
    name = f"sellerdesk_search_bench_{os.getpid()}"
    keep = keep or bool(reuse)
    if reuse:
        os.environ["DATABASE_URL"] = reuse
    elif db == "sqlite":
        os.environ["DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
    else:
        _pg_admin(f"CREATE DATABASE {name}")
        os.environ["DATABASE_URL"] = f"postgresql://postgres@127.0.0.1:5432/{name}"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    try:
        result = _measure(db, n, out, filled=bool(reuse))
        if keep:
            result["database_url"] = os.environ["DATABASE_URL"]
        return result
    finally:
        from django.db import connections

        connections.close_all()
        if not keep and db == "postgres":
            _pg_admin(f"DROP DATABASE {name}")
        if not keep or reuse:  # a kept SQLite database is a file in it
            shutil.rmtree(tmp, ignore_errors=True)


def _pg_admin(sql: str) -> None:
    import psycopg

    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(sql)


# --- the mailbox -----------------------------------------------------------------------------------


class Mailbox:
    """Deterministic text: the same seed gives the same rows on both databases."""

    def __init__(self, n_messages: int):
        self.rng = random.Random(SEED)
        self.n_conversations = max(n_messages // 4, 1)
        self.n_customers = max(self.n_conversations // 3, 1)
        # Made-up words: the long tail every real mailbox has (names of products, typos...).
        self.tail = [f"{self._syllables(k)}" for k in range(20_000)]
        self.cjk = [chr(c) for c in range(0x4E00, 0x4E00 + 1500)]
        # Zipf weights over each language's words: the domain words first (common), then the tail.
        self.latin = {}
        for lang, vocab in (("en", EN), ("de", DE), ("es", ES)):
            words = list(vocab) + self.tail
            self.latin[lang] = (words, _cumulative(len(words)))
        self.cjk_vocab = {}
        for lang, vocab in (("zh", ZH), ("ja", JA)):
            words = list(vocab) + ["".join(self.rng.choice(self.cjk) for _ in range(1 + k % 3)) for k in range(5000)]
            self.cjk_vocab[lang] = (words, _cumulative(len(words)))

    def _syllables(self, k: int) -> str:
        parts = "ka lo mi ne ru sa to vi ze pa do fu gi ha ju ke".split()
        out = []
        while True:
            out.append(parts[k % 16])
            k //= 16
            if k == 0:
                return "".join(out) + "x"

    def language(self) -> str:
        return self.rng.choices(LANG_CODES, cum_weights=LANG_CUM)[0]

    def body(self, lang: str) -> str:
        rng = self.rng
        if lang in ("zh", "ja"):
            words, cum = self.cjk_vocab[lang]
            return "".join(rng.choices(words, cum_weights=cum, k=rng.randint(6, 18))) + "。"
        words, cum = self.latin[lang]
        return " ".join(rng.choices(words, cum_weights=cum, k=rng.randint(12, 50))).capitalize() + "."

    def customer(self, k: int) -> tuple[str, str]:
        rng = random.Random(SEED + k)
        r = rng.random()
        if r < 0.2:
            name = rng.choice(ZH_NAMES)
        elif r < 0.3:
            name = rng.choice(JA_NAMES)
        else:
            name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        return name, f"buyer{k}@mail{k % 97}.example"


def order_number(k: int) -> str:
    return f"{100 + k % 900:03d}-{(k * 7919) % 10_000_000:07d}-{k:07d}"


def tracking_number(k: int) -> str:
    return f"1Z{k:010d}{(k * 31) % 97:02d}" if k % 2 == 0 else ""


def _fill(n: int) -> dict:
    """The mailbox as rows: COPY on PostgreSQL, one executemany per table on SQLite, with the
    message table's secondary indexes dropped during the load and built once after it."""
    from django.db import connection, transaction

    from sellerdesk.channels.models import ChannelAccount
    from sellerdesk.conversations.models import Conversation, Message
    from sellerdesk.customers.models import Customer
    from sellerdesk.orders.models import Order

    box = Mailbox(n)
    account = ChannelAccount.objects.create(kind="email", name="Support", address="support@bench.example")
    when = Message._meta.get_field("sent_at").get_db_prep_save(NOW, connection)
    with transaction.atomic():
        _bulk_insert(Customer, ["id", "name", "email", "created_at"],
                     ((k + 1, *box.customer(k), when) for k in range(box.n_customers)))
        _bulk_insert(Order, ["id", "platform", "number", "customer_id", "created_at", "tracking"],
                     ((k + 1, "amazon", order_number(k), k % box.n_customers + 1, when, _tracking_json(k))
                      for k in range(box.n_conversations)))
        _bulk_insert(Conversation, ["id", "channel", "account_id", "customer_id", "order_id", "subject", "status",
                                    "tier", "created_at", "last_message_at"],
                     ((k + 1, "email", account.pk, k % box.n_customers + 1, k + 1, box.body(box.language())[:80],
                       "open" if k % 10 == 0 else "resolved", 1 + k % 3, when, when)
                      for k in range(box.n_conversations)))

        def messages():
            for i in range(n):
                conv = box.rng.randrange(box.n_conversations) if i >= box.n_conversations else i
                lang = box.language()
                text = box.body(lang)
                if lang == "en" and box.rng.random() < 0.002:
                    text += " Is this bottle really leak-proof?"
                if box.rng.random() < 0.01:  # a buyer quoting the order number
                    text += f" Order {order_number(conv)}."
                yield (i + 1, conv + 1, account.pk, "in", "buyer@bench.example", text, text, lang, "received", when, when)

        with _indexes_built_after(Message._meta.db_table):
            _bulk_insert(Message, ["id", "conversation_id", "account_id", "direction", "sender", "body_text",
                                   "body_full", "language", "delivery_status", "sent_at", "created_at"], messages())
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            for table in ("customers_customer", "orders_order", "conversations_conversation", "conversations_message"):
                cur.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")
    return {"conversations": box.n_conversations, "customers": box.n_customers, "box": box}


def _tracking_json(k: int) -> str:
    number = tracking_number(k)
    return json.dumps([{"id": "t", "company": "UPS", "number": number}] if number else [])


def _bulk_insert(model, columns: list[str], rows, chunk: int = 20_000) -> None:
    """Rows of `columns` (values the database takes as they are) into the model's table; every
    other column gets the model's default, prepared once."""
    import itertools

    from django.db import connection

    blank = model()
    rest = [f for f in model._meta.concrete_fields if f.attname not in columns]
    defaults = tuple(_plain_value(f.get_db_prep_save(getattr(blank, f.attname), connection)) for f in rest)
    names = ", ".join(connection.ops.quote_name(c) for c in [*columns, *(f.column for f in rest)])
    table = model._meta.db_table
    rows = iter(rows)
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            with cur.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row + defaults)
            return
        sql = f"INSERT INTO {table} ({names}) VALUES ({', '.join(['%s'] * (len(columns) + len(rest)))})"
        while batch := [row + defaults for row in itertools.islice(rows, chunk)]:
            cur.executemany(sql, batch)


def _plain_value(value):
    """psycopg's Jsonb wrapper as the JSON text COPY takes."""
    return json.dumps(value.obj) if type(value).__name__ == "Jsonb" else value


class _indexes_built_after:
    """Drop a table's secondary indexes (not those of its primary key or constraints) and create
    them again on exit: one sorted build instead of a million in-place inserts."""

    def __init__(self, table: str):
        self.table = table

    def __enter__(self):
        from django.db import connection

        with connection.cursor() as cur:
            if connection.vendor == "postgresql":
                cur.execute("SELECT i.relname, pg_get_indexdef(i.oid) FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid "
                            "WHERE x.indrelid = %s::regclass AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.oid)",
                            [self.table])
            else:
                cur.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = %s AND sql IS NOT NULL",
                            [self.table])
            self.indexes = cur.fetchall()
            for name, _sql in self.indexes:
                cur.execute(f"DROP INDEX {connection.ops.quote_name(name)}")

    def __exit__(self, *exc):
        from django.db import connection

        if exc[0] is None:
            with connection.cursor() as cur:
                if connection.vendor == "postgresql":  # the deferred foreign key checks first
                    cur.execute("SET CONSTRAINTS ALL IMMEDIATE")
                for _name, sql in self.indexes:
                    cur.execute(sql)


def _index(db: str) -> None:
    """What `sellerdesk search-reindex` does (PostgreSQL: COPY, GIN indexes built after the rows)."""
    from django.db import connection, transaction

    from sellerdesk.search import index

    with transaction.atomic():
        index.reindex_all(batch=5000)
    with connection.cursor() as cur:
        cur.execute("ANALYZE")  # what autovacuum / a maintained SQLite would have done


def queries(box: Mailbox) -> list[tuple[str, str]]:
    rng = random.Random(SEED + 1)
    q = []
    for k in rng.sample(range(box.n_conversations), 6):
        q.append(("order number", order_number(k)))
    for k in rng.sample(range(0, box.n_conversations, 2), 4):
        q.append(("tracking number", tracking_number(k)))
    for k in rng.sample(range(box.n_customers), 4):
        q.append(("customer name", box.customer(k)[0]))
    for k in rng.sample(range(box.n_customers), 3):
        q.append(("customer address", box.customer(k)[1]))
    q += [("common word", w) for w in ("refund", "the", "package arrived")]
    q += [("word", w) for w in ("bottle", "leak-proof", "broken lid", "rückerstattung", "reembolso")]
    q += [("chinese", w) for w in ("退款", "订单号", "漏水", "还没有到", "包")]
    q += [("japanese", w) for w in ("炊飯器", "返品", "水筒", "届きません")]
    q += [("rare word", box.tail[k]) for k in (500, 3000, 12000, 19000)]
    q += [("no match", w) for w in ("zzqxunmatched", "书桌椅")]
    return q


def _measure(db: str, n: int, out: str | None, filled: bool = False) -> dict:
    from django.core.management import call_command
    from django.db import connection

    from sellerdesk.conversations.queries import InboxFilters
    from sellerdesk.search.query import order_conversation, search
    from sellerdesk.web import search_rows

    if filled:  # --reuse: the rows and the index are there
        box = Mailbox(n)
        filled, fill_s, index_s = {"conversations": box.n_conversations, "box": box}, 0.0, 0.0
    else:
        call_command("migrate", verbosity=0)
        started = time.perf_counter()
        filled = _fill(n)
        fill_s = time.perf_counter() - started
        started = time.perf_counter()
        _index(db)
        index_s = time.perf_counter() - started
    # What the fill left in this process would otherwise be walked by every full garbage
    # collection during the timed queries (50 ms pauses at 100,000 messages); a web worker
    # holds no such heap.
    gc.collect()
    gc.freeze()

    cpu = _CpuClock(db)
    results, timings, page_timings, by_kind, cpu_times, cpu_by_kind = {}, [], [], {}, [], {}
    for kind, text in queries(filled["box"]):
        for status in ("open", "all"):
            filters = InboxFilters(status=status, q=text)
            search(text, filters)  # warm: the first run reads the pages from disk
            times = []
            for _ in range(REPEAT):
                c = cpu.now()
                t = time.perf_counter()
                result = search(text, filters)
                times.append(1000 * (time.perf_counter() - t))
                cpu_times.append(cpu.now() - c)
                cpu_by_kind.setdefault(kind, []).append(cpu_times[-1])
            hits = result.for_status(status) if result else []
            t = time.perf_counter()
            convs = search_rows.conversations(hits)
            search_rows.snippets(hits, text, {})
            page_timings.append(times[len(times) // 2] + 1000 * (time.perf_counter() - t))
            timings += times
            by_kind.setdefault(kind, []).extend(times)
            results[f"{status}|{text}"] = {"ids": [c.pk for c in convs], "found": len(hits), "jump": order_conversation(text)}
    if out:
        Path(out).write_text(json.dumps(results))

    def p95(values):
        return round(statistics.quantiles(values, n=20)[18], 1) if len(values) > 1 else round(values[0], 1)

    with connection.cursor() as cur:
        cur.execute("select sqlite_version()" if db == "sqlite" else "show server_version")
        version = cur.fetchone()[0]
    return {
        "bench": "search", "db": db, "db_version": version, "messages": n, "conversations": filled["conversations"],
        "fill_seconds": round(fill_s, 1), "index_seconds": round(index_s, 1),
        "queries": len(results), "runs": len(timings),
        "search_ms_p50": round(statistics.median(timings), 1), "search_ms_p95": p95(timings),
        "search_ms_max": round(max(timings), 1), "page_ms_p95": p95(page_timings),
        "p95_ms_by_kind": {k: p95(v) for k, v in by_kind.items()},
        "cpu_ms_p50": round(statistics.median(cpu_times), 1), "cpu_ms_p95": p95(cpu_times),
        "cpu_p95_ms_by_kind": {k: p95(v) for k, v in cpu_by_kind.items()},
        "jumps": sum(1 for r in results.values() if r["jump"]),
    }


class _CpuClock:
    """CPU time spent on the search, in ms: this process's, plus (PostgreSQL) that of the server
    process serving our connection, from /proc/PID/schedstat (nanoseconds on a CPU; time spent
    waiting for one is not counted). On a loaded machine this, unlike the wall clock, measures
    the work of a query rather than the load."""

    def __init__(self, db: str):
        from django.db import connection

        self.server_stat = None
        if db == "postgres":
            with connection.cursor() as cur:
                cur.execute("SELECT pg_backend_pid()")
                path = Path(f"/proc/{cur.fetchone()[0]}/schedstat")
            self.server_stat = path if path.exists() else None  # a server on another machine: ours only

    def now(self) -> float:
        ms = time.thread_time() * 1000
        if self.server_stat is not None:
            ms += int(self.server_stat.read_text().split()[0]) / 1e6
        return ms


if __name__ == "__main__":
    main()
