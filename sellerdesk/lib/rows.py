"""Bulk INSERT and UPDATE of model objects, with the SQL built once per table.

What QuerySet.bulk_create and bulk_update do, for the intake's hot path: Django compiles the
INSERT anew for every call, value by value, and bulk_update writes a CASE expression per field
and row; for a batch of a hundred messages that cost more than the statements themselves
(docs/operations.md, "Throughput"). Here each (model, columns) gets its statement text and one
converter per column once, and a batch is a multi-row INSERT ... RETURNING id, or one
executemany of UPDATE ... WHERE id = %s (SQLite).

Objects are ordinary model instances: defaults are already set by their constructor, related
objects saved since they were assigned are picked up by id (as save() does), and after the
INSERT each object has its primary key and counts as loaded from the database.

On PostgreSQL an INSERT takes one array per column (INSERT ... SELECT * FROM UNNEST(...), as
bulk_create does there), and so does an UPDATE (UPDATE ... FROM UNNEST(...)): an executemany
there is one parse, bind and execute per row, which cost the server more than the rows' writes.
Parameters are bound on the server: the statement's text stays short and the same for any number
of rows.
"""

from __future__ import annotations

import datetime as dt
import json
from functools import lru_cache

from django.db import connection, models

# Rows per INSERT statement: SQLite allows 32766 parameters per statement (3.32+), PostgreSQL 65535.
MAX_PARAMS = 30000


