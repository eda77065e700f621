"""eBay orders from the Fulfillment API: `GET /sell/fulfillment/v1/order/{orderId}` → our Order.

Facts (docs/channels.md, Platform facts → eBay): the path [U]. Assumed ([U]): the user token
needs the scope `sell.fulfillment.readonly`; the order answers {orderId, creationDate,
lastModifiedDate, orderFulfillmentStatus (NOT_STARTED | IN_PROGRESS | FULFILLED),
orderPaymentStatus (PAID, FULLY_REFUNDED …), cancelStatus.cancelState (CANCELED …), buyer
{username, buyerRegistrationAddress.fullName}, pricingSummary.total {value, currency},
lineItems [{lineItemId, legacyItemId, sku, title, quantity, lineItemCost {value, currency}}],
fulfillmentStartInstructions[0].shippingStep.shipTo.contactAddress.countryCode}; tracking from
`GET …/order/{orderId}/shipping_fulfillment` → {fulfillments: [{fulfillmentId,
shipmentTrackingNumber, shippingCarrierCode}]}; an unknown order is HTTP 404.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from urllib.parse import quote

from sellerdesk.channels.apiclient import NotConfigured, json_of
from sellerdesk.channels.base import OrderUpdate, PermanentSendError
from sellerdesk.channels.ebay.client import MESSAGE_SCOPE, EbayClient
from sellerdesk.channels.models import ChannelAccount
from sellerdesk.lib.timestamps import parse_iso_or_none

PLATFORM = "ebay"
FULFILLMENT_SCOPE = "https://api.ebay.com/oauth/api_scope/sell.fulfillment.readonly"
ORDER_PATH = "/sell/fulfillment/v1/order/{id}"


class EbayOrderClient(EbayClient):
    # The one stored user token serves replies and lookups, so it is asked for with both scopes.
    scopes = f"{MESSAGE_SCOPE} {FULFILLMENT_SCOPE}"
    purpose = "order lookup"

    def access_token(self) -> str:
        stored = self.creds.get("access_token_scope", "")
        if self.creds.get("access_token") and not self.config.get("scopes") and FULFILLMENT_SCOPE not in stored and self.creds.get("refresh_token"):
            return self.refresh()  # a token renewed for replies only: renew it with the order scope too
        return super().access_token()

    def get_order(self, order_id: str) -> dict:
        response = self.call("GET", self.api_base + ORDER_PATH.format(id=quote(order_id)))
        if response.status_code != 200:
            raise self.refused(response, "getOrder")
        payload = json_of(response)
        if not isinstance(payload, dict) or not payload.get("orderId"):
            raise PermanentSendError(f"eBay getOrder answered without an order for {order_id}")
        return payload

    def get_shipping_fulfillments(self, order_id: str) -> list[dict]:
        response = self.call("GET", self.api_base + ORDER_PATH.format(id=quote(order_id)) + "/shipping_fulfillment")
        if response.status_code == 404:
            return []
        if response.status_code != 200:
            raise self.refused(response, "getShippingFulfillments")
        return (json_of(response) or {}).get("fulfillments") or []


def account_for(marketplace: str = "") -> ChannelAccount:
    """The active eBay account holding a user token (the marketplace's, if several)."""
    from sellerdesk.channels.lookups import accounts_with_token

    usable = accounts_with_token(PLATFORM, marketplace)
    if not usable:
        raise NotConfigured("eBay order lookup", ["account with a user refresh token (Channels → eBay)"])
    return usable[0]


def _money(value) -> tuple[Decimal | None, str]:
    if not isinstance(value, dict) or value.get("value") in (None, ""):
        return None, ""
    try:
        return Decimal(str(value["value"])), str(value.get("currency") or "")[:3]
    except InvalidOperation:
        return None, ""


_time = parse_iso_or_none


def order_update(order: dict, fulfillments: list[dict], marketplace: str) -> OrderUpdate:
    if ((order.get("cancelStatus") or {}).get("cancelState") or "") == "CANCELED":
        status = "cancelled"
    else:
        parts = (order.get("orderPaymentStatus"), order.get("orderFulfillmentStatus"))
        status = ", ".join(str(p).lower().replace("_", " ") for p in parts if p)
    total, currency = _money((order.get("pricingSummary") or {}).get("total"))
    items = []
    for line in order.get("lineItems") or []:
        price, line_currency = _money(line.get("lineItemCost"))
        items.append({"sku": line.get("sku") or "", "item_id": str(line.get("legacyItemId") or ""), "title": line.get("title") or "",
                      "quantity": int(line.get("quantity") or 0), "price": str(price) if price is not None else ""})
        currency = currency or line_currency
    buyer = order.get("buyer") or {}
    username = str(buyer.get("username") or "").strip()
    ship_to = (((order.get("fulfillmentStartInstructions") or [{}])[0].get("shippingStep") or {}).get("shipTo")) or {}
    tracking = [{"id": str(f.get("fulfillmentId") or ""), "company": f.get("shippingCarrierCode") or "",
                 "number": f.get("shipmentTrackingNumber") or "", "url": "", "status": "shipped"}
                for f in fulfillments if isinstance(f, dict) and f.get("fulfillmentId")]
    return OrderUpdate(
        platform=PLATFORM,
        number=str(order["orderId"]),
        external_id=str(order["orderId"]),
        marketplace=marketplace or str((ship_to.get("contactAddress") or {}).get("countryCode") or "")[:10],
        status=status[:40],
        currency=currency,
        total=total,
        items=items,
        placed_at=_time(order.get("creationDate")),
        updated_at=_time(order.get("lastModifiedDate")),
        buyer_name=str((buyer.get("buyerRegistrationAddress") or {}).get("fullName") or ship_to.get("fullName") or ""),
        identities=[("ebay_user", username)] if username else [],
        tracking=tracking,
    )


def refresh_order(number: str, *, marketplace: str = "", client: EbayOrderClient | None = None):
    """Fetch the order (and its shipments) from eBay and update ours: one order_created / _updated event."""
    from sellerdesk.orders.actions import apply_order_update

    client = client or EbayOrderClient(account_for(marketplace))
    data = client.get_order(number)
    fulfillments = client.get_shipping_fulfillments(number) if data.get("orderFulfillmentStatus") not in (None, "NOT_STARTED") else []
    order, _created = apply_order_update(order_update(data, fulfillments, marketplace or client.account.marketplace), source="ebay_fulfillment")
    return order
