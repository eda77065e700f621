"""Amazon's data protection policy: buyers' personal data deleted at the latest 30 days after the
order's delivery (kept longer only for tax or a claim). Installed on, as the platform requires."""

from django.db import migrations


def add(apps, schema_editor):
    apps.get_model("privacy", "RetentionPolicy").objects.get_or_create(
        channel="amazon", defaults={"days": 30, "claim_hold_days": 90, "enabled": True,
                                    "note": "Amazon: personal data deleted 30 days after delivery"},
    )


class Migration(migrations.Migration):
    dependencies = [("privacy", "0001_initial")]
    operations = [migrations.RunPython(add, migrations.RunPython.noop)]
