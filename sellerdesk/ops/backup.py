"""A copy of the database into one file, and back (`sellerdesk backup FILE`, `sellerdesk restore FILE`).

SQLite: the online backup API (sqlite3.Connection.backup) copies a consistent snapshot page by page
while the desk keeps running and writing. PostgreSQL: pg_dump's custom format (compressed, restored
by pg_restore in one transaction). Each writes to FILE.partial and renames it when complete, so a
file at FILE is always a whole backup.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.db import connection

SQLITE_HEADER = b"SQLite format 3\x00"
PG_DUMP_HEADER = b"PGDMP"


class BackupError(Exception):
    pass


def engine() -> str:
    vendor = connection.vendor
    if vendor not in ("sqlite", "postgresql"):
        raise BackupError(f"no backup for the {vendor} database")
    return vendor


def backup(target: Path) -> str:
    """Write the whole database to `target`. Returns the engine's name."""
    target = Path(target)
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    kind = engine()
    try:
        if kind == "sqlite":
            _sqlite_copy(Path(connection.settings_dict["NAME"]), partial)
        else:
            _run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--file={partial}", *_pg_target()])
        partial.replace(target)
    finally:
        partial.unlink(missing_ok=True)
    return kind


def restore(source: Path) -> str:
    """Replace the database's content with the backup at `source`. Returns the engine's name.

    The desk must be stopped: web servers and workers would go on with what they had read.
    """
    source = Path(source)
    kind = engine()
    head = _head(source)
    if kind == "sqlite":
        if not head.startswith(SQLITE_HEADER):
            raise BackupError(f"{source} is not a SQLite backup")
        _check_sqlite_backup(source)
        connection.close()
        _sqlite_copy(source, Path(connection.settings_dict["NAME"]))
    else:
        if not head.startswith(PG_DUMP_HEADER):
            raise BackupError(f"{source} is not a pg_dump custom-format backup")
        connection.close()
        # --clean drops what the backup holds before recreating it; one transaction: all or nothing.
        _run(["pg_restore", "--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction",
              "--exit-on-error", *_pg_target(dbname_flag=True), str(source)])
    return kind


def _sqlite_copy(source: Path, target: Path) -> None:
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        dst = sqlite3.connect(target)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()


def _check_sqlite_backup(source: Path) -> None:
    """A restore refuses a file that is not a whole SellerDesk database before touching anything."""
    db = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        if db.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            raise BackupError(f"{source} is damaged (SQLite integrity check failed)")
        if db.execute("SELECT count(*) FROM sqlite_master WHERE name = 'django_migrations'").fetchone()[0] != 1:
            raise BackupError(f"{source} is not a SellerDesk database (no migrations table)")
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"{source} cannot be read as SQLite: {exc}") from exc
    finally:
        db.close()


def _head(path: Path) -> bytes:
    try:
        with open(path, "rb") as f:
            return f.read(16)
    except OSError as exc:
        raise BackupError(f"cannot read {path}: {exc.strerror}") from exc


def _pg_target(dbname_flag: bool = False) -> list[str]:
    s = connection.settings_dict
    args = []
    if s.get("HOST"):
        args.append(f"--host={s['HOST']}")
    if s.get("PORT"):
        args.append(f"--port={s['PORT']}")
    if s.get("USER"):
        args.append(f"--username={s['USER']}")
    args.append(f"--dbname={s['NAME']}" if dbname_flag else s["NAME"])
    return args


def _run(command: list[str]) -> None:
    if shutil.which(command[0]) is None:
        raise BackupError(f"{command[0]} is not installed (PostgreSQL's client tools, the same major version as the server)")
    env = dict(os.environ)
    password = connection.settings_dict.get("PASSWORD")
    if password:
        env["PGPASSWORD"] = password  # not on the command line, where `ps` would show it
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise BackupError(f"{command[0]} failed ({done.returncode}): {done.stderr.strip()}")
