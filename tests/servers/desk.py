"""A real SellerDesk in its own process, as a user or an attacker meets it: `sellerdesk run` on 127.0.0.1.

`env_for(data_dir)` is a clean environment (no SELLERDESK_* of the test process), so each test
starts a fresh installation in its own data folder.
"""

from __future__ import annotations

import contextlib
import http.client
import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def env_for(data_dir: Path, **extra: str) -> dict[str, str]:
    from sellerdesk.triage.model import artefact_path

    # Nor what the browser tests set in this process (DJANGO_ALLOW_ASYNC_UNSAFE fails a deploy check).
    env = {k: v for k, v in os.environ.items() if not k.startswith("SELLERDESK_")
           and k not in ("DATABASE_URL", "REDIS_URL", "PORT", "HOST", "DJANGO_ALLOW_ASYNC_UNSAFE")}
    # The shared triage model build spares a rebuild in every fresh data folder.
    env.update(SELLERDESK_DATA_DIR=str(data_dir), SELLERDESK_TRIAGE_MODEL=str(artefact_path()),
               DJANGO_SETTINGS_MODULE="sellerdesk.settings", PYTHONUNBUFFERED="1")
    env.update(extra)
    return env


def sellerdesk(*args: str, env: dict[str, str], timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "sellerdesk.cli", *args], env=env, cwd=ROOT,
                          capture_output=True, text=True, timeout=timeout)


@contextlib.contextmanager
def running(*args: str, env: dict[str, str]):
    """`sellerdesk run ARGS` until the block ends; yields (port, output lines up to serving)."""
    port = free_port()
    env = dict(env, PORT=str(port), SELLERDESK_MAILSINK_PORT=str(free_port()))
    proc = subprocess.Popen([sys.executable, "-m", "sellerdesk.cli", "run", *args], env=env, cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True)
    lines = []
    try:
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            line = proc.stdout.readline()
            if not line:
                raise AssertionError("sellerdesk run stopped:\n" + "".join(lines))
            lines.append(line)
            if "task queue:" in line:  # the last line printed before serving
                break
        for _ in range(100):
            with contextlib.suppress(OSError):
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            time.sleep(0.1)
        yield port, lines
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)


def request(port: int, method: str, path: str, *, body: bytes | None = None, headers: dict | None = None):
    """(status, headers as a list of pairs, body) of one plain HTTP request to 127.0.0.1."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        return response.status, response.getheaders(), response.read()
    finally:
        conn.close()


def header(headers: list[tuple[str, str]], name: str) -> list[str]:
    return [v for k, v in headers if k.lower() == name.lower()]


def sign_in(port: int, username: str, password: str, *, https: bool = False) -> int:
    """Post the login form as a browser would; the answer's status (302: signed in)."""
    extra = {"X-Forwarded-Proto": "https"} if https else {}
    origin = f"{'https' if https else 'http'}://127.0.0.1:{port}"
    status, headers, body = request(port, "GET", "/login/", headers=extra)
    assert status == 200, (status, body[:300])
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1).decode()
    cookie = next(v.split(";")[0] for v in header(headers, "Set-Cookie") if v.startswith("csrftoken="))
    form = f"csrfmiddlewaretoken={token}&username={username}&password={password}".encode()
    status, _, _ = request(port, "POST", "/login/", body=form, headers={
        **extra, "Cookie": cookie, "Origin": origin, "Referer": origin + "/login/",
        "Content-Type": "application/x-www-form-urlencoded"})
    return status


def shell(code: str, *, env: dict[str, str]) -> str:
    """Run Python code in the installation (`sellerdesk shell`); its standard output."""
    done = sellerdesk("shell", "--no-imports", "-c", code, env=env)
    assert done.returncode == 0, done.stderr
    return done.stdout
