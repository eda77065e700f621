"""A fake platform API in its own process, on 127.0.0.1, for adapters that call out over HTTP.

    server = FakeHttpServer({"GET /path": [{"status": 200, "json": {...}}, ...]}).start()
    server.url  ->  http://127.0.0.1:<port>
    server.requests()  ->  [{"method", "path", "query", "headers", "body"}, ...] as received

An answer is {"status", "json"} or {"status", "text"} or a file {"status", "base64", "content_type"},
with optional "headers".

Each route answers its responses in order and repeats the last one. Run directly:
    python -m tests.servers.fakehttp ROUTES.json LOG.jsonl PORT_FILE
"""

from __future__ import annotations

import base64
import json
import os
import subprocess
import sys
import tempfile
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit


class FakeHttpServer:
    def __init__(self, routes: dict[str, list[dict]]):
        self.routes = routes
        self.dir = Path(tempfile.mkdtemp(prefix="fakehttp-"))
        self.proc = None
        self.url = ""

    def start(self) -> "FakeHttpServer":
        routes, log, port = self.dir / "routes.json", self.dir / "log.jsonl", self.dir / "port"
        routes.write_text(json.dumps(self.routes))
        root = Path(__file__).resolve().parents[2]
        self.proc = subprocess.Popen([sys.executable, "-m", "tests.servers.fakehttp", str(routes), str(log), str(port)], cwd=root)
        deadline = time.monotonic() + 10
        while not (port.exists() and port.read_text().strip()):
            if time.monotonic() > deadline or self.proc.poll() is not None:
                self.stop()
                raise RuntimeError("the fake HTTP server did not start")
            time.sleep(0.02)
        self.url = f"http://127.0.0.1:{port.read_text().strip()}"
        return self

    def requests(self) -> list[dict]:
        log = self.dir / "log.jsonl"
        return [json.loads(line) for line in log.read_text().splitlines()] if log.exists() else []

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(5)


def serve(routes_file: str, log_file: str, port_file: str) -> None:
    routes = json.loads(Path(routes_file).read_text())
    served: dict[str, int] = {}

    class Handler(BaseHTTPRequestHandler):
        def _answer(self):
            parts = urlsplit(self.path)
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            with open(log_file, "a") as log:
                log.write(json.dumps({"method": self.command, "path": parts.path, "query": parts.query,
                                      "headers": dict(self.headers.items()), "body": body.decode("utf-8", "replace")}) + "\n")
            key = f"{self.command} {parts.path}"
            answers = routes.get(key)
            if not answers:
                self.send_response(404)
                self.end_headers()
                return
            n = served.get(key, 0)
            served[key] = n + 1
            answer = answers[min(n, len(answers) - 1)]
            if "base64" in answer:  # a file: {"base64": ..., "content_type": "image/jpeg"}
                payload, kind = base64.b64decode(answer["base64"]), answer.get("content_type", "application/octet-stream")
            elif "json" in answer:
                payload, kind = json.dumps(answer["json"]).encode(), "application/json"
            else:
                payload, kind = answer.get("text", "").encode(), "text/plain"
            self.send_response(answer.get("status", 200))
            self.send_header("Content-Type", kind)
            for name, value in answer.get("headers", {}).items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        do_GET = do_POST = do_PUT = _answer

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    tmp = port_file + ".tmp"
    Path(tmp).write_text(str(server.server_address[1]))
    os.replace(tmp, port_file)
    server.serve_forever()


if __name__ == "__main__":
    serve(*sys.argv[1:4])
