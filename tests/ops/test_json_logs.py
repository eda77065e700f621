"""SELLERDESK_LOG_FORMAT=json: one JSON object per line; the request id of X-Request-ID (or ours)
goes back in the answer and onto every log line of that request."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request

from django.test import Client

from tests.servers.desk import ROOT, env_for, free_port


def test_the_proxys_request_id_comes_back(db):
    r = Client().get("/healthz", HTTP_X_REQUEST_ID="edge-4f2a.77")
    assert r["X-Request-ID"] == "edge-4f2a.77"


def test_a_missing_or_odd_request_id_is_replaced_by_a_new_one(db):
    ours = Client().get("/healthz")["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", ours)
    assert Client().get("/healthz")["X-Request-ID"] != ours
    odd = Client().get("/healthz", HTTP_X_REQUEST_ID='x" injected {"level": "ERROR"}')["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", odd)
    assert re.fullmatch(r"[0-9a-f]{32}", Client().get("/healthz", HTTP_X_REQUEST_ID="a" * 129)["X-Request-ID"])


def get(port: int, path: str, **headers: str) -> tuple[int, str]:
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:
            return answer.status, answer.headers["X-Request-ID"]
    except urllib.error.HTTPError as error:
        return error.code, error.headers["X-Request-ID"]


def test_a_running_desk_writes_json_lines_carrying_the_request_id(tmp_path):
    port = free_port()
    log_path = tmp_path / "desk.log"
    env = env_for(tmp_path, SELLERDESK_LOG_FORMAT="json", PORT=str(port))
    with open(log_path, "w") as log_file:
        proc = subprocess.Popen([sys.executable, "-m", "sellerdesk.cli", "run"], env=env, cwd=ROOT,
                                stdout=log_file, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + 240
        while True:
            try:
                status, _ = get(port, "/healthz")
                break
            except OSError:
                assert proc.poll() is None, log_path.read_text()
                assert time.monotonic() < deadline, log_path.read_text()
                time.sleep(0.3)
        assert get(port, "/no-such-page/", **{"X-Request-ID": "edge-0001"}) == (404, "edge-0001")
        status, generated = get(port, "/healthz")
        assert status == 200 and re.fullmatch(r"[0-9a-f]{32}", generated)
        time.sleep(0.5)  # the web server's log lines of these requests reach the file
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)
    # Stopped while the reply check still warms up (seconds after start): a clean exit, not an abort
    # from a thread cut off inside C++ code (it was SIGABRT in about 2 of 5 such stops).
    assert proc.returncode == 0, log_path.read_text()[-2000:]
    records = [json.loads(line) for line in log_path.read_text().splitlines() if line.startswith("{")]
    of_ours = [(r["logger"], r["level"], r["message"]) for r in records if r.get("request_id") == "edge-0001"]
    # The line per request, then Django's own warning, written after the last middleware returned.
    assert [(logger, level) for logger, level, _ in of_ours] == [("sellerdesk.request", "INFO"), ("django.request", "WARNING")]
    assert re.fullmatch(r"GET /no-such-page/ 404 \d+\.\d ms", of_ours[0][2])
    assert of_ours[1][2] == "Not Found: /no-such-page/"
    [health] = [r for r in records if r.get("request_id") == generated]
    assert health["logger"] == "sellerdesk.request" and health["message"].startswith("GET /healthz 200 ")
    assert set(health) == {"time", "level", "logger", "message", "process", "request_id"}
    # Lines outside a request (the worker, the scheduler) are JSON too, without a request id.
    assert any(r["logger"] != "sellerdesk.request" and "request_id" not in r for r in records)
    # Every log line is JSON; the only others are what `sellerdesk run` prints for a person.
    others = [line for line in log_path.read_text().splitlines() if line and not line.startswith("{")]
    assert all(line.startswith(("SellerDesk is running at", "Database:", "scheduler started", "Answering only"))
               for line in others), others
