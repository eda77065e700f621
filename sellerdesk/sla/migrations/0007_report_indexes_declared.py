"""The report indexes (made in SQL by analytics.0002) declared on the models (here the deadlines' one).

On SQLite, Django rebuilds a table for some schema changes and recreates only the indexes the
models declare: sla.0006 rebuilt the deadlines and lost `analytics_deadline_met`, so the supervisor
metrics read every met deadline (420 ms at a million conversations). Declared, they survive future
rebuilds; `CREATE INDEX IF NOT EXISTS` puts back one a rebuild removed (PostgreSQL never lost them:
nothing happens there).
"""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("analytics", "0002_report_indexes"),
        ("conversations", "0012_report_indexes_declared"),
        ("orders", "0006_order_customer_newest"),
        ("sla", "0006_deadline_conversation_index"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AddIndex(model_name="deadline", index=models.Index(fields=["state", "met_at"], name="analytics_deadline_met")),
            ],
            database_operations=[
                migrations.RunSQL("CREATE INDEX IF NOT EXISTS analytics_deadline_met ON sla_deadline (state, met_at)", migrations.RunSQL.noop),
            ],
        ),
    ]
