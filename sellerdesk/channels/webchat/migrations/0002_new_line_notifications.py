"""New transcript lines notify the widget streams' listeners at commit (PostgreSQL; lib/newrows.py)."""

from django.db import migrations

from sellerdesk.lib import newrows


class Migration(migrations.Migration):

    dependencies = [
        ("webchat", "0001_initial"),
    ]

    operations = [
        newrows.migration_step("webchat_chatevent"),
    ]
