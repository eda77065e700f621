"""Settings from the environment: `NAME=` (set but empty, as env and compose files write it) means
the default, and a malformed number stops the start with the variable's name."""

from __future__ import annotations

import subprocess
import sys

from tests.servers.desk import ROOT, env_for

SHOW = ("from django.conf import settings as s; "
        "print(s.EMAIL_PORT, s.INGEST_BATCH, s.INGEST_HELPERS, s.WEBCHAT_POLL_SECONDS, s.TASK_BACKEND, s.BASE_URL, "
        "s.SESSION_COOKIE_SECURE, ' '.join(s.ALLOWED_HOSTS))")


def _settings(tmp_path, **env) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", SHOW], env=env_for(tmp_path, **env), cwd=ROOT,
                          capture_output=True, text=True, timeout=120)


def test_empty_values_mean_the_defaults(tmp_path):
    empty = {name: "" for name in ("SELLERDESK_SMTP_PORT", "SELLERDESK_INGEST_BATCH", "SELLERDESK_INGEST_HELPERS",
                                   "SELLERDESK_WEBCHAT_POLL_SECONDS", "SELLERDESK_TASK_BACKEND", "SELLERDESK_BASE_URL",
                                   "SELLERDESK_SECURE_COOKIES", "SELLERDESK_ALLOWED_HOSTS")}
    done = _settings(tmp_path, **empty)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["587", "100", "None", "0.1", "db", "http://127.0.0.1:8000", "False",
                                   "localhost", "127.0.0.1", "[::1]"]


def test_values_given_are_read(tmp_path):
    done = _settings(tmp_path, SELLERDESK_SMTP_PORT=" 465 ", SELLERDESK_INGEST_BATCH="20", SELLERDESK_INGEST_HELPERS="0",
                     SELLERDESK_WEBCHAT_POLL_SECONDS="0.5", SELLERDESK_BASE_URL="https://desk.shop.example",
                     SELLERDESK_SECURE_COOKIES="yes", SELLERDESK_ALLOWED_HOSTS="desk.shop.example, 10.0.0.5")
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["465", "20", "0", "0.5", "db", "https://desk.shop.example", "True",
                                   "desk.shop.example", "10.0.0.5"]


def test_a_malformed_number_names_the_variable(tmp_path):
    done = _settings(tmp_path, SELLERDESK_INGEST_BATCH="100 mails")
    assert done.returncode == 1
    assert "ImproperlyConfigured: SELLERDESK_INGEST_BATCH must be a whole number, not '100 mails'" in done.stderr


def test_an_empty_port_or_host_is_the_default_of_the_servers(tmp_path):
    code = ("import django; django.setup(); from sellerdesk.ops.management.commands import run, web\n"
            "for m in (run, web):\n"
            "    p = m.Command().create_parser('sellerdesk', m.__name__.rsplit('.', 1)[1])\n"
            "    print(p.get_default('host'), p.get_default('port'))")
    done = subprocess.run([sys.executable, "-c", code], env=env_for(tmp_path, PORT="", HOST=""),
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["127.0.0.1 8000", "127.0.0.1 8000"]
