"""Analytics' replies per agent read from a small index of agents' replies alone (docs/scale.md).

Built CONCURRENTLY on PostgreSQL (lib/onlineindex.AddIndexOnline): writers are not stopped while
it is built over millions of messages.
"""

from django.conf import settings
from django.db import migrations, models

from sellerdesk.lib.onlineindex import AddIndexOnline


class Migration(migrations.Migration):
    atomic = False  # CREATE INDEX CONCURRENTLY

    dependencies = [
        ('channels', '0005_delivery_taken_until'),
        ('conversations', '0010_redundant_indexes'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        AddIndexOnline(
            model_name='message',
            index=models.Index(condition=models.Q(('author__isnull', False), ('direction', 'out'), ('is_automated', False)), fields=['created_at', 'author'], name='message_agent_reply'),
        ),
    ]
