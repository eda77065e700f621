"""/healthz answers without the database; /readyz names each part that keeps the desk from working."""

import json
import os
import socket
import subprocess
import sys

import pytest
from django.db import connection
from django.test import Client

from sellerdesk.ops import health
from tests.backends import stack


@pytest.fixture(autouse=True)
def _migrations_checked_afresh(monkeypatch):
    monkeypatch.setattr(health, "_migrations_seen_applied", False)


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_healthz_answers_without_a_query(db, django_assert_num_queries):
    with django_assert_num_queries(0):
        r = Client().get("/healthz", HTTP_AUTHORIZATION="Bearer wrong")
    assert (r.status_code, r.json()) == (200, {"status": "ok"})
    assert "no-cache" in r["Cache-Control"]


def test_readyz_reports_every_part_ready(db, settings):
    settings.TASK_BACKEND = "db"
    r = Client().get("/readyz")
    assert r.status_code == 200
    assert r.json() == {
        "status": "ok",
        "failing": [],
        "checks": {
            "database": {"ok": True, "vendor": connection.vendor},
            "migrations": {"ok": True},
            "queue": {"ok": True, "backend": "db"},
            "storage": {"ok": True, "backend": "database"},
        },
    }


def test_readyz_leaves_no_probe_file_behind(db, settings, tmp_path):
    settings.TASK_BACKEND = "db"
    settings.STORAGES = {**settings.STORAGES, "blobs": {"BACKEND": "django.core.files.storage.FileSystemStorage",
                                                        "OPTIONS": {"location": str(tmp_path / "blobs")}}}
    r = Client().get("/readyz")
    assert (r.status_code, r.json()["checks"]["storage"]) == (200, {"ok": True, "backend": "FileSystemStorage"})
    assert list((tmp_path / "blobs" / "readyz").iterdir()) == []


def test_readyz_names_a_migration_not_applied(db, settings):
    settings.TASK_BACKEND = "db"
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM django_migrations WHERE app = 'csat' AND name = '0001_initial'")
    r = Client().get("/readyz")
    assert r.status_code == 503
    body = r.json()
    assert body["failing"] == ["migrations"]
    assert body["checks"]["migrations"]["ok"] is False
    assert "csat.0001_initial" in body["checks"]["migrations"]["error"]
    assert body["checks"]["migrations"]["unapplied"] == len(health.unapplied_migrations()) >= 1


def test_readyz_names_an_unreachable_redis(db, settings):
    port = closed_port()
    settings.TASK_BACKEND, settings.REDIS_URL = "rq", f"redis://127.0.0.1:{port}/0"
    r = Client().get("/readyz")
    assert r.status_code == 503
    body = r.json()
    assert body["failing"] == ["queue"]
    assert body["checks"]["queue"]["backend"] == "rq"
    assert f"connecting to 127.0.0.1:{port}" in body["checks"]["queue"]["error"]


@pytest.mark.redis
def test_readyz_reaches_a_real_redis(db, settings):
    if not stack.reachable(stack.REDIS_HOST, stack.REDIS_PORT):
        pytest.skip("Redis not reachable at 127.0.0.1:6379")
    settings.TASK_BACKEND, settings.REDIS_URL = "rq", f"redis://{stack.REDIS_HOST}:{stack.REDIS_PORT}/0"
    r = Client().get("/readyz")
    assert (r.status_code, r.json()["checks"]["queue"]) == (200, {"ok": True, "backend": "rq"})


def test_readyz_names_storage_that_cannot_be_written(db, settings, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    settings.TASK_BACKEND = "db"
    settings.STORAGES = {**settings.STORAGES, "blobs": {"BACKEND": "django.core.files.storage.FileSystemStorage",
                                                        "OPTIONS": {"location": str(blocker / "blobs")}}}
    r = Client().get("/readyz")
    assert r.status_code == 503
    body = r.json()
    assert body["failing"] == ["storage"]
    assert "Not a directory" in body["checks"]["storage"]["error"]


SCRIPT = """
import django
django.setup()
from django.test import Client
for path in ("/healthz", "/readyz"):
    r = Client().get(path, HTTP_HOST="127.0.0.1")  # one of the default allowed hosts
    print(r.status_code, r.content.decode())
"""


def test_database_that_cannot_be_opened_fails_readyz_not_healthz(tmp_path):
    # A separate process whose database file lives in a directory that does not exist:
    # SQLite really fails to open it, no stand-in.
    env = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="sellerdesk.settings",
        DATABASE_URL=f"sqlite:///{tmp_path / 'missing' / 'db.sqlite3'}",
        SELLERDESK_DATA_DIR=str(tmp_path),
        SELLERDESK_TASK_BACKEND="db",
        SELLERDESK_LOG_LEVEL="CRITICAL",
    )
    done = subprocess.run([sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    alive, ready = done.stdout.splitlines()
    assert alive == '200 {"status": "ok"}'
    status, body = ready.split(" ", 1)
    assert status == "503"
    assert json.loads(body) == {
        "status": "error",
        "failing": ["database", "migrations", "queue"],
        "checks": {
            "database": {"ok": False, "vendor": "sqlite", "error": "unable to open database file"},
            "migrations": {"ok": False, "error": "database unreachable"},
            "queue": {"ok": False, "backend": "db", "error": "unable to open database file"},
            "storage": {"ok": True, "backend": "database"},
        },
    }
