"""The search index tables (sellerdesk/search/backends.py), filled from what is already stored."""

from django.db import migrations

from sellerdesk.search import backends


def create(apps, schema_editor):
    backends.create_tables(schema_editor)


def fill(apps, schema_editor):
    from sellerdesk.search import index

    index.reindex_all()


def drop(apps, schema_editor):
    backends.drop_tables(schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("conversations", "0004_thread_key_index"),
        ("customers", "0002_merges"),
        ("orders", "0002_webhook_fields"),
    ]

    operations = [
        migrations.RunPython(create, drop),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
