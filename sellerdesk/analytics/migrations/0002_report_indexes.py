"""Indexes the analytics queries group on, created here so the tables' own apps keep their
migrations (each statement is plain SQL both SQLite and PostgreSQL accept)."""

from django.db import migrations

INDEXES = [
    ("analytics_conv_created", "conversations_conversation", "created_at"),
    ("analytics_event_kind_time", "conversations_event", "kind, created_at"),
    ("analytics_deadline_met", "sla_deadline", "state, met_at"),
    ("analytics_message_time", "conversations_message", "created_at"),
]


class Migration(migrations.Migration):
    dependencies = [
        ("analytics", "0001_initial"),
        ("conversations", "0001_initial"),
        ("sla", "0001_initial"),
    ]

    operations = [
        migrations.RunSQL(f"CREATE INDEX IF NOT EXISTS {name} ON {table} ({columns})", f"DROP INDEX IF EXISTS {name}")
        for name, table, columns in INDEXES
    ]
