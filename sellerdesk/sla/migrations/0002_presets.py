"""Load the shipped calendars and policies into every database (sellerdesk/sla/presets.py)."""

from django.db import migrations


def load(apps, schema_editor):
    from sellerdesk.sla import presets

    presets.apply(apps.get_model("sla", "Calendar"), apps.get_model("sla", "Policy"))


class Migration(migrations.Migration):
    dependencies = [("sla", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
