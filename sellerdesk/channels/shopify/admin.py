"""Shopify Admin GraphQL: look an order up by its number or the buyer's email.

Facts (docs/channels.md, Platform facts → Shopify):
`POST https://{shop}/admin/api/{ver}/graphql.json` with
`X-Shopify-Access-Token` [C]; `orders(first: 5, query: "name:#1001")` or `query: "email:…"`;
fields `name`, `displayFinancialStatus`, `displayFulfillmentStatus`, `fulfillments{trackingInfo
{number url company} displayStatus}` [C]; only the last 60 days without `read_all_orders` [C].

Assumed ([U]): cost throttling answers HTTP 200 with errors[].extensions.code "THROTTLED" and
extensions.cost.throttleStatus {currentlyAvailable, restoreRate}; other GraphQL errors come as
{"errors": [{"message"}]}; an offline Admin token does not expire (401 is a refusal, not a refresh).
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

import httpx
from django.conf import settings

from sellerdesk.channels.apiclient import ApiClient, json_of
from sellerdesk.channels.base import OrderUpdate, PermanentSendError
from sellerdesk.lib.timestamps import parse_iso_or_none

PLATFORM = "shopify"
ORDERS_QUERY = """
query SellerDeskOrders($query: String!) {
  orders(first: 5, query: $query, sortKey: CREATED_AT, reverse: true) {
    nodes {
      id legacyResourceId name email createdAt updatedAt cancelledAt
      displayFinancialStatus displayFulfillmentStatus
      totalPriceSet { shopMoney { amount currencyCode } }
      customer { displayName email }
      shippingAddress { countryCodeV2 }
      lineItems(first: 50) { nodes { title quantity sku originalUnitPriceSet { shopMoney { amount } } } }
      fulfillments { legacyResourceId displayStatus trackingInfo { number url company } }
    }
  }
}
""".strip()
class ShopifyAdminClient(ApiClient):
    label = "Shopify Admin API"

    def __init__(self, account, **kwargs):
        super().__init__(account, **kwargs)
        base = self.config.get("admin_base") or (f"https://{account.address}" if account.address else "")
        version = self.config.get("api_version") or settings.SHOPIFY_API_VERSION
        self.url = f"{base.rstrip('/')}/admin/api/{version}/graphql.json"
        self.require({"shop domain": base, "Admin API access token": self.creds.get("admin_access_token")}, "order lookup")

    def access_token(self) -> str:
        return self.creds["admin_access_token"]

    def authorise(self, token: str, kwargs: dict, url: str) -> dict:
        return {**kwargs, "headers": {**kwargs.get("headers", {}), "X-Shopify-Access-Token": token}}

    def token_expired(self, response: httpx.Response) -> bool:
        return False

    def throttle_wait(self, response: httpx.Response) -> float | None:
        if response.status_code == 429:
            return super().throttle_wait(response)
        payload = json_of(response)
        if response.status_code != 200 or not isinstance(payload, dict):
            return None
        if not any((e.get("extensions") or {}).get("code") == "THROTTLED" for e in payload.get("errors") or [] if isinstance(e, dict)):
            return None
        cost = (payload.get("extensions") or {}).get("cost") or {}
        status = cost.get("throttleStatus") or {}
        try:
            needed = float(cost.get("requestedQueryCost", 0)) - float(status.get("currentlyAvailable", 0))
            return max(1.0, needed / max(1.0, float(status.get("restoreRate", 50))))
        except (TypeError, ValueError):
            return 1.0

    def error_message(self, response: httpx.Response) -> str:
        payload = json_of(response)
        errors = payload.get("errors") if isinstance(payload, dict) else None
        if isinstance(errors, str):
            return errors
        if isinstance(errors, list) and errors:
            return "; ".join(str(e.get("message", e)) if isinstance(e, dict) else str(e) for e in errors)
        return response.text[:200]

    def find_orders(self, search: str) -> list[dict]:
        response = self.call("POST", self.url, json={"query": ORDERS_QUERY, "variables": {"query": search}})
        payload = json_of(response)
        if response.status_code != 200 or not isinstance(payload, dict) or payload.get("errors"):
            raise self.refused(response, "order lookup")
        return (((payload.get("data") or {}).get("orders") or {}).get("nodes")) or []


def search_for(number: str = "", email: str = "") -> str:
    if number:
        return f"name:#{number.lstrip('#')}"
    if email:
        return f"email:{email}"
    raise PermanentSendError("a Shopify order lookup needs an order number or an email address")


def _decimal(value) -> Decimal | None:
    try:
        return Decimal(str(value)) if value not in (None, "") else None
    except InvalidOperation:
        return None


_time = parse_iso_or_none


def order_update(node: dict) -> OrderUpdate:
    """One GraphQL order node -> OrderUpdate, in the same terms as the orders/* webhooks."""
    external_id = str(node.get("legacyResourceId") or str(node.get("id", "")).rsplit("/", 1)[-1])
    if node.get("cancelledAt"):
        status = "cancelled"
    else:
        status = ", ".join(str(p).lower() for p in (node.get("displayFinancialStatus"), node.get("displayFulfillmentStatus")) if p)
    money = ((node.get("totalPriceSet") or {}).get("shopMoney")) or {}
    customer = node.get("customer") or {}
    email = node.get("email") or customer.get("email") or ""
    tracking = []
    for fulfillment in node.get("fulfillments") or []:
        infos = fulfillment.get("trackingInfo") or []
        if infos:
            tracking.append({
                "id": str(fulfillment.get("legacyResourceId") or ""),
                "company": infos[0].get("company") or "",
                "number": ", ".join(i["number"] for i in infos if i.get("number")),
                "url": next((i["url"] for i in infos if i.get("url")), ""),
                "status": str(fulfillment.get("displayStatus") or "").lower(),
            })
    return OrderUpdate(
        platform=PLATFORM,
        number=node.get("name") or "",
        external_id=external_id,
        marketplace=str(((node.get("shippingAddress") or {}).get("countryCodeV2")) or "")[:10],
        status=status[:40],
        currency=str(money.get("currencyCode") or "")[:3],
        total=_decimal(money.get("amount")),
        items=[{"sku": li.get("sku") or "", "title": li.get("title") or "", "quantity": li.get("quantity") or 0,
                "price": str(((li.get("originalUnitPriceSet") or {}).get("shopMoney") or {}).get("amount") or "")}
               for li in ((node.get("lineItems") or {}).get("nodes") or [])],
        placed_at=_time(node.get("createdAt")),
        updated_at=_time(node.get("updatedAt")),
        buyer_name=customer.get("displayName") or "",
        identities=[("email", email.lower())] if email else [],
        tracking=tracking,
    )


def lookup_orders(account, *, number: str = "", email: str = "", client: ShopifyAdminClient | None = None) -> list:
    """Find orders in Shopify and update ours: one order_created / _updated event per order found."""
    from sellerdesk.orders.actions import apply_order_update

    client = client or ShopifyAdminClient(account)
    return [apply_order_update(order_update(node), source="shopify_admin")[0] for node in client.find_orders(search_for(number, email))]
