"""Web chat benchmark: 50 visitors chatting at once with a real `sellerdesk run` (waitress, worker).

    .venv/bin/python bench/chat.py [--visitors 50] [--rounds 3] [--backend sqlite|postgresql]

A fresh installation (its own data folder; with postgresql a database created on 127.0.0.1:5432
and dropped afterwards) is started with `sellerdesk run`; a chat account allows the origin the
visitors claim. Each simulated visitor, in its own thread, does what the widget does: starts
(POST /visitor), holds the live stream open (GET /stream, server-sent events, reconnecting with
Last-Event-ID), and for each round writes a message (POST /messages). Measured per message:

- visitor -> inbox: from just before the POST until the message is a committed conversation
  message (one reader in this process polls the database every 20 ms for all of them: through
  the raw delivery, the worker's intake, triage, routing);
- agent reply -> widget: from just before an agent's reply is posted (the REST API, what the UI's
  send does: send_reply, then the worker's delivery through the web chat channel) until the line
  arrives on the visitor's open stream.

Also: the widget script's size as served gzipped. Prints one JSON object; targets: p95 <= 1 s for
both latencies, script <= 15 KB gzipped. The first message (the worker loading the triage model)
is sent before the clock starts.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import http.client
import json
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ORIGIN = "https://bench-store.example"
TEXTS = [
    "Do you ship to Canada?", "Can I pay by invoice?", "Is the blue one back in stock soon?",
    "Haben Sie das auch in Größe M?", "Est-ce que la livraison est gratuite ?", "¿Tienen envío a México?",
    "Avete questo modello in nero?", "この商品はいつ入荷しますか？", "这个有红色的吗？",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, int(round(p / 100 * len(ordered) + 0.5)) - 1))
    return ordered[k]


def summary(values: list[float]) -> dict:
    if not values:
        return {"n": 0}
    return {"n": len(values), "p50_ms": round(percentile(values, 50) * 1000, 1), "p95_ms": round(percentile(values, 95) * 1000, 1),
            "max_ms": round(max(values) * 1000, 1), "mean_ms": round(statistics.fmean(values) * 1000, 1)}


class Desk:
    """`sellerdesk run` in a fresh data folder, configured through the environment only."""

    def __init__(self, backend: str):
        self.dir = Path(tempfile.mkdtemp(prefix="bench-chat-"))
        self.port = free_port()
        self.pg_name = ""
        env = {k: v for k, v in os.environ.items() if not k.startswith("SELLERDESK_") and k not in ("DATABASE_URL", "REDIS_URL")}
        env.update(SELLERDESK_DATA_DIR=str(self.dir), DJANGO_SETTINGS_MODULE="sellerdesk.settings", PORT=str(self.port),
                   PYTHONUNBUFFERED="1", SELLERDESK_TASK_BACKEND="db",
                   # The visitors all come from 127.0.0.1: the per-address limit is for real traffic.
                   SELLERDESK_WEBCHAT_IP_PER_MINUTE="1000000", SELLERDESK_WEBCHAT_VISITOR_PER_MINUTE="1000")
        model = ROOT / "var" / "models" / "triage.npz"
        if model.exists():
            env["SELLERDESK_TRIAGE_MODEL"] = str(model)
        if backend == "postgresql":
            import psycopg

            self.pg_name = f"bench_chat_{uuid.uuid4().hex[:8]}"
            with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as conn:
                conn.execute(f'CREATE DATABASE "{self.pg_name}"')
            env["DATABASE_URL"] = f"postgresql://postgres@127.0.0.1:5432/{self.pg_name}"
        self.env = env
        self.proc = None

    def command(self, *args: str) -> str:
        done = subprocess.run([sys.executable, "-m", "sellerdesk.cli", *args], env=self.env, cwd=ROOT, capture_output=True, text=True)
        if done.returncode:
            raise SystemExit(f"sellerdesk {args[0]} failed:\n{done.stderr}")
        return done.stdout

    def start(self) -> None:
        self.command("migrate")
        self.proc = subprocess.Popen([sys.executable, "-m", "sellerdesk.cli", "run"], env=self.env, cwd=ROOT,
                                     stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True)
        for line in self.proc.stdout:
            if "task queue:" in line:
                break
        else:
            raise SystemExit("sellerdesk run stopped")
        threading.Thread(target=lambda: [None for _ in self.proc.stdout], daemon=True).start()  # keep the pipe drained
        for _ in range(200):
            with contextlib.suppress(OSError):
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return
            time.sleep(0.1)

    def stop(self) -> None:
        if self.proc:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
        if self.pg_name:
            import psycopg

            with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{self.pg_name}" WITH (FORCE)')


def request(port: int, method: str, path: str, *, body: bytes | None = None, headers: dict | None = None) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        r = conn.getresponse()
        return r.status, r.read()
    finally:
        conn.close()


def form(fields: dict) -> tuple[bytes, str]:
    return urllib.parse.urlencode(fields).encode(), "application/x-www-form-urlencoded"


class Inbox:
    """One reader for all visitors: when did each message become a committed conversation message."""

    def __init__(self):
        from sellerdesk.conversations.models import Message

        self.Message = Message
        self.lock = threading.Lock()
        self.waiting: dict[str, threading.Event] = {}
        self.seen: dict[str, tuple[float, int]] = {}  # external id -> (when seen, conversation id)
        self.stop = False
        threading.Thread(target=self.run, daemon=True).start()

    def expect(self, external_id: str) -> threading.Event:
        with self.lock:
            return self.waiting.setdefault(external_id, threading.Event())

    def run(self) -> None:
        while not self.stop:
            with self.lock:
                ids = [k for k in self.waiting if k not in self.seen]
            if ids:
                rows = list(self.Message.objects.filter(external_id__in=ids).values_list("external_id", "conversation_id"))
                now = time.monotonic()
                for external_id, conversation_id in rows:
                    with self.lock:
                        self.seen[external_id] = (now, conversation_id)
                        self.waiting[external_id].set()
            time.sleep(0.02)


class Visitor(threading.Thread):
    def __init__(self, n: int, port: int, chat: int, api_key: str, inbox: Inbox, rounds: int, results: dict):
        super().__init__(daemon=True)
        self.n, self.port, self.chat, self.api_key, self.inbox, self.rounds, self.results = n, port, chat, api_key, inbox, rounds, results
        self.lines: dict[str, float] = {}  # agent text -> when it arrived on the stream
        self.arrived = threading.Condition()
        self.last_id = 0
        self.done = False

    def post(self, path: str, fields: dict) -> dict:
        body, kind = form(fields)
        status, data = request(self.port, "POST", f"/chat/{self.chat}/{path}", body=body, headers={"Origin": ORIGIN, "Content-Type": kind})
        if status not in (200, 201, 202):
            raise RuntimeError(f"{path}: {status} {data[:200]!r}")
        return json.loads(data)

    def listen(self) -> None:
        while not self.done:
            conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
            try:
                conn.request("GET", f"/chat/{self.chat}/stream?t={urllib.parse.quote(self.token)}&after={self.last_id}",
                             headers={"Origin": ORIGIN, "Accept": "text/event-stream", "Last-Event-ID": str(self.last_id)})
                response = conn.getresponse()
                data = ""
                while not self.done:
                    raw = response.readline()
                    if not raw:
                        break
                    line = raw.decode().rstrip("\n")
                    if line.startswith("data: "):
                        data = line[6:]
                    elif line == "" and data:
                        event = json.loads(data)
                        data = ""
                        self.last_id = max(self.last_id, event["id"])
                        if event["kind"] == "agent":
                            with self.arrived:
                                self.lines.setdefault(event["text"], time.monotonic())
                                self.arrived.notify_all()
            except OSError:
                time.sleep(0.2)
            finally:
                conn.close()

    def run(self) -> None:
        rnd = random.Random(self.n)
        try:
            self.token = self.post("visitor", {"lang": "en"})["token"]
            threading.Thread(target=self.listen, daemon=True).start()
            time.sleep(0.5)  # the stream is open before the first message
            for r in range(self.rounds):
                client_id = uuid.uuid4().hex
                text = f"{rnd.choice(TEXTS)} ({self.n}.{r})"
                visitor_key = None
                t0 = time.monotonic()
                line = self.post("messages", {"t": self.token, "id": client_id, "text": text, "lang": "en"})
                self.results["post_call"].append(time.monotonic() - t0)
                visitor_key = visitor_key or self.visitor_key(line)
                external_id = f"webchat:{visitor_key}:{client_id}"
                if not self.inbox.expect(external_id).wait(60):
                    self.results["lost"] += 1
                    continue
                seen, conversation = self.inbox.seen[external_id]
                self.results["to_inbox"].append(seen - t0)
                answer = f"Answer {self.n}.{r}: yes, we can."
                t1 = time.monotonic()
                status, data = request(self.port, "POST", f"/api/v1/conversations/{conversation}/reply",
                                       body=json.dumps({"text": answer}).encode(),
                                       headers={"Authorization": f"Bearer {self.api_key}", "Content-Type": "application/json"})
                if status != 201:
                    raise RuntimeError(f"reply: {status} {data[:300]!r}")
                self.results["reply_call"].append(time.monotonic() - t1)
                with self.arrived:
                    self.arrived.wait_for(lambda: answer in self.lines, timeout=60)
                if answer in self.lines:
                    self.results["to_widget"].append(self.lines[answer] - t1)
                else:
                    self.results["lost"] += 1
                time.sleep(rnd.uniform(0.5, 2.0))  # the visitor reads and types
        except Exception as exc:  # reported, not hidden
            self.results["errors"].append(f"visitor {self.n}: {type(exc).__name__}: {exc}")
        finally:
            self.done = True

    def visitor_key(self, line: dict) -> str:
        from sellerdesk.channels.webchat.models import ChatEvent

        return ChatEvent.objects.select_related("visitor").get(pk=line["line"]["id"]).visitor.key


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--visitors", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--backend", choices=["sqlite", "postgresql"], default="sqlite")
    args = parser.parse_args()

    desk = Desk(args.backend)
    os.environ.update({k: v for k, v in desk.env.items() if k.startswith("SELLERDESK_") or k in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")})
    sys.path.insert(0, str(ROOT))
    try:
        desk.start()
        import django

        django.setup()
        desk.command("createagent", "bench", "--password", "bench-password-1", "--name", "Bench Agent", "--role", "admin")
        api_key = desk.command("apitoken", "bench", "--name", "bench", "--scopes", "read,reply").strip()
        from sellerdesk.channels.models import ChannelAccount

        chat = ChannelAccount.objects.create(kind="webchat", name="Bench chat", config={"domains": [ORIGIN]})
        status, packed = request(desk.port, "GET", "/chat/widget.js", headers={"Accept-Encoding": "gzip"})
        plain = gzip.decompress(packed)
        inbox = Inbox()

        # Warm-up (not measured): the worker loads the triage model with its first delivery.
        warm = {"to_inbox": [], "to_widget": [], "reply_call": [], "post_call": [], "lost": 0, "errors": []}
        w = Visitor(-1, desk.port, chat.pk, api_key, inbox, 1, warm)
        w.start()
        w.join(300)

        results = {"to_inbox": [], "to_widget": [], "reply_call": [], "post_call": [], "lost": 0, "errors": []}
        visitors = [Visitor(n, desk.port, chat.pk, api_key, inbox, args.rounds, results) for n in range(args.visitors)]
        load_before = os.getloadavg()[0]  # other work on the machine shows in the figures
        started = time.monotonic()
        for v in visitors:
            v.start()
        for v in visitors:
            v.join(600)
        wall = time.monotonic() - started
        inbox.stop = True
        out = {
            "bench": "chat",
            "backend": args.backend,
            "visitors": args.visitors,
            "rounds": args.rounds,
            "messages": len(results["to_inbox"]),
            "seconds": round(wall, 1),
            "visitor_to_inbox": summary(results["to_inbox"]),
            "agent_reply_to_widget": summary(results["to_widget"]),
            # Of which the visitor's send call (stored, shown) and the agent's send call itself (the
            # platform-rule check of the text, the write; the line reaches the stream right after).
            "post_call": summary(results["post_call"]),
            "reply_call": summary(results["reply_call"]),
            "lost": results["lost"],
            "errors": results["errors"][:5],
            "widget_bytes": len(plain),
            "widget_gzip_bytes": len(packed),
            "targets": {"p95_ms": 1000, "widget_gzip_bytes": 15 * 1024},
            "cpus": os.cpu_count(),
            "load_average_before_after": [round(load_before, 1), round(os.getloadavg()[0], 1)],
        }
        print(json.dumps(out))
    finally:
        desk.stop()


if __name__ == "__main__":
    main()
