"""Shopify order lookups: find an order by its number or the buyer's email and update ours.

Only the last 60 days of orders are visible without the read_all_orders scope
(docs/channels.md, Platform facts → Shopify).
"""

from __future__ import annotations

import datetime as dt

from sellerdesk.channels.base import OrderUpdate, PermanentSendError
from sellerdesk.channels.models import ChannelAccount
from sellerdesk.channels.shopify import payloads as p
from sellerdesk.channels.shopify.client import ShopifyAdminClient

PLATFORM = "shopify"


def lookup_account() -> ChannelAccount | None:
    """The first active Shopify account holding an Admin API token."""
    for account in ChannelAccount.objects.filter(kind="shopify", is_active=True).order_by("pk"):
        try:
            if account.credentials.get("admin_access_token"):
                return account
        except ValueError:  # encrypted with another key
            continue
    return None


def search_for(number: str = "", email: str = "") -> str:
    if number:
        return f"name:#{number.lstrip('#')}"
    if email:
        return f"email:{email}"
    raise PermanentSendError("a Shopify order lookup needs an order number or an email address")


def _utc(value: dt.datetime | None) -> dt.datetime | None:
    return value.astimezone(dt.timezone.utc) if value else None


def order_update(node: p.OrderNode) -> OrderUpdate:
    """One GraphQL order node -> OrderUpdate, in the same terms as the orders/* webhooks."""
    external_id = node.legacyResourceId or node.id.rsplit("/", 1)[-1]
    if node.cancelledAt:
        status = "cancelled"
    else:
        status = ", ".join(x.lower() for x in (node.displayFinancialStatus, node.displayFulfillmentStatus) if x)
    money = (node.totalPriceSet.shopMoney if node.totalPriceSet else None) or p.ShopMoney()
    customer = node.customer or p.GqlCustomer()
    email = node.email or customer.email or ""
    tracking = []
    for fulfillment in node.fulfillments:
        infos = fulfillment.trackingInfo
        if infos:
            tracking.append({
                "id": fulfillment.legacyResourceId or "",
                "company": infos[0].company or "",
                "number": ", ".join(i.number for i in infos if i.number),
                "url": next((i.url for i in infos if i.url), ""),
                "status": (fulfillment.displayStatus or "").lower(),
            })
    items = []
    for li in node.lineItems.nodes if node.lineItems else []:
        price = li.originalUnitPriceSet.shopMoney.amount if li.originalUnitPriceSet and li.originalUnitPriceSet.shopMoney else None
        items.append({"sku": li.sku or "", "title": li.title or "", "quantity": li.quantity or 0,
                      "price": str(price) if price is not None else ""})
    return OrderUpdate(
        platform=PLATFORM,
        number=node.name or "",
        external_id=external_id,
        marketplace=((node.shippingAddress.countryCodeV2 if node.shippingAddress else None) or "")[:10],
        status=status[:40],
        currency=(money.currencyCode or "")[:3],
        total=money.amount,
        items=items,
        placed_at=_utc(node.createdAt),
        updated_at=_utc(node.updatedAt),
        buyer_name=customer.displayName or "",
        identities=[("email", email.lower())] if email else [],
        tracking=tracking,
    )


def lookup_orders(account, *, number: str = "", email: str = "", client: ShopifyAdminClient | None = None) -> list:
    """Find orders in Shopify and update ours: one order_created / _updated event per order found."""
    from sellerdesk.orders.actions import apply_order_update

    from sellerdesk.orders.stores import store_of

    client = client or ShopifyAdminClient(account)
    found = []
    for node in client.find_orders(search_for(number, email)):
        update = order_update(node)
        update.store = store_of("shopify", account.pk)  # #1001 is this shop's, not every shop's
        found.append(apply_order_update(update, source="shopify_admin")[0])
    return found


def look_up_order(number: str) -> None:
    account = lookup_account()
    if account is None or not lookup_orders(account, number=number):
        raise PermanentSendError(f"Shopify has no order {number} (orders older than 60 days need the read_all_orders scope)")
