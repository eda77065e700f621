"""Transaction-long locks on names of rows not written yet (PostgreSQL advisory locks).

Two workers writing batches at once may both find no buyer with an address and both create one:
the second insert then fails on the unique key and its whole batch is written again (or, after
repeated collisions, one delivery per transaction). Locking the names a batch is about to create
before it reads them makes the second wait for the first's commit and then read its rows.
"""

from __future__ import annotations

import hashlib

from django.db import connection

# The first key of pg_advisory_xact_lock(int, int): the intake's names, apart from other users of
# advisory locks (the two-key space does not overlap the one-key space of ops/leader.py).
INTAKE_NAMES = 0x5D1E


def key_of(name: str) -> int:
    """A signed 32-bit key for a name (two names sharing one only wait for each other)."""
    return int.from_bytes(hashlib.blake2b(name.encode("utf-8", "surrogatepass"), digest_size=4).digest(), "big", signed=True)


def lock_names(names) -> bool:
    """Lock these names until the transaction ends, in key order (two transactions locking
    overlapping sets never wait for each other crosswise). False where there is nothing to do:
    SQLite has one writer at a time."""
    if connection.vendor != "postgresql":
        return False
    keys = sorted({key_of(n) for n in names})
    if not keys:
        return False
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(pg_advisory_xact_lock(%s, k)) FROM (SELECT unnest(%s::int[]) AS k ORDER BY k) AS keys",
            [INTAKE_NAMES, keys],
        )
    return True
