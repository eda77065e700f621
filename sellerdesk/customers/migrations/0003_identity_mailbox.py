"""The mailbox of each e-mail identity, filled in batches, and the indexes merge suggestions read.

Not atomic: on PostgreSQL the indexes are built CONCURRENTLY (writers go on) and each batch of the
fill commits on its own, so no row stays locked for the whole fill. The column is nullable, without
a default: adding it rewrites no table.
"""

from django.db import migrations, models, transaction
from django.db.models.functions import Upper

import sellerdesk.customers.mailbox
from sellerdesk.customers.mailbox import canonical_email
from sellerdesk.lib.onlineindex import AddIndexOnline

BATCH = 5000


def fill_mailboxes(apps, schema_editor):
    Identity = apps.get_model("customers", "Identity")
    connection = schema_editor.connection
    last = 0
    while True:
        with transaction.atomic(using=connection.alias), connection.cursor() as cur:  # one commit per batch
            rows = list(Identity.objects.using(connection.alias).filter(kind="email", pk__gt=last).order_by("pk")
                        .values_list("pk", "value")[:BATCH])
            if not rows:
                return
            cur.executemany(f"UPDATE {Identity._meta.db_table} SET mailbox = %s WHERE id = %s",
                            [(canonical_email(value), pk) for pk, value in rows])
        last = rows[-1][0]


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("customers", "0002_merges"),
    ]

    operations = [
        migrations.AddField(
            model_name="identity",
            name="mailbox",
            field=sellerdesk.customers.mailbox.MailboxField(blank=True, editable=False, max_length=254, null=True),
        ),
        migrations.RunPython(fill_mailboxes, migrations.RunPython.noop, atomic=False),
        AddIndexOnline(
            model_name="identity",
            index=models.Index(fields=["mailbox"], name="identity_mailbox"),
        ),
        AddIndexOnline(
            model_name="customer",
            index=models.Index(Upper("name"), name="customer_name_upper"),
        ),
    ]
