"""`sellerdesk backup FILE` then changes then `sellerdesk restore FILE --yes`: the original data is back,
on SQLite (online backup API) and PostgreSQL (pg_dump / pg_restore, custom format)."""

from __future__ import annotations

import subprocess
import sys

import pytest
from django.db import connection

from sellerdesk.channels.models import ChannelAccount
from sellerdesk.customers.models import Customer
from sellerdesk.lib import clock
from tests.backends import stack
from tests.backends.conftest import POSTGRESQL_DB, SQLITE_DB


def names() -> list[str]:
    connection.close()  # read what is in the database now, not what a kept connection saw
    return sorted(Customer.objects.values_list("name", flat=True))


def run(*args: str, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "sellerdesk.cli", *args], env=env, cwd=stack.ROOT,
                          capture_output=True, text=True, timeout=300)


@pytest.mark.parametrize("backend", [SQLITE_DB, POSTGRESQL_DB], indirect=True)
def test_backup_change_restore_finds_the_original_data(backend, tmp_path):
    account = ChannelAccount.objects.create(kind="email", name="Support", address="support@shop.example")
    Customer.objects.create(name="Jana Novak", created_at=clock.now())
    Customer.objects.create(name="王小明", created_at=clock.now())
    file = tmp_path / "desk.backup"

    done = stack.sellerdesk("backup", str(file), env=backend.env())
    assert done.stdout == f"Backed up the {backend.engine} database to {file}.\n"
    assert not (tmp_path / "desk.backup.partial").exists()
    assert file.read_bytes().startswith(b"SQLite format 3\x00" if backend.engine == "sqlite" else b"PGDMP")

    Customer.objects.filter(name="Jana Novak").update(name="Jana Changed")
    Customer.objects.create(name="Added Later", created_at=clock.now())
    ChannelAccount.objects.filter(pk=account.pk).delete()
    assert names() == ["Added Later", "Jana Changed", "王小明"]

    refused = run("restore", str(file), env=backend.env())
    assert refused.returncode == 1
    assert "run it again with --yes" in refused.stderr
    assert names() == ["Added Later", "Jana Changed", "王小明"]

    done = stack.sellerdesk("restore", str(file), "--yes", env=backend.env())
    assert done.stdout == f"Restored the {backend.engine} database from {file}.\n"
    assert names() == ["Jana Novak", "王小明"]
    assert list(ChannelAccount.objects.values_list("pk", "address")) == [(account.pk, "support@shop.example")]
    # The restored database is a working one: new rows get new ids after the restored ones.
    assert Customer.objects.create(name="After Restore", created_at=clock.now()).pk > max(
        Customer.objects.exclude(name="After Restore").values_list("pk", flat=True))


@pytest.mark.parametrize("backend", [SQLITE_DB, POSTGRESQL_DB], indirect=True)
def test_a_file_that_is_not_a_backup_is_refused_and_nothing_changes(backend, tmp_path):
    Customer.objects.create(name="Jana Novak", created_at=clock.now())
    bogus = tmp_path / "notes.txt"
    bogus.write_text("not a backup at all")
    refused = run("restore", str(bogus), "--yes", env=backend.env())
    assert refused.returncode == 1
    kind = "SQLite backup" if backend.engine == "sqlite" else "pg_dump custom-format backup"
    assert f"{bogus} is not a {kind}" in refused.stderr
    assert names() == ["Jana Novak"]


@pytest.mark.parametrize("backend", [SQLITE_DB], indirect=True)
def test_sqlite_backup_is_consistent_while_another_connection_writes(backend, tmp_path):
    """The online backup copies a committed state: a write transaction still open is not in it."""
    import sqlite3

    Customer.objects.create(name="Committed", created_at=clock.now())
    path = backend.database_url.removeprefix("sqlite:///")
    writer = sqlite3.connect(path, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("UPDATE customers_customer SET name = 'Uncommitted'")
    try:
        stack.sellerdesk("backup", str(tmp_path / "during.backup"), env=backend.env())
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    copy = sqlite3.connect(tmp_path / "during.backup")
    assert copy.execute("SELECT name FROM customers_customer").fetchall() == [("Committed",)]
    copy.close()
