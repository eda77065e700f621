"""Web chat benchmark: 50 visitors chatting at once with a real web server and worker.

    .venv/bin/python bench/chat.py [--visitors 50] [--rounds 3] [--backend sqlite|postgresql]
                                   [--server run|web] [--web-workers N] [--server-log FILE] [--idle SECONDS]

A fresh installation (its own data folder; with postgresql a database created on 127.0.0.1:5432
and dropped afterwards) is started with `sellerdesk run` (--server run: waitress, one web process
with threads, the worker and the scheduler as its children) or, --server web, as production runs
it (docs/deploy.md): `sellerdesk web` (gunicorn, --web-workers processes, default two per core),
`sellerdesk worker` and `sellerdesk scheduler`, each started on its own; a chat account allows the
origin the visitors claim. Each simulated visitor, in its own thread, does what the widget does: starts
(POST /visitor), holds the live stream open (GET /stream, server-sent events, reconnecting with
Last-Event-ID), and for each round writes a message (POST /messages). Measured per message:

- visitor -> inbox: from just before the POST until the agent's inbox shows it: the bench's
  agent holds the inbox's live feed open (GET /live/, what the inbox page listens to) and, on
  each event, reloads the inbox list as the page does; the message counts as shown when the
  first list reload started after the event naming its conversation (with that message's id or
  a newer one) has come back. Also reported: until the event arrived (`visitor_to_feed`), and
  until the message was a committed row (`visitor_to_db`, a reader polling every 20 ms);
- agent reply -> widget: from just before an agent's reply is posted (the REST API, what the UI's
  send does: send_reply, then the line written for the widget in the same request) until the
  line arrives on the visitor's open stream.

Also: the widget script's size as served gzipped; with --idle, first, what an open desk costs while
nothing happens (database transactions per second on PostgreSQL, the web server's CPU). Prints one JSON object; targets: p95 <= 1 s for
both latencies, script <= 15 KB gzipped. The first message (the worker loading the triage model)
is sent before the clock starts, which then waits for the web server to be idle (its processes'
warm-up).
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

    def __init__(self, backend: str, server: str = "run", web_workers: int = 0, log: str = ""):
        self.server, self.web_workers = server, web_workers
        self.log = open(log, "a", encoding="utf-8") if log else None  # the desk's output, kept (a 500's traceback)
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
        self.others: list[subprocess.Popen] = []  # --server web: the worker and the scheduler

    def command(self, *args: str) -> str:
        done = subprocess.run([sys.executable, "-m", "sellerdesk.cli", *args], env=self.env, cwd=ROOT, capture_output=True, text=True)
        if done.returncode:
            raise SystemExit(f"sellerdesk {args[0]} failed:\n{done.stderr}")
        return done.stdout

    def spawn(self, *args: str) -> subprocess.Popen:
        return subprocess.Popen([sys.executable, "-m", "sellerdesk.cli", *args], env=self.env, cwd=ROOT,
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True)

    def start(self) -> None:
        self.command("migrate")
        if self.server == "web":
            self.proc = self.spawn("web", "--port", str(self.port), *(["--workers", str(self.web_workers)] if self.web_workers else []))
            self.others = [self.spawn("worker"), self.spawn("scheduler")]
        else:
            self.proc = self.spawn("run")
            for line in self.proc.stdout:
                if "task queue:" in line:
                    break
            else:
                raise SystemExit("sellerdesk run stopped")
        for proc in [self.proc, *self.others]:
            threading.Thread(target=self.drain, args=(proc,), daemon=True).start()
        for _ in range(200):
            with contextlib.suppress(OSError):
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return
            time.sleep(0.1)

    def drain(self, proc: subprocess.Popen) -> None:
        """Keep the pipe drained; with --server-log, every line goes to that file."""
        for line in proc.stdout:
            if self.log:
                self.log.write(line)
                self.log.flush()

    def stop(self) -> None:
        for proc in [p for p in [self.proc, *self.others] if p]:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
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
        self.seen: dict[str, tuple[float, int, int]] = {}  # external id -> (when seen, conversation id, message id)
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
                rows = list(self.Message.objects.filter(external_id__in=ids).values_list("external_id", "conversation_id", "id"))
                now = time.monotonic()
                for external_id, conversation_id, message_id in rows:
                    with self.lock:
                        self.seen[external_id] = (now, conversation_id, message_id)
                        self.waiting[external_id].set()
            time.sleep(0.02)


class AgentView:
    """The agent's inbox page: signed in, its live feed open, the list reloaded on each event (one
    reload at a time, another after it when events came meanwhile — what desk.js does)."""

    def __init__(self, port: int, username: str, password: str):
        self.port = port
        self.cookie = sign_in(port, username, password)
        self.cond = threading.Condition()
        self.events: list[dict] = []  # {"at", "news": {conversation: newest message id}, "shown"}
        self.reloads = []  # seconds per list reload
        self.stop = False
        self.last_id = 0
        threading.Thread(target=self.listen, daemon=True).start()
        threading.Thread(target=self.reload_list, daemon=True).start()

    def listen(self) -> None:
        while not self.stop:
            conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
            try:
                conn.request("GET", f"/live/?after={self.last_id}",
                             headers={"Cookie": self.cookie, "Accept": "text/event-stream", "Last-Event-ID": str(self.last_id)})
                response = conn.getresponse()
                if response.status != 200:
                    raise SystemExit(f"live feed: {response.status}")
                data = ""
                while not self.stop:
                    raw = response.readline()
                    if not raw:
                        break
                    line = raw.decode().rstrip("\n")
                    if line.startswith("id: "):
                        self.last_id = max(self.last_id, int(line[4:]))
                    elif line.startswith("data: "):
                        data = line[6:]
                    elif line == "" and data:
                        event = json.loads(data)
                        data = ""
                        with self.cond:
                            self.events.append({"at": time.monotonic(), "news": dict(zip(event["conversations"], event["newest"])), "shown": None})
                            self.cond.notify_all()
            except OSError:
                time.sleep(0.2)
            finally:
                conn.close()

    def reload_list(self) -> None:
        done = 0  # events before this index are shown
        while not self.stop:
            with self.cond:
                self.cond.wait_for(lambda: len(self.events) > done or self.stop, timeout=1)
                upto = len(self.events)
            if upto == done:
                continue
            started = time.monotonic()
            status, _ = request(self.port, "GET", "/?status=all", headers={"Cookie": self.cookie, "HX-Request": "true"})
            finished = time.monotonic()
            if status != 200:
                raise SystemExit(f"inbox list: {status}")
            self.reloads.append(finished - started)
            with self.cond:
                for event in self.events[done:upto]:
                    event["shown"] = finished
                done = upto
                self.cond.notify_all()

    def shown(self, conversation: int, message_id: int, timeout: float) -> tuple[float, float] | None:
        """(when the feed named the message, when the reloaded list was back) or None."""
        def find():
            for event in self.events:
                if event["shown"] is not None and event["news"].get(conversation, 0) >= message_id:
                    return event["at"], event["shown"]
            return None

        with self.cond:
            self.cond.wait_for(lambda: find() is not None, timeout=timeout)
            return find()


def sign_in(port: int, username: str, password: str) -> str:
    """The session cookie of an agent signed in through the login form."""
    import http.cookies
    import re

    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    conn.request("GET", "/login/")
    r = conn.getresponse()
    page = r.read().decode()
    jar = http.cookies.SimpleCookie()
    for value in r.headers.get_all("Set-Cookie") or []:
        jar.load(value)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    body = urllib.parse.urlencode({"csrfmiddlewaretoken": token, "username": username, "password": password}).encode()
    cookie = "; ".join(f"{k}={m.value}" for k, m in jar.items())
    conn.request("POST", "/login/", body=body, headers={"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie,
                                                        "Referer": f"http://127.0.0.1:{port}/login/"})
    r = conn.getresponse()
    r.read()
    for value in r.headers.get_all("Set-Cookie") or []:
        jar.load(value)
    conn.close()
    if r.status != 302 or "sessionid" not in jar:
        raise SystemExit(f"sign-in failed: {r.status}")
    return "; ".join(f"{k}={m.value}" for k, m in jar.items())


class Visitor(threading.Thread):
    def __init__(self, n: int, port: int, chat: int, api_key: str, inbox: Inbox, agent: AgentView, rounds: int, results: dict):
        super().__init__(daemon=True)
        self.n, self.port, self.chat, self.api_key, self.inbox, self.rounds, self.results = n, port, chat, api_key, inbox, rounds, results
        self.agent = agent
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
                seen, conversation, message_id = self.inbox.seen[external_id]
                self.results["to_db"].append(seen - t0)
                shown = self.agent.shown(conversation, message_id, 60)
                if shown is None:
                    self.results["lost"] += 1
                    continue
                self.results["to_feed"].append(shown[0] - t0)
                self.results["to_inbox"].append(shown[1] - t0)
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
        from django.db import connection

        from sellerdesk.channels.webchat.models import ChatEvent

        try:
            return ChatEvent.objects.select_related("visitor").get(pk=line["line"]["id"]).visitor.key
        finally:
            # The bench's own read: 50 visitor threads must not hold 50 of PostgreSQL's connections
            # (max_connections 100 by default) that the desk's processes need.
            connection.close()


def web_processes(desk: Desk) -> int | None:
    """How many processes serve requests: 1 for `sellerdesk run`, gunicorn's workers for `sellerdesk web`."""
    if desk.server != "web":
        return 1
    try:
        return len(Path(f"/proc/{desk.proc.pid}/task/{desk.proc.pid}/children").read_text().split())
    except OSError:
        return None


