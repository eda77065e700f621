"""Small SQL expressions the reports group by, written for SQLite and PostgreSQL, so counting
stays in the database (no Python per row, no per-row user functions on SQLite)."""

from __future__ import annotations

from django.db.models import CharField, FloatField, Func


class LocalDay(Func):
    """The date ('YYYY-MM-DD') of a UTC datetime column in a time zone.

    PostgreSQL converts exactly; SQLite shifts by the zone's offset at the start of the range
    (`offset_minutes`): a report across a DST change may put the hour around midnight on the
    neighbouring day.
    """

    output_field = CharField()

    def __init__(self, expression, *, zone: str, offset_minutes: int):
        super().__init__(expression)
        self.zone, self.offset_minutes = zone, offset_minutes

    def as_sqlite(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"date({sql}, %s)", [*params, f"{self.offset_minutes:+d} minutes"]

    def as_postgresql(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"to_char(({sql}) AT TIME ZONE %s, 'YYYY-MM-DD')", [*params, self.zone]


class SecondsBetween(Func):
    """later - earlier, in seconds."""

    output_field = FloatField()

    def as_sqlite(self, compiler, connection, **extra):
        (a, pa), (b, pb) = (compiler.compile(e) for e in self.source_expressions)
        return f"((julianday({a}) - julianday({b})) * 86400.0)", [*pa, *pb]

    def as_postgresql(self, compiler, connection, **extra):
        (a, pa), (b, pb) = (compiler.compile(e) for e in self.source_expressions)
        return f"EXTRACT(EPOCH FROM ({a} - {b}))", [*pa, *pb]


class FirstItem(Func):
    """A field of the first line item of an order's items JSON ("sku", "title")."""

    output_field = CharField()

    def __init__(self, expression, *, key: str):
        super().__init__(expression)
        if not key.isidentifier():
            raise ValueError(key)
        self.key = key

    def as_sqlite(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"json_extract({sql}, '$[0].{self.key}')", params

    def as_postgresql(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"(({sql})::jsonb -> 0 ->> '{self.key}')", params
