"""Where an agent's web chat reply spends its time: the REST API's reply request profiled in one process.

    .venv/bin/python bench/chat_reply_profile.py [--replies 50] [--top 30] [--backend sqlite|postgresql] [--request reply|message|inbox]

A fresh installation (its own data folder; with postgresql a database on 127.0.0.1:5432, dropped
afterwards) gets what bench/chat.py sets up: an admin agent with an API token, a chat account,
and `--replies` visitors who each wrote one message the intake has written. Then each conversation
gets one reply through Django's test client (`POST /api/v1/conversations/{id}/reply`, the bench's
agent call), after one reply not measured (imports, the compliance encoder). Prints one JSON line:
CPU milliseconds per reply (p50 / mean; `--no-profile`: without the profiler), queries per reply and in how many write transactions,
the queries of one reply grouped by their SQL shape, and cProfile's top functions by cumulative time
(to stderr). The CPU figures are taken with the profiler on (it adds to them); compare like with like.
`--request message` profiles the visitors' messages instead, `--request inbox` the agent's inbox list
reload over those chats.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import re
import statistics
import sys
import tempfile
import time
import uuid
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STORE = "https://bench-store.example"
PROFILING = True


def environment(backend: str) -> str:
    """Settings for a fresh installation; the PostgreSQL database's name ("" for SQLite)."""
    for key in [k for k in os.environ if k.startswith("SELLERDESK_") or k in ("DATABASE_URL", "REDIS_URL")]:
        del os.environ[key]
    os.environ.update(SELLERDESK_DATA_DIR=tempfile.mkdtemp(prefix="bench-reply-"), DJANGO_SETTINGS_MODULE="sellerdesk.settings",
                      SELLERDESK_TASK_BACKEND="db", SELLERDESK_WEBCHAT_IP_PER_MINUTE="1000000")
    model = ROOT / "var" / "models" / "triage.npz"
    if model.exists():
        os.environ["SELLERDESK_TRIAGE_MODEL"] = str(model)
    if backend != "postgresql":
        return ""
    import psycopg

    name = f"bench_reply_{uuid.uuid4().hex[:8]}"
    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    os.environ["DATABASE_URL"] = f"postgresql://postgres@127.0.0.1:5432/{name}"
    return name


def shape(sql: str) -> str:
    """A query without its values: the same statement with other ids counts as one shape."""
    sql = re.sub(r"'(?:[^']|'')*'", "?", sql)
    sql = re.sub(r"\b\d+(\.\d+)?\b", "?", sql)
    sql = re.sub(r"\(\?(, \?)*\)", "(...)", sql)
    return sql[:160]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replies", type=int, default=50)
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--no-profile", action="store_true", help="CPU and queries only, without cProfile (which adds to the CPU)")
    parser.add_argument("--backend", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--request", choices=["reply", "message", "inbox"], default="reply",
                        help="message: profile the visitors' messages (POST /chat/{id}/messages) instead; inbox: the agent's "
                             "inbox list reload the live feed triggers (GET /?status=all, htmx), --replies times, over those chats")
    args = parser.parse_args()
    global PROFILING
    PROFILING = not args.no_profile
    pg_name = environment(args.backend)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    try:
        call_command("migrate", verbosity=0)
        call_command("createagent", "bench", password="bench-password-1", name="Bench Agent", role="admin", verbosity=0)
        out = io.StringIO()
        call_command("apitoken", "bench", name="bench", scopes="read,reply", stdout=out)
        api_key = out.getvalue().strip()
        from sellerdesk.channels import pipeline
        from sellerdesk.channels.models import ChannelAccount, RawDelivery
        from sellerdesk.conversations.models import Conversation

        chat = ChannelAccount.objects.create(kind="webchat", name="Bench chat", config={"domains": [STORE]})
        web = Client(SERVER_NAME="127.0.0.1")  # a host the settings allow
        if args.request == "message":
            return profile_messages(web, chat, args)
        for n in range(args.replies + 1):
            token = web.post(f"/chat/{chat.pk}/visitor", {"lang": "en"}, HTTP_ORIGIN=STORE).json()["token"]
            r = web.post(f"/chat/{chat.pk}/messages", {"t": token, "id": uuid.uuid4().hex, "text": f"Do you ship to Canada? ({n})", "lang": "en"},
                         HTTP_ORIGIN=STORE)
            assert r.status_code == 202, r.content
        for pk in RawDelivery.objects.filter(status=RawDelivery.Status.RECEIVED).order_by("pk").values_list("pk", flat=True):
            pipeline.process(pk)
        conversations = list(Conversation.objects.order_by("pk").values_list("pk", flat=True))
        assert len(conversations) == args.replies + 1, conversations

        def reply(conversation: int, text: str) -> None:
            r = web.post(f"/api/v1/conversations/{conversation}/reply", json.dumps({"text": text}), content_type="application/json",
                         HTTP_AUTHORIZATION=f"Bearer {api_key}")
            assert r.status_code == 201, r.content

        if args.request == "inbox":
            agent = Client(SERVER_NAME="127.0.0.1")
            assert agent.login(username="bench", password="bench-password-1")

            def reload_list() -> None:
                assert agent.get("/?status=all", HTTP_HX_REQUEST="true").status_code == 200

            reload_list()
            return report(args, "inbox", *measure([reload_list] * args.replies))
        reply(conversations[0], "Warm-up: yes, we can.")
        report(args, "reply", *measure([
            (lambda c=conversation, n=n: reply(c, f"Answer {n}: yes, we can.")) for n, conversation in enumerate(conversations[1:])]))
    finally:
        connection.close()
        if pg_name:
            import psycopg

            with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{pg_name}" WITH (FORCE)')


