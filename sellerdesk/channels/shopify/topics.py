"""A Shopify webhook body's topic guessed from its shape, for a bare body (no X-Shopify-Topic).

Shopify says the topic only in the X-Shopify-Topic header; a body kept without its headers (a
file from another project's tests) still shows what it is by its fields (Admin REST resource
shapes, docs/channels.md, Platform facts → Shopify). Where the shape cannot tell create from
update, the update topic is named: for orders, fulfillments and disputes both are read the same
way, except that a dispute still waiting for the seller's answer is treated as just opened.
"" when the shape is not one we know: the operator passes --topic.
"""

from __future__ import annotations


def _has(data: dict, *names: str) -> bool:
    return all(name in data for name in names)


def infer_topic(data) -> str:
    if not isinstance(data, dict):
        return ""
    # Privacy requests (mandatory for every app): shop_id + shop_domain, then what is asked.
    if _has(data, "shop_id", "shop_domain"):
        if "data_request" in data:
            return "customers/data_request"
        if "customer" in data or "orders_to_redact" in data:
            return "customers/redact"
        return "shop/redact"
    if "order_id" in data:  # objects hanging off an order
        if "evidence_due_by" in data or (data.get("type") in ("chargeback", "inquiry") and "reason" in data):
            return "disputes/create" if data.get("status") == "needs_response" else "disputes/update"
        if "refund_line_items" in data or ("transactions" in data and "line_items" not in data):
            return "refunds/create"
        if any(k in data for k in ("tracking_number", "tracking_numbers", "tracking_company", "shipment_status")):
            return "fulfillments/update"
    if isinstance(data.get("order"), dict) and ("return_line_items" in data or "return_line_items" in data.get("order", {})):
        return "returns/request"
    if "abandoned_checkout_url" in data:
        return "checkouts/update"
    if "invoice_url" in data and "line_items" in data:
        return "draft_orders/update"
    if "line_items" in data and any(k in data for k in ("order_number", "financial_status", "fulfillment_status")):
        return "orders/cancelled" if data.get("cancelled_at") else "orders/updated"
    if _has(data, "inventory_item_id", "location_id"):
        return "inventory_levels/update"
    if "variants" in data and "title" in data:
        return "products/update"
    if "myshopify_domain" in data:  # the shop object: app/uninstalled (and shop/update) send it
        return "app/uninstalled"
    if "email" in data and any(k in data for k in ("first_name", "last_name", "orders_count", "addresses", "default_address")):
        return "customers/update"
    return ""


# Admin REST answers wrap the object in its resource name ({"order": {...}}, {"orders": [...]});
# test suites keep many of them, but a webhook sends the object itself.
API_ROOTS = {"order", "orders", "refund", "refunds", "fulfillment", "fulfillments", "customer", "customers", "product",
             "products", "dispute", "disputes", "shop", "checkout", "checkouts", "draft_order", "draft_orders", "transaction",
             "transactions", "return", "returns", "inventory_level", "inventory_levels"}


def api_answer_root(data) -> str:
    """The resource name when `data` is an Admin API answer rather than a webhook body ("" when not)."""
    if isinstance(data, dict) and len(data) == 1:
        (key, value), = data.items()
        if key in API_ROOTS and isinstance(value, (dict, list)):
            return key
    return ""

