"""Counters of conversations per status (and channel, tier, language, assignee), kept by triggers.

On a live PostgreSQL the install takes a SHARE lock on conversations for the one grouped count
(about a second per million conversations; docs/scale.md): writers wait, readers do not.
"""

from django.db import migrations, models


def install(apps, schema_editor):
    from sellerdesk.conversations import counts

    counts.install(schema_editor.connection)


def uninstall(apps, schema_editor):
    from sellerdesk.conversations import counts

    counts.uninstall(schema_editor.connection)


class Migration(migrations.Migration):

    dependencies = [
        ('conversations', '0005_blob_keys'),
    ]

    operations = [
        migrations.CreateModel(
            name='ConversationCount',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('status', models.CharField(max_length=10)),
                ('channel', models.CharField(max_length=20)),
                ('tier', models.PositiveSmallIntegerField()),
                ('language', models.CharField(max_length=10)),
                ('assignee', models.BigIntegerField()),
                ('n', models.BigIntegerField(default=0)),
            ],
            options={
                'constraints': [models.UniqueConstraint(fields=('status', 'channel', 'tier', 'language', 'assignee'), name='conversation_count_key')],
            },
        ),
        migrations.RunPython(install, uninstall),
    ]
