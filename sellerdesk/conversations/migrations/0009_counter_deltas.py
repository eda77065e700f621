"""PostgreSQL: the counters' trigger function applies each statement's net change per key.

An UPDATE that changes no key (a new message's time) no longer locks counter rows, and the rows
that change are locked in key order (docs/scale.md). Replacing a function takes no table lock.
"""

from django.db import migrations


def replace_function(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        from sellerdesk.conversations import counts

        with schema_editor.connection.cursor() as cur:
            cur.execute(counts.POSTGRES_FUNCTION)


class Migration(migrations.Migration):

    dependencies = [
        ("conversations", "0008_message_answered_at"),
    ]

    operations = [
        migrations.RunPython(replace_function, migrations.RunPython.noop),
    ]
