"""The customer page's order list read along an index (built without stopping writers on PostgreSQL)."""

from django.db import migrations, models

from sellerdesk.lib.onlineindex import AddIndexOnline


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("orders", "0005_order_promises"),
    ]

    operations = [
        AddIndexOnline(
            model_name="order",
            index=models.Index(fields=["customer", "placed_at", "created_at", "id"], name="order_customer_newest"),
        ),
    ]
