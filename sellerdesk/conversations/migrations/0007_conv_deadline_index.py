from django.db import migrations, models

from sellerdesk.lib.onlineindex import AddIndexOnline


class Migration(migrations.Migration):
    atomic = False  # CREATE INDEX CONCURRENTLY on PostgreSQL: writers go on while it is built

    dependencies = [
        ('conversations', '0006_conversation_counts'),
    ]

    operations = [
        AddIndexOnline(
            model_name='conversation',
            index=models.Index(fields=['next_deadline_at', 'id'], name='conv_deadline'),
        ),
    ]