def profile_messages(web, chat, args) -> None:
    """Each of `--replies` visitors writes one message, after one visitor's message not measured."""
    tokens = [web.post(f"/chat/{chat.pk}/visitor", {"lang": "en"}, HTTP_ORIGIN=STORE).json()["token"] for _ in range(args.replies + 1)]

    def say(token: str, text: str) -> None:
        r = web.post(f"/chat/{chat.pk}/messages", {"t": token, "id": uuid.uuid4().hex, "text": text, "lang": "en"}, HTTP_ORIGIN=STORE)
        assert r.status_code == 202, r.content

    say(tokens[0], "Warm-up: do you ship to Canada?")
    report(args, "message", *measure([(lambda t=token, n=n: say(t, f"Do you ship to Canada? ({n})")) for n, token in enumerate(tokens[1:])]))


def measure(calls: list) -> tuple:
    """Each request profiled: (profile, CPU seconds, queries, transactions, the first one's query shapes)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    cpu, queries, transactions, shapes = [], [], [], Counter()
    profile = cProfile.Profile()
    for n, call in enumerate(calls):
        with CaptureQueriesContext(connection) as captured:
            started = time.process_time()
            if PROFILING:
                profile.enable()
            call()
            if PROFILING:
                profile.disable()
            cpu.append(time.process_time() - started)
        sqls = [q["sql"] for q in captured.captured_queries]
        queries.append(len(sqls))
        transactions.append(sum(1 for s in sqls if s.upper().startswith(("BEGIN", "SAVEPOINT"))))
        if n == 0:
            shapes.update(shape(s) for s in sqls)
    return profile, cpu, queries, transactions, shapes


def report(args, what: str, profile, cpu: list[float], queries: list[int], transactions: list[int], shapes: Counter) -> None:
    if PROFILING:
        text = io.StringIO()
        stats = pstats.Stats(profile, stream=text).sort_stats("cumulative")
        stats.print_stats(args.top)
        stats.print_stats("sellerdesk/", args.top)
        print(text.getvalue(), file=sys.stderr)
    print(json.dumps({
        "bench": "chat_reply_profile", "request": what, "backend": args.backend, "requests": len(cpu), "profiled": PROFILING,
        "cpu_ms_p50": round(statistics.median(cpu) * 1000, 1), "cpu_ms_mean": round(statistics.fmean(cpu) * 1000, 1),
        "queries_per_request": sorted(set(queries)), "begin_or_savepoint_per_request": sorted(set(transactions)),
        "query_shapes": [[count, sql] for sql, count in shapes.most_common()],
        "load_average": round(os.getloadavg()[0], 1),
    }, indent=1))


if __name__ == "__main__":
    main()
