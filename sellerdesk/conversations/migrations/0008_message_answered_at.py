"""Buyer messages' first response time (kept by the triggers of metrics/responses.py) and the
index the response metrics read the last hours' buyer messages along.

A nullable column without a default is added instantly on both databases; the index is built
CONCURRENTLY on PostgreSQL (writers go on), hence `atomic = False`."""

from django.db import migrations, models

from sellerdesk.lib.onlineindex import AddIndexOnline


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ('conversations', '0007_conv_deadline_index'),
    ]

    operations = [
        migrations.AddField(
            model_name='message',
            name='answered_at',
            field=models.DateTimeField(blank=True, null=True),
        ),
        AddIndexOnline(
            model_name='message',
            index=models.Index(condition=models.Q(('direction', 'in')), fields=['sent_at'], name='message_inbound_sent'),
        ),
    ]
