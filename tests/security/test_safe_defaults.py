"""Finding 1 and 3, item 1: a fresh install — and above all a production one — is safe by default."""

from __future__ import annotations

import base64
import hashlib
import sqlite3
import stat
import subprocess
import sys

import pytest
from cryptography.fernet import Fernet, InvalidToken

from tests.servers.desk import ROOT, env_for, header, request, running, sellerdesk, sign_in

PUBLISHED_LOGIN = ("demo", "sellerdesk-demo")  # README and docs/demo.md print it
STRONG_SECRET = "k7Qf2-rT9xLmV3pZ8wYb1NcD6hJs4GaE0uKiO5yRqXtWvBnMlPzAe"
GOOD_FERNET = Fernet.generate_key().decode()


def _users(data_dir) -> list[str]:
    """Usernames in the installation's database (none before it was ever migrated)."""
    with sqlite3.connect(data_dir / "sellerdesk.sqlite3") as db:
        if not db.execute("SELECT 1 FROM sqlite_master WHERE name = 'auth_user'").fetchone():
            return []
        return [r[0] for r in db.execute("SELECT username FROM auth_user ORDER BY username")]


def _mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_run_without_the_demo_flag_has_no_demo_login(tmp_path):
    with running(env=env_for(tmp_path)) as (port, lines):
        assert sign_in(port, *PUBLISHED_LOGIN) == 200  # the form again: not signed in
    assert "Demo login" not in "".join(lines)
    assert _users(tmp_path) == []


def test_production_refuses_the_demo(tmp_path):
    env = env_for(tmp_path, SELLERDESK_PRODUCTION="1")
    run = sellerdesk("run", "--demo", env=env, timeout=120)
    assert run.returncode == 1
    assert "SELLERDESK_PRODUCTION is set: the demo data cannot be loaded (its login and password are published)." in run.stderr
    seed = sellerdesk("seed_demo", env=env, timeout=120)
    assert seed.returncode == 1
    assert "the demo data cannot be loaded" in seed.stderr
    assert _users(tmp_path) == []


def test_production_start_locks_a_demo_login_left_from_a_trial(tmp_path):
    trial = env_for(tmp_path)
    assert sellerdesk("migrate", env=trial).returncode == 0
    assert sellerdesk("createagent", "demo", "--password", "sellerdesk-demo", "--role", "admin", env=trial).returncode == 0
    with running(env=env_for(tmp_path, SELLERDESK_PRODUCTION="1")) as (port, lines):
        assert sign_in(port, *PUBLISHED_LOGIN, https=True) == 200
    assert "Production: the demo login 'demo' had the published password; it can no longer sign in." in "".join(lines)


def test_first_start_writes_private_random_keys(tmp_path):
    first, second = tmp_path / "one", tmp_path / "two"
    for data in (first, second):
        done = sellerdesk("migrate", env=env_for(data))
        assert done.returncode == 0, done.stderr
        assert _mode(data) == 0o700
        for name in ("secret_key", "encryption_key", "sellerdesk.sqlite3"):
            assert _mode(data / name) == 0o600, name
    secret = (first / "secret_key").read_text().strip()
    assert len(secret) >= 50
    assert secret != (second / "secret_key").read_text().strip()
    assert (first / "encryption_key").read_text() != (second / "encryption_key").read_text()
    Fernet((first / "encryption_key").read_text().strip().encode())  # a well-formed key


