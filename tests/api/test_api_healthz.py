import json
import os
import subprocess
import sys

from django.db import connection
from django.test import Client


def test_healthz_reports_database_and_queue(db, settings):
    settings.TASK_BACKEND = "db"
    r = Client().get("/healthz")
    assert r.status_code == 200
    assert r.json() == {
        "status": "ok",
        "database": {"vendor": connection.vendor, "ok": True},
        "queue": {"backend": "db", "ready": 0, "running": 0, "ok": True, "unprocessed_deliveries": 0, "failed_deliveries": 0},
    }


def test_healthz_needs_no_login(db):
    assert Client().get("/healthz", HTTP_AUTHORIZATION="Bearer wrong").status_code == 200


SCRIPT = """
import django
django.setup()
from django.test import Client
r = Client().get("/healthz", HTTP_HOST="127.0.0.1")  # one of the default allowed hosts
print(r.status_code)
print(r.content.decode())
"""


def test_healthz_is_503_when_the_database_cannot_be_opened(tmp_path):
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
    status, body = done.stdout.split("\n", 1)
    assert status == "503"
    assert json.loads(body) == {
        "status": "error",
        "database": {"vendor": "sqlite", "ok": False, "error": "unable to open database file"},
        "queue": {"backend": "db", "ok": False, "error": "unable to open database file"},
    }
