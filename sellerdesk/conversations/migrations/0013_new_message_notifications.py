"""New messages notify the live feed's listeners at commit (PostgreSQL; lib/newrows.py)."""

from django.db import migrations


def install(apps, schema_editor):
    from sellerdesk.lib import newrows

    newrows.install(schema_editor.connection, "conversations_message")


def uninstall(apps, schema_editor):
    from sellerdesk.lib import newrows

    newrows.uninstall(schema_editor.connection, "conversations_message")


class Migration(migrations.Migration):

    dependencies = [
        ("conversations", "0012_report_indexes_declared"),
    ]

    operations = [
        migrations.RunPython(install, uninstall),
    ]
