"""The response-metrics trigger functions plan with sequential scans off (PostgreSQL).

A plan kept by PL/pgSQL from while the desk was small read the whole conversations table once per
written batch as it grew; replacing the functions takes no lock on the messages table."""

from django.db import migrations


def replace(apps, schema_editor):
    from sellerdesk.metrics import responses

    if schema_editor.connection.vendor == "postgresql":
        responses.replace_functions(schema_editor.connection)


class Migration(migrations.Migration):

    dependencies = [
        ("metrics", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(replace, migrations.RunPython.noop, elidable=True),
    ]
