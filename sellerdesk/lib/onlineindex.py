"""AddIndex that does not stop writers on a live PostgreSQL.

A plain CREATE INDEX holds a SHARE lock on the table until it is built: on a million
conversations the intake and every action wait for it. PostgreSQL builds it CONCURRENTLY
(the migration must be `atomic = False`); SQLite, one writer anyway, builds it as usual.
"""

from __future__ import annotations

from django.contrib.postgres.operations import AddIndexConcurrently
from django.db import migrations


class AddIndexOnline(AddIndexConcurrently):
    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            return super().database_forwards(app_label, schema_editor, from_state, to_state)
        return migrations.AddIndex.database_forwards(self, app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            return super().database_backwards(app_label, schema_editor, from_state, to_state)
        return migrations.AddIndex.database_backwards(self, app_label, schema_editor, from_state, to_state)


class DropColumnIndexOnline(migrations.AlterField):
    """`AlterField(..., db_index=False)` that only drops the column's own index.

    Django's AlterField drops and re-adds the foreign key around the index (PostgreSQL then checks
    every row again under a lock that stops writers) and SQLite copies the whole table. Neither is
    needed to drop an index: the model state changes as AlterField says; the database loses the
    plain (non-unique) indexes on exactly this one column — on PostgreSQL CONCURRENTLY (the
    migration must be `atomic = False`), including the `_like` index Django adds to text columns.
    Going back creates the index again (plainly: a rollback is not a live upgrade)."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        model = to_state.apps.get_model(app_label, self.model_name)
        table, column = model._meta.db_table, model._meta.get_field(self.name).column
        concurrently = " CONCURRENTLY" if schema_editor.connection.vendor == "postgresql" else ""
        for name in single_column_indexes(schema_editor.connection, table, column):
            schema_editor.execute(f"DROP INDEX{concurrently} IF EXISTS {schema_editor.quote_name(name)}")

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        # Django passes the later state as from_state here: altering from it to to_state adds the index.
        migrations.AlterField.database_forwards(self, app_label, schema_editor, from_state, to_state)

    def describe(self):
        return f"Drop the index of {self.model_name}.{self.name} alone (others lead with it)"


def single_column_indexes(connection, table: str, column: str) -> list[str]:
    """Names of the plain indexes on exactly `table`(`column`): not unique, not the primary key,
    not partial (a partial index has a `WHERE`, which introspection does not show)."""
    with connection.cursor() as cursor:
        found = connection.introspection.get_constraints(cursor, table)
    names = [name for name, c in found.items()
             if c["index"] and not c["unique"] and not c["primary_key"] and c["columns"] == [column]]
    if not names:
        return []
    if connection.vendor == "postgresql":
        query = "SELECT indexname FROM pg_indexes WHERE tablename = %s AND indexname = ANY(%s) AND indexdef NOT LIKE '%%WHERE%%'"
        params = [table, names]
    else:
        query = (f"SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = %s AND name IN ({', '.join(['%s'] * len(names))})"
                 " AND upper(sql) NOT LIKE '%%WHERE%%'")
        params = [table, *names]
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        return sorted(row[0] for row in cursor.fetchall())
