"""Order numbers unique per store where the platform numbers orders per store (orders/stores.py).

Existing orders of such platforms get the store of the account whose conversations they belong
to, when that is one account of the same platform; otherwise they stay "" (store not known) and
the store's next event adopts them.
"""

from django.db import migrations, models

MARKETPLACE_WIDE = ("amazon", "ebay", "tiktok", "walmart")


def fill_stores(apps, schema_editor):
    Order = apps.get_model("orders", "Order")
    Conversation = apps.get_model("conversations", "Conversation")
    accounts: dict[int, set[int]] = {}
    rows = (Conversation.objects.filter(order__isnull=False).exclude(order__platform__in=MARKETPLACE_WIDE)
            .values_list("order_id", "account_id", "account__kind", "order__platform"))
    for order_id, account_id, kind, platform in rows.iterator():
        if kind == platform:
            accounts.setdefault(order_id, set()).add(account_id)
    for order_id, ids in accounts.items():
        if len(ids) == 1:
            Order.objects.filter(pk=order_id).update(store=str(next(iter(ids))))


class Migration(migrations.Migration):

    dependencies = [
        ('customers', '0002_merges'),
        ('orders', '0003_order_tracking_status'),
        ('conversations', '0004_thread_key_index'),
        ('channels', '0003_webhook_defences'),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='order',
            name='order_unique_number',
        ),
        migrations.AddField(
            model_name='order',
            name='store',
            field=models.CharField(blank=True, default='', max_length=32),
        ),
        migrations.RunPython(fill_stores, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name='order',
            constraint=models.UniqueConstraint(fields=('platform', 'number', 'store'), name='order_unique_number_in_store'),
        ),
    ]
