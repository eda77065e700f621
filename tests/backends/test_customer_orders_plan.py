"""The customer page's order list comes from an index in its own order, on both databases: a buyer
with hundreds of orders costs the page its first 50 index entries, not a read and sort of them all."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection

from sellerdesk.customers.models import Customer
from sellerdesk.orders.models import Order
from sellerdesk.web.views_customers import newest_orders
from tests.backends.conftest import POSTGRESQL_DB, SQLITE_DB

T0 = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


@pytest.mark.parametrize("backend", [SQLITE_DB, POSTGRESQL_DB], indirect=True)
def test_a_buyers_newest_orders_are_read_along_the_index_in_order(backend):
    buyer = Customer.objects.create(name="Big buyer", created_at=T0)
    others = Customer.objects.bulk_create([Customer(name=f"Buyer {n}", created_at=T0) for n in range(40)])
    rows = [Order(platform="amazon", number=f"B-{n}", customer=buyer, created_at=T0 + dt.timedelta(hours=n % 7),
                  placed_at=None if n % 10 == 0 else T0 + dt.timedelta(days=n % 90)) for n in range(300)]
    rows += [Order(platform="amazon", number=f"O-{n}", customer=others[n % 40], created_at=T0, placed_at=T0) for n in range(4000)]
    Order.objects.bulk_create(rows)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")

    listed = list(newest_orders(buyer).values_list("number", flat=True)[:50])

    mine = Order.objects.filter(customer=buyer)
    nulls_first = connection.vendor == "postgresql"  # DESC puts NULLs first there, last on SQLite
    expected = sorted(mine, key=lambda o: ((o.placed_at is None) == nulls_first, o.placed_at or T0, o.created_at, o.pk), reverse=True)
    assert listed == [o.number for o in expected[:50]]
    plan = newest_orders(buyer)[:50].explain()
    assert "order_customer_newest" in plan, plan
    assert ("TEMP B-TREE" if connection.vendor == "sqlite" else "Sort") not in plan, plan
