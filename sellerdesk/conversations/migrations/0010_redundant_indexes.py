"""Indexes that another index already leads with, dropped.

Every conversation, message and event written maintains each index of its table; these five had
no reader that the composite ones (conv_thread_key, conv_customer, message_thread,
event_conversation) do not serve. Dropped without a lock that stops writers on PostgreSQL and
without copying tables on SQLite (lib/onlineindex.DropColumnIndexOnline).
"""

import django.db.models.deletion
from django.db import migrations, models

from sellerdesk.lib.onlineindex import DropColumnIndexOnline


class Migration(migrations.Migration):
    atomic = False  # DROP INDEX CONCURRENTLY

    dependencies = [
        ('channels', '0005_delivery_taken_until'),
        ('conversations', '0009_counter_deltas'),
        ('customers', '0003_identity_mailbox'),
    ]

    operations = [
        DropColumnIndexOnline(
            model_name='conversation',
            name='account',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='conversations', to='channels.channelaccount'),
        ),
        DropColumnIndexOnline(
            model_name='conversation',
            name='customer',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='conversations', to='customers.customer'),
        ),
        DropColumnIndexOnline(
            model_name='conversation',
            name='thread_key',
            field=models.CharField(blank=True, max_length=255),
        ),
        DropColumnIndexOnline(
            model_name='event',
            name='conversation',
            field=models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='events', to='conversations.conversation'),
        ),
        DropColumnIndexOnline(
            model_name='message',
            name='conversation',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='messages', to='conversations.conversation'),
        ),
    ]
