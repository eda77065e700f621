"""The date of a UTC datetime column in a time zone, computed in SQL, exact across DST changes.

PostgreSQL converts with AT TIME ZONE. SQLite has no zone data: the period is cut where the
zone's offset changes (found here in Python, at most a few cuts a year) and each piece is
shifted by its own offset.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo

from django.db.models import CharField, Func

STEP = dt.timedelta(hours=1)


def offsets(zone: zoneinfo.ZoneInfo, since: dt.datetime, until: dt.datetime) -> list[tuple[int | None, int]]:
    """[(start epoch second or None for the first piece, UTC offset in seconds)] over [since, until]."""
    def offset(t: dt.datetime) -> int:
        return int(t.astimezone(zone).utcoffset().total_seconds())

    pieces = [(None, offset(since))]
    t = since
    while t < until:
        nxt = min(t + STEP, until)
        if offset(nxt) != pieces[-1][1]:
            lo, hi = t, nxt  # the change lies in (lo, hi]: found to the second
            while hi - lo > dt.timedelta(seconds=1):
                mid = lo + (hi - lo) / 2
                lo, hi = (lo, mid) if offset(mid) != pieces[-1][1] else (mid, hi)
            hi = hi.replace(microsecond=0)  # changes fall on whole seconds: the one in (lo, hi]
            pieces.append((int(hi.timestamp()), offset(hi)))
        t = nxt
    return pieces


class LocalDate(Func):
    """'YYYY-MM-DD' of `expression` (a UTC datetime) in `zone`, for values between `since` and `until`."""

    output_field = CharField()

    def __init__(self, expression, *, zone: str, since: dt.datetime, until: dt.datetime):
        super().__init__(expression)
        self.zone, self.pieces = zone, offsets(zoneinfo.ZoneInfo(zone), since, until)

    def as_sqlite(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.source_expressions[0])
        epoch = f"CAST(strftime('%%s', {sql}) AS INTEGER)"
        *changes, (_, last) = [(start, off) for start, off in reversed(self.pieces)]
        # Newest piece first: each WHEN tests "at or after this piece's start".
        whens = " ".join(f"WHEN {epoch} >= {start} THEN date({epoch} + {off}, 'unixepoch')" for start, off in changes)
        out = f"(CASE {whens} ELSE date({epoch} + {last}, 'unixepoch') END)" if changes else f"date({epoch} + {last}, 'unixepoch')"
        return out, list(params) * (2 * len(changes) + 1)

    def as_postgresql(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"to_char(({sql}) AT TIME ZONE %s, 'YYYY-MM-DD')", [*params, self.zone]
