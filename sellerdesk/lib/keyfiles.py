"""The service's private files: the data folder (0700), key files and the SQLite database (0600).

Used by settings.py, so it imports nothing from Django. A key missing from the environment is
read from a file in the data folder, created with a random value on first start. Several
processes may start at once (web, worker, scheduler): a key file is written under a temporary
name and linked into place, so a process sees either no file or the whole key, and exactly one
value wins.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Callable


def _owned(path: Path) -> bool:
    try:
        return path.stat().st_uid == os.getuid()
    except FileNotFoundError:
        return False


def private_dir(path: Path) -> None:
    """Create `path` readable only by this user; tighten it if it exists and is ours."""
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    if _owned(path) and path.stat().st_mode & 0o077:
        path.chmod(0o700)


def private_file(path: Path, *, create: bool = False) -> None:
    """Make `path` 0600 if it is ours; with `create`, an empty one first where the folder exists."""
    if create and path.parent.is_dir() and not path.exists():
        try:
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        except FileExistsError:
            pass
    if _owned(path) and path.stat().st_mode & 0o077:
        path.chmod(0o600)


def read_or_create(path: Path, make: Callable[[], str]) -> str:
    """The stripped text of the key file `path`, written with make() the first time."""
    if not path.exists():
        tmp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with os.fdopen(fd, "w") as out:
                out.write(make() + "\n")
                out.flush()
                os.fsync(out.fileno())
            try:
                os.link(tmp, path)  # fails if another process was first: its key is the one
            except FileExistsError:
                pass
        finally:
            tmp.unlink(missing_ok=True)
    private_file(path)
    return path.read_text().strip()


def replace(path: Path, text: str) -> None:
    """Write a key file atomically (0600), replacing what was there (key rotation)."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as out:
        out.write(text.strip() + "\n")
        out.flush()
        os.fsync(out.fileno())
    os.replace(tmp, path)


def key_list(text: str) -> list[str]:
    """Keys given comma- or line-separated, newest first."""
    return [k.strip() for k in text.replace("\n", ",").split(",") if k.strip()]


def new_secret_key() -> str:
    return secrets.token_urlsafe(50)


def new_encryption_key() -> str:
    from cryptography.fernet import Fernet

    return Fernet.generate_key().decode()
