"""A customer's lifetime value: what their orders came to, less what was refunded.

Kept on Customer.lifetime_value so triage and routing read it without a query; recomputed
whenever one of the customer's orders gains a total, a refund or its buyer. Orders of a
customer in several currencies are added as numbers (a seller's shops usually share one).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation

from sellerdesk.customers.models import Customer
from sellerdesk.orders.models import Order


def _refunded(refunds) -> Decimal:
    total = Decimal(0)
    for refund in refunds or []:
        try:
            total += Decimal(str(refund.get("amount") or 0))
        except (InvalidOperation, AttributeError):
            continue  # a refund without a readable amount counts for nothing
    return total


def recompute_lifetime_value(customer_ids: Iterable[int]) -> dict[int, Decimal]:
    """Recompute and store the lifetime value of these customers; {customer id: value}."""
    ids = {i for i in customer_ids if i}
    if not ids:
        return {}
    values: dict[int, Decimal] = defaultdict(Decimal)
    for customer_id, total, refunds in Order.objects.filter(customer_id__in=ids).values_list("customer_id", "total", "refunds"):
        values[customer_id] += (total or Decimal(0)) - _refunded(refunds)
    result = {i: max(Decimal(0), values.get(i, Decimal(0))).quantize(Decimal("0.01")) for i in ids}
    for customer in Customer.objects.filter(pk__in=ids).only("pk", "lifetime_value"):
        if customer.lifetime_value != result[customer.pk]:
            customer.lifetime_value = result[customer.pk]
            customer.save(update_fields=["lifetime_value"])
    return result