def process_cpu(desk: Desk) -> dict[str, float]:
    """User + system CPU seconds of the web server and of the worker and the scheduler; {} where
    /proc is not there. `sellerdesk run`: the web server is the process itself, the others its
    children (by their command). `sellerdesk web`: gunicorn's processes together."""
    ticks = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
    out = {}

    def read(p: int) -> float:
        fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / ticks

    def children(p: int) -> list[int]:
        return [int(c) for c in Path(f"/proc/{p}/task/{p}/children").read_text().split()]

    try:
        pid = desk.proc.pid
        if desk.server == "web":
            out["web"] = read(pid) + sum(read(c) for c in children(pid))
            for name, proc in zip(("worker", "scheduler"), desk.others):
                out[name] = read(proc.pid)
            return out
        out["web"] = read(pid)
        for child in children(pid):
            command = Path(f"/proc/{child}/cmdline").read_bytes().split(b"\0")
            name = command[3].decode() if len(command) > 3 else str(child)
            out[name] = read(child)
    except (OSError, IndexError, ValueError):
        pass
    return out


def measure_idle(desk: Desk, chat: int, seconds: float) -> dict:
    """What an open but quiet desk costs: the agent's live feed is open (the bench's agent), one
    visitor's stream too; nothing is written. Database transactions are counted by PostgreSQL
    (pg_stat_database; its figures lag by up to a second, alike at both ends of the window)."""
    from django.db import connection

    def transactions() -> int | None:
        if connection.vendor != "postgresql":
            return None
        with connection.cursor() as cur:
            cur.execute("SELECT pg_stat_clear_snapshot()")
            cur.execute("SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = current_database()")
            return cur.fetchone()[0]

    status, data = request(desk.port, "POST", f"/chat/{chat}/visitor", body=form({"lang": "en"})[0],
                           headers={"Origin": ORIGIN, "Content-Type": "application/x-www-form-urlencoded"})
    token = json.loads(data)["token"]
    stop = threading.Event()

    def hold() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", desk.port, timeout=60)
        conn.request("GET", f"/chat/{chat}/stream?t={urllib.parse.quote(token)}", headers={"Origin": ORIGIN, "Accept": "text/event-stream"})
        response = conn.getresponse()
        while not stop.is_set() and response.readline():
            pass
        conn.close()

    threading.Thread(target=hold, daemon=True).start()
    time.sleep(3)  # the stream and the watchers started, the statistics caught up
    before, cpu_before = transactions(), process_cpu(desk).get("web", 0.0)
    time.sleep(seconds)
    cpu_after, after = process_cpu(desk).get("web", 0.0), transactions()
    stop.set()
    # The bench's own two reads (before, after) are not the desk's.
    rate = None if before is None else round((after - before - 2) / seconds, 1)
    return {"seconds": seconds, "database_transactions_per_s": rate, "web_cpu_seconds": round(cpu_after - cpu_before, 2)}


