"""Load the starter reply templates on a fresh install (idempotent: only missing variants are added)."""

from django.db import migrations


def load(apps, schema_editor):
    from sellerdesk.lib import clock
    from sellerdesk.replies.library.load import load_starter

    load_starter(apps.get_model("replies", "ReplyTemplate"), None, clock.now())


class Migration(migrations.Migration):
    dependencies = [("replies", "0001_initial"), ("conversations", "0002_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
