"""The report indexes (made in SQL by analytics.0002) declared on the models (here the conversations', events' and messages' three).

On SQLite, Django rebuilds a table for some schema changes and recreates only the indexes the
models declare: sla.0006 rebuilt the deadlines and lost `analytics_deadline_met`, so the supervisor
metrics read every met deadline (420 ms at a million conversations). Declared, they survive future
rebuilds; `CREATE INDEX IF NOT EXISTS` puts back one a rebuild removed (PostgreSQL never lost them:
nothing happens there).
"""

from django.db import migrations, models

INDEXES = [
    ("conversation", models.Index(fields=["created_at"], name="analytics_conv_created"), "conversations_conversation", "created_at"),
    ("event", models.Index(fields=["kind", "created_at"], name="analytics_event_kind_time"), "conversations_event", "kind, created_at"),
    ("message", models.Index(fields=["created_at"], name="analytics_message_time"), "conversations_message", "created_at"),
]


class Migration(migrations.Migration):

    dependencies = [
        ("analytics", "0002_report_indexes"),
        ("conversations", "0011_agent_reply_index"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.AddIndex(model_name=model, index=index) for model, index, _t, _c in INDEXES],
            database_operations=[
                migrations.RunSQL(f"CREATE INDEX IF NOT EXISTS {index.name} ON {table} ({columns})", migrations.RunSQL.noop)
                for _m, index, table, columns in INDEXES
            ],
        ),
    ]