def test_an_empty_data_folder_setting_is_the_default_not_the_working_folder(tmp_path):
    env = env_for(tmp_path, SELLERDESK_DATA_DIR="")
    done = subprocess.run([sys.executable, "-c", "from django.conf import settings; print(settings.DATA_DIR)"],
                          env=env, cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == str(ROOT / "var")
    assert sorted(p.name for p in tmp_path.iterdir()) == []  # no key file where the command ran


def test_an_existing_world_readable_database_is_made_private(tmp_path):
    data = tmp_path / "data"
    data.mkdir(mode=0o755)
    (data / "sellerdesk.sqlite3").touch(mode=0o644)
    (data / "sellerdesk.sqlite3").chmod(0o644)
    assert sellerdesk("check", env=env_for(data)).returncode == 0
    assert (_mode(data), _mode(data / "sellerdesk.sqlite3")) == (0o700, 0o600)


def test_credentials_cannot_be_read_with_a_key_derived_from_the_source(db):
    from sellerdesk.channels.models import ChannelAccount

    account = ChannelAccount(kind="email", name="Support", address="s@shop.example")
    account.credentials = {"smtp_password": "hunter2-secret"}
    account.save()
    token = ChannelAccount.objects.values_list("credentials_encrypted", flat=True).get().encode()
    # What an attacker derives from the published development secret.
    derived = base64.urlsafe_b64encode(hashlib.sha256(b"sellerdesk-credentials:sellerdesk-insecure-development-key-change-me").digest())
    with pytest.raises(InvalidToken):
        Fernet(derived).decrypt(token)


@pytest.mark.parametrize("variable, value, refusal", [
    ("SELLERDESK_SECRET_KEY", "abcde", "SELLERDESK_SECRET_KEY must be at least 50 random characters"),
    ("SELLERDESK_SECRET_KEY", "sellerdesk-insecure-development-key-change-me", "SELLERDESK_SECRET_KEY is a published development key"),
    ("SELLERDESK_ENCRYPTION_KEY", "not-a-fernet-key", "SELLERDESK_ENCRYPTION_KEY (key 1) decodes to 12 bytes, a Fernet key is 32"),
    ("SELLERDESK_ALLOWED_HOSTS", "*", "SELLERDESK_ALLOWED_HOSTS must name this desk's host names, not *"),
    ("SELLERDESK_DEBUG", "1", "SELLERDESK_DEBUG must be off (debug pages show settings and data)"),
])
def test_production_refuses_weak_settings(tmp_path, variable, value, refusal):
    env = env_for(tmp_path, SELLERDESK_PRODUCTION="1", SELLERDESK_SECRET_KEY=STRONG_SECRET,
                  SELLERDESK_ENCRYPTION_KEY=GOOD_FERNET, SELLERDESK_ALLOWED_HOSTS="desk.example.com")
    env[variable] = value
    done = sellerdesk("check", env=env, timeout=120)
    assert done.returncode == 1
    assert f"SELLERDESK_PRODUCTION is set and these settings are refused: {refusal}." in done.stderr


def test_production_deploy_check_is_clean(tmp_path):
    env = env_for(tmp_path, SELLERDESK_PRODUCTION="1", SELLERDESK_ALLOWED_HOSTS="desk.example.com")
    done = sellerdesk("check", "--deploy", "--fail-level", "WARNING", env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "System check identified no issues (0 silenced)."


def test_production_instance_behind_a_tls_proxy(tmp_path):
    env = env_for(tmp_path, SELLERDESK_PRODUCTION="1", SELLERDESK_MAX_REQUEST_BYTES=str(1024 * 1024))
    with running(env=env) as (port, _):
        # Plain HTTP is sent to HTTPS; the local health check is not.
        status, headers, _ = request(port, "GET", "/login/")
        assert (status, header(headers, "Location")) == (301, [f"https://127.0.0.1:{port}/login/"])
        assert request(port, "GET", "/healthz")[0] == 200
        # Through the proxy (X-Forwarded-Proto from 127.0.0.1): HSTS, CSP, Secure cookies.
        status, headers, body = request(port, "GET", "/login/", headers={"X-Forwarded-Proto": "https"})
        assert status == 200
        assert header(headers, "Strict-Transport-Security") == ["max-age=31536000; includeSubDomains; preload"]
        [csp] = header(headers, "Content-Security-Policy")
        assert "script-src 'self';" in csp and "frame-ancestors 'none'" in csp and "unsafe" not in csp
        [cookie] = header(headers, "Set-Cookie")
        assert cookie.startswith("csrftoken=") and "; Secure" in cookie
        assert b"<script>" not in body
        # The server refuses an oversized body before Django reads it.
        status, _, _ = request(port, "POST", "/hooks/shopify/1/", body=b"x" * (2 * 1024 * 1024),
                               headers={"X-Forwarded-Proto": "https", "Content-Type": "application/json"})
        assert status == 413