def insert_rows(objs: list) -> None:
    """INSERT these new objects (all of one model) and set their primary keys."""
    if not objs:
        return
    plan = _insert_plan(type(objs[0]), connection.vendor)
    values = [plan.values(obj) for obj in objs]
    with server_cursor() as cursor:
        if plan.unnest:
            # PostgreSQL: one array per column, whatever the number of rows (as bulk_create does).
            cursor.execute(plan.unnest, [list(column) for column in zip(*values)])
            _set_ids(objs, cursor.fetchall())
            return
        per_statement = max(1, MAX_PARAMS // len(plan.fields))
        for start in range(0, len(objs), per_statement):
            chunk = values[start:start + per_statement]
            cursor.execute(plan.sql(len(chunk)), [v for row in chunk for v in row])
            _set_ids(objs[start:start + per_statement], cursor.fetchall())


def _set_ids(objs: list, ids: list) -> None:
    for obj, (pk,) in zip(objs, ids, strict=True):
        obj.pk = pk
        obj._state.adding, obj._state.db = False, connection.alias


def update_rows(objs: list, fields: list[str]) -> None:
    """UPDATE each object's `fields` by primary key: one statement on PostgreSQL, one executemany
    on SQLite. An object listed twice is written as it is last listed (as the executemany would)."""
    if not objs:
        return
    plan = _update_plan(type(objs[0]), tuple(fields), connection.vendor)
    with server_cursor() as cursor:
        if plan.unnest:
            last = {obj.pk: obj for obj in objs}  # UPDATE ... FROM writes a row once, whatever it joins
            columns = zip(*[[*plan.values(obj), pk] for pk, obj in last.items()])
            cursor.execute(plan.unnest, [list(column) for column in columns])
            return
        cursor.executemany(plan.sql(), [[*plan.values(obj), obj.pk] for obj in objs])


def server_cursor():
    """A cursor of the default connection (search/backends.py writes its rows with it too). On
    PostgreSQL one that binds parameters on the server, arrays as binary `%b` parameters:
    Django's cursors quote every value into the statement's text on the client, and for a
    statement of a hundred rows that costs more than the server's work (docs/operations.md)."""
    if connection.vendor != "postgresql":
        return connection.cursor()
    from django.db.backends.postgresql.base import ServerBindingCursor

    connection.ensure_connection()
    with connection.wrap_database_errors:
        raw = ServerBindingCursor(connection.connection)
    # Django's wrapper: errors as django.db exceptions, and counted/logged like any query.
    return connection.make_debug_cursor(raw) if connection.queries_logged else connection.make_cursor(raw)


def _array_types(fields) -> list[str]:
    return [f.db_type(connection).split("(")[0] for f in fields]  # varchar[], not varchar(50)[]


class _Plan:
    def __init__(self, model, fields: list):
        self.model, self.fields = model, fields
        self.attnames = [f.attname for f in fields]
        self.converters = [_converter(f) for f in fields]
        # ForeignKeys whose related object may have been assigned before it had an id.
        self.relations = [(f.name, f.attname) for f in fields if f.is_relation]
        self.table = connection.ops.quote_name(model._meta.db_table)
        self.columns = [connection.ops.quote_name(f.column) for f in fields]

    def values(self, obj) -> list:
        state = obj.__dict__
        cache = obj._state.fields_cache
        for name, attname in self.relations:
            related = cache.get(name)
            if related is not None and state.get(attname) is None:
                if related.pk is None:
                    raise ValueError(f"{self.model.__name__}.{name}: the related object is not saved yet")
                state[attname] = related.pk
        return [convert(state[a]) if convert else state[a] for a, convert in zip(self.attnames, self.converters)]


class _InsertPlan(_Plan):
    def __init__(self, model):
        super().__init__(model, [f for f in model._meta.concrete_fields if not f.primary_key])
        self._row = "(" + ", ".join(["%s"] * len(self.fields)) + ")"
        pk = connection.ops.quote_name(model._meta.pk.column)
        self._head = f"INSERT INTO {self.table} ({', '.join(self.columns)}) VALUES "
        self._tail = f" RETURNING {pk}"
        self._by_rows: dict[int, str] = {}
        self.unnest = ""
        if connection.vendor == "postgresql":
            types = _array_types(self.fields)
            # Binary parameters: an array of texts in text format is escaped value by value, ten
            # times the cost of the whole statement.
            arrays = ", ".join(f"(%b)::{t}[]" for t in types)
            self.unnest = f"INSERT INTO {self.table} ({', '.join(self.columns)}) SELECT * FROM UNNEST({arrays}) RETURNING {pk}"

    def sql(self, rows: int) -> str:
        sql = self._by_rows.get(rows)
        if sql is None:
            sql = self._by_rows[rows] = self._head + ", ".join([self._row] * rows) + self._tail
        return sql


class _UpdatePlan(_Plan):
    def __init__(self, model, names: tuple[str, ...]):
        super().__init__(model, [model._meta.get_field(n) for n in names])
        pk = connection.ops.quote_name(model._meta.pk.column)
        self._sql = f"UPDATE {self.table} SET {', '.join(f'{c} = %s' for c in self.columns)} WHERE {pk} = %s"
        self.unnest = ""
        if connection.vendor == "postgresql":
            types = _array_types([*self.fields, model._meta.pk])
            names = [f"v{i}" for i in range(len(types))]
            arrays = ", ".join(f"(%b)::{t}[]" for t in types)
            sets = ", ".join(f"{c} = v.{n}" for c, n in zip(self.columns, names))
            self.unnest = (f"UPDATE {self.table} AS t SET {sets} FROM UNNEST({arrays}) AS v({', '.join(names)}) "
                           f"WHERE t.{pk} = v.{names[-1]}")

    def sql(self) -> str:
        return self._sql


@lru_cache(maxsize=None)
def _insert_plan(model, vendor: str) -> _InsertPlan:
    return _InsertPlan(model)


@lru_cache(maxsize=None)
def _update_plan(model, names: tuple[str, ...], vendor: str) -> _UpdatePlan:
    return _UpdatePlan(model, names)


# Values of these fields go to the driver as they are (str, int, bool, float, None).
_PLAIN = (models.CharField, models.TextField, models.IntegerField, models.BooleanField, models.FloatField, models.ForeignKey)


def _converter(field):
    """None when the value needs no conversion, else a function that does what the field's own
    conversion (get_db_prep_save) does for the values the intake writes."""
    if isinstance(field, _PLAIN) and not isinstance(field, (models.JSONField, models.DecimalField)):
        if not field.is_relation or isinstance(field.target_field, (models.AutoField, models.BigAutoField, models.IntegerField)):
            return None
    if isinstance(field, models.DateTimeField):
        if connection.vendor == "postgresql":
            return None  # psycopg adapts aware datetimes itself
        if connection.vendor == "sqlite" and connection.timezone == dt.timezone.utc:
            return lambda value, field=field: _sqlite_datetime(value, field)
    if isinstance(field, models.JSONField) and field.encoder is None and connection.vendor == "sqlite":
        return json.dumps  # what SQLite's adapt_json_value does
    return lambda value, field=field: field.get_db_prep_save(value, connection)


def _sqlite_datetime(value, field):
    # Django stores an aware datetime on SQLite as the text of its naive UTC time.
    if value is None:
        return None
    if value.tzinfo is None or value.utcoffset() is None:
        return field.get_db_prep_save(value, connection)  # Django's warning and conversion
    return str(value.astimezone(dt.timezone.utc).replace(tzinfo=None))
