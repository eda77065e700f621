"""PostgreSQL: every index row gets its band term (`~N`, backends.BAND), which searches ask for
newest first. SQLite's FTS5 needs none."""

from django.db import migrations

from sellerdesk.search.backends import BAND


def add_band_terms(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, column in (("search_message", "message_id"), ("search_conversation", "conversation_id")):
        schema_editor.execute(
            f"UPDATE {table} SET terms = terms || array_to_tsvector(ARRAY['~' || ({column} / {BAND})::text])"
        )


class Migration(migrations.Migration):
    dependencies = [("search", "0001_index_tables")]

    operations = [migrations.RunPython(add_band_terms, migrations.RunPython.noop)]
