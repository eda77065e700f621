"""New messages notify the live feed's listeners at commit (PostgreSQL; lib/newrows.py)."""

from django.db import migrations

from sellerdesk.lib import newrows


class Migration(migrations.Migration):

    dependencies = [
        ("conversations", "0012_report_indexes_declared"),
    ]

    operations = [
        newrows.migration_step("conversations_message"),
    ]
