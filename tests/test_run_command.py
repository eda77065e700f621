"""`sellerdesk run --demo` on a fresh data directory: migrates, loads the demo, serves, and stops cleanly."""

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request

import pytest


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def running_desk(tmp_path):
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL", "SELLERDESK_TASK_BACKEND")}
    # The shared model build (made by `make test`'s install step) spares a five-minute rebuild.
    from sellerdesk.triage.model import artefact_path

    env.update(SELLERDESK_TRIAGE_MODEL=str(artefact_path()), SELLERDESK_DATA_DIR=str(tmp_path), PORT=str(port), SELLERDESK_MAILSINK_PORT=str(_free_port()))
    proc = subprocess.Popen(
        [sys.executable, "-m", "sellerdesk.cli", "run", "--demo"], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        start_new_session=True,
    )
    lines = []
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        lines.append(line)
        if "task queue:" in line:  # the last line printed before serving
            break
    try:
        for _ in range(100):  # the server starts listening right after printing
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5)
                break
            except OSError:
                time.sleep(0.2)
        yield port, lines
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)


def test_run_serves_demo_with_health_and_login(running_desk):
    port, lines = running_desk
    out = "".join(lines)
    assert f"SellerDesk is running at http://127.0.0.1:{port}" in out
    assert "Demo login: demo / sellerdesk-demo" in out
    health = json.load(urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5))
    assert health["status"] == "ok"
    assert health["database"] == {"vendor": "sqlite", "ok": True}
    assert health["queue"]["backend"] == "db"
    page = urllib.request.urlopen(f"http://127.0.0.1:{port}/login/", timeout=5)
    assert page.status == 200