def settle(desk: Desk, limit: float = 120) -> None:
    """Wait until the web server is idle: each process of `sellerdesk web` warms its reply check up
    after it starts (≈ 3 CPU-seconds); that belongs to the start, not to the chats measured."""
    processes = web_processes(desk) or 1
    stop = time.monotonic() + limit
    while time.monotonic() < stop:
        before = process_cpu(desk).get("web", 0)
        time.sleep(1)
        if process_cpu(desk).get("web", 0) - before < 0.15 * processes:
            return


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--visitors", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--backend", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--server", choices=["run", "web"], default="run",
                        help="run: `sellerdesk run` (waitress, one process); web: `sellerdesk web` (gunicorn) + worker + scheduler")
    parser.add_argument("--web-workers", type=int, default=0, help="--server web: gunicorn processes (default: two per core)")
    parser.add_argument("--idle", type=float, default=0.0,
                        help="first, for this many seconds, an idle desk with the agent's live feed and one widget stream open: "
                             "its database transactions per second (PostgreSQL) and the web server's CPU")
    parser.add_argument("--server-log", default="", help="append what the desk's processes print (errors' tracebacks) to FILE")
    args = parser.parse_args()

    desk = Desk(args.backend, args.server, args.web_workers, args.server_log)
    os.environ.update({k: v for k, v in desk.env.items() if k.startswith("SELLERDESK_") or k in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")})
    sys.path.insert(0, str(ROOT))
    try:
        desk.start()
        import django

        django.setup()
        desk.command("createagent", "bench", "--password", "bench-password-1", "--name", "Bench Agent", "--role", "admin")
        agent = AgentView(desk.port, "bench", "bench-password-1")
        api_key = desk.command("apitoken", "bench", "--name", "bench", "--scopes", "read,reply").strip()
        from sellerdesk.channels.models import ChannelAccount

        chat = ChannelAccount.objects.create(kind="webchat", name="Bench chat", config={"domains": [ORIGIN]})
        status, packed = request(desk.port, "GET", "/chat/widget.js", headers={"Accept-Encoding": "gzip"})
        plain = gzip.decompress(packed)
        inbox = Inbox()

        # Warm-up (not measured): the worker loads the triage model with its first delivery.
        warm = {"to_inbox": [], "to_feed": [], "to_db": [], "to_widget": [], "reply_call": [], "post_call": [], "lost": 0, "errors": []}
        w = Visitor(-1, desk.port, chat.pk, api_key, inbox, agent, 1, warm)
        w.start()
        w.join(300)
        settle(desk)
        idle = measure_idle(desk, chat.pk, args.idle) if args.idle else None

        results = {"to_inbox": [], "to_feed": [], "to_db": [], "to_widget": [], "reply_call": [], "post_call": [], "lost": 0, "errors": []}
        visitors = [Visitor(n, desk.port, chat.pk, api_key, inbox, agent, args.rounds, results) for n in range(args.visitors)]
        cpu_before = dict(process_cpu(desk), bench=time.process_time())
        load_before = os.getloadavg()[0]  # other work on the machine shows in the figures
        started = time.monotonic()
        for v in visitors:
            v.start()
        for v in visitors:
            v.join(600)
        wall = time.monotonic() - started
        inbox.stop = agent.stop = True
        cpu_after = dict(process_cpu(desk), bench=time.process_time())
        out = {
            "bench": "chat",
            "backend": args.backend,
            "server": args.server,
            "web_processes": web_processes(desk),
            "visitors": args.visitors,
            "rounds": args.rounds,
            "messages": len(results["to_inbox"]),
            "seconds": round(wall, 1),
            "visitor_to_inbox": summary(results["to_inbox"]),
            "visitor_to_feed": summary(results["to_feed"]),
            "visitor_to_db": summary(results["to_db"]),
            "inbox_list_reload": summary(agent.reloads),
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
            # CPU seconds each process of the desk used during the measured part (Linux /proc).
            "cpu_seconds": {name: round(cpu_after.get(name, 0) - cpu_before.get(name, 0), 2) for name in cpu_after},
        }
        if idle is not None:
            out["idle"] = idle
        print(json.dumps(out))
    finally:
        desk.stop()


if __name__ == "__main__":
    main()
