"""New transcript lines notify the widget streams' listeners at commit (PostgreSQL; lib/newrows.py)."""

from django.db import migrations


def install(apps, schema_editor):
    from sellerdesk.lib import newrows

    newrows.install(schema_editor.connection, "webchat_chatevent")


def uninstall(apps, schema_editor):
    from sellerdesk.lib import newrows

    newrows.uninstall(schema_editor.connection, "webchat_chatevent")


class Migration(migrations.Migration):

    dependencies = [
        ("webchat", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(install, uninstall),
    ]
