"""TikTok Shop orders from the Order API: `GET /order/202309/orders?ids=<id>` → our Order.

Signed and retried like the Customer Service calls (tiktok/client.py); the `ids` query parameter
is part of the signature. Everything about this call is [U] (the TikTok Shop facts in
docs/channels.md do not cover the Order API):
the answer {"code": 0, "data": {"orders": [{id, status (AWAITING_SHIPMENT, IN_TRANSIT, DELIVERED,
CANCELLED …), create_time, update_time (Unix s), payment {currency, total_amount}, user_id,
recipient_address {name, region_code}, line_items [{sku_id, seller_sku, product_name, sku_name,
sale_price, package_id, tracking_number, shipping_provider_name}]}]}} — one line item per unit
sold, so lines of one SKU are counted into a quantity; an unknown id gives an empty list; the
order's user_id is the buyer's chat id (im_user_id), so it is used as the tiktok_buyer identity.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from sellerdesk.channels.apiclient import NotConfigured
from sellerdesk.channels.base import OrderUpdate, PermanentSendError
from sellerdesk.channels.models import ChannelAccount
from sellerdesk.channels.tiktok.client import TikTokClient

PLATFORM = "tiktok"
ORDERS_PATH = "/order/202309/orders"


class TikTokOrderClient(TikTokClient):
    purpose = "order lookup"

    def get_order(self, order_id: str) -> dict:
        data = self._data(self.call("GET", self.api_base + ORDERS_PATH, params={"ids": order_id}), what="get order detail")
        orders = [o for o in data.get("orders") or [] if isinstance(o, dict) and str(o.get("id")) == order_id]
        if not orders:
            raise PermanentSendError(f"TikTok Shop has no order {order_id}")
        return orders[0]


def account_for(marketplace: str = "") -> ChannelAccount:
    """The active TikTok Shop account that can call the API (the marketplace's, if several)."""
    from sellerdesk.channels.lookups import accounts_with_token

    usable = accounts_with_token(PLATFORM, marketplace)
    if not usable:
        raise NotConfigured("TikTok Shop order lookup", ["shop with a refresh token (Channels → TikTok Shop)"])
    return usable[0]


def _time(value) -> dt.datetime | None:
    try:
        return dt.datetime.fromtimestamp(int(value), tz=dt.timezone.utc) if value else None
    except (TypeError, ValueError, OverflowError):
        return None


def _decimal(value) -> Decimal | None:
    try:
        return Decimal(str(value)) if value not in (None, "") else None
    except InvalidOperation:
        return None


def order_update(order: dict, marketplace: str) -> OrderUpdate:
    lines: dict[str, dict] = {}
    tracking: dict[str, dict] = {}
    for item in order.get("line_items") or []:
        key = str(item.get("sku_id") or item.get("seller_sku") or item.get("product_name") or "")
        line = lines.setdefault(key, {"sku": item.get("seller_sku") or "", "title": item.get("product_name") or "",
                                      "variant": item.get("sku_name") or "", "quantity": 0, "price": str(item.get("sale_price") or "")})
        line["quantity"] += int(item.get("quantity") or 1)
        number = item.get("tracking_number") or ""
        if number:
            key = str(item.get("package_id") or number)
            tracking[key] = {"id": key, "company": item.get("shipping_provider_name") or "", "number": number, "url": "", "status": ""}
    payment = order.get("payment") or {}
    address = order.get("recipient_address") or {}
    buyer = str(order.get("user_id") or "")
    return OrderUpdate(
        platform=PLATFORM,
        number=str(order["id"]),
        external_id=str(order["id"]),
        marketplace=marketplace or str(address.get("region_code") or "")[:10],
        status=str(order.get("status") or "").lower().replace("_", " ")[:40],
        currency=str(payment.get("currency") or "")[:3],
        total=_decimal(payment.get("total_amount")),
        items=list(lines.values()),
        placed_at=_time(order.get("create_time")),
        updated_at=_time(order.get("update_time")),
        buyer_name=str(address.get("name") or ""),
        identities=[("tiktok_buyer", buyer)] if buyer else [],
        tracking=list(tracking.values()),
    )


def refresh_order(number: str, *, marketplace: str = "", client: TikTokOrderClient | None = None):
    """Fetch the order from TikTok Shop and update ours: one order_created / _updated event."""
    from sellerdesk.orders.actions import apply_order_update

    client = client or TikTokOrderClient(account_for(marketplace))
    order, _created = apply_order_update(order_update(client.get_order(number), marketplace or client.account.marketplace),
                                         source="tiktok_orders")
    return order
