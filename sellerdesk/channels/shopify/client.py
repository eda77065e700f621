"""Shopify Admin GraphQL client: the order search and "Test connection".

Facts (docs/channels.md, Platform facts → Shopify): `POST https://{shop}/admin/api/{ver}/graphql.json`
with `X-Shopify-Access-Token`; answers are read through payloads.py.

Assumed ([U]): cost throttling answers HTTP 200 with errors[].extensions.code "THROTTLED" and
extensions.cost.throttleStatus {currentlyAvailable, restoreRate}; other GraphQL errors come as
{"errors": [{"message"}]}; an offline Admin token does not expire (401 is a refusal, not a refresh).
Permanent errors: 401 (token revoked or wrong), 402 (shop frozen for an unpaid bill), 403 (scope
missing: read_orders), 404 (no such shop), 423 (shop locked) and GraphQL errors other than THROTTLED.
"""

from __future__ import annotations

import httpx
from django.conf import settings
from pydantic import ValidationError

from sellerdesk.channels.apiclient import ApiClient, json_of
from sellerdesk.channels.payloadcheck import read_answer
from sellerdesk.channels.shopify import payloads as p

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
        try:
            cost = p.Cost.model_validate((payload.get("extensions") or {}).get("cost") or {})
        except ValidationError:
            return 1.0
        status = cost.throttleStatus or p.ThrottleStatus()
        return max(1.0, (cost.requestedQueryCost - status.currentlyAvailable) / max(1.0, status.restoreRate))

    def error_message(self, response: httpx.Response) -> str:
        payload = json_of(response)
        errors = payload.get("errors") if isinstance(payload, dict) else None
        if isinstance(errors, str):
            return errors
        if isinstance(errors, list) and errors:
            return "; ".join(str(e.get("message", e)) if isinstance(e, dict) else str(e) for e in errors)
        return response.text[:200]

    def _answer(self, response: httpx.Response, model, what: str):
        payload = json_of(response)
        if response.status_code != 200 or not isinstance(payload, dict) or payload.get("errors"):
            raise self.refused(response, what)
        return read_answer(model, payload, f"{self.label}: {what}")

    def find_orders(self, search: str) -> list[p.OrderNode]:
        response = self.call("POST", self.url, json={"query": ORDERS_QUERY, "variables": {"query": search}})
        answer = self._answer(response, p.OrdersAnswer, "order lookup")
        return list(answer.data.orders.nodes) if answer.data and answer.data.orders else []

    def shop_name(self) -> str:
        response = self.call("POST", self.url, json={"query": "{ shop { name } }"})
        answer = self._answer(response, p.ShopAnswer, "Admin API")
        return (answer.data.shop.name if answer.data and answer.data.shop else "") or ""


def check_connection(account) -> str:
    client = ShopifyAdminClient(account, sleep=lambda s: None)
    client.max_tries = 1  # an admin is waiting at the button
    return f"Shopify ok: Admin API answered for {client.shop_name() or account.address}"
