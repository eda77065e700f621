"""Declared shapes of what Shopify sends us (webhooks) and answers (Admin GraphQL).

Only the fields we read are declared; Shopify's others are allowed and ignored. A field that is
present with the wrong type (an id that is an object, an amount that is not a number, a time
without its UTC offset) refuses the delivery, naming the field (base.validated).
Field names are Shopify's Admin REST / GraphQL names (docs/channels.md, Platform facts → Shopify).
[U] marks a field we have not seen in a captured delivery.
"""

from __future__ import annotations

from sellerdesk.channels.payloadtypes import Id, Model, Money, OptionalId, Text, Time


# --- webhooks -----------------------------------------------------------------------------------

class Customer(Model):
    email: Text = None
    first_name: Text = None
    last_name: Text = None


class Address(Model):
    name: Text = None
    country_code: Text = None


class LineItem(Model):
    sku: Text = None
    title: Text = None
    name: Text = None
    quantity: int | None = None
    price: Money = None


class Fulfillment(Model):
    id: OptionalId = None
    order_id: OptionalId = None
    status: Text = None
    shipment_status: Text = None
    tracking_company: Text = None
    tracking_number: Text = None
    tracking_numbers: list[str] | None = None
    tracking_url: Text = None
    tracking_urls: list[str] | None = None


class Order(Model):
    """orders/create, orders/updated, orders/cancelled, orders/fulfilled, orders/paid, orders/partially_fulfilled."""

    id: Id
    name: Text = None
    email: Text = None
    contact_email: Text = None
    customer: Customer | None = None
    shipping_address: Address | None = None
    financial_status: Text = None
    fulfillment_status: Text = None
    cancelled_at: Time = None
    currency: Text = None
    total_price: Money = None
    line_items: list[LineItem] = []
    fulfillments: list[Fulfillment] = []
    created_at: Time = None
    updated_at: Time = None


class FulfillmentEvent(Fulfillment):
    """fulfillments/create, fulfillments/update."""

    id: Id
    order_id: Id


class Transaction(Model):
    kind: Text = None
    status: Text = None
    amount: Money = None
    currency: Text = None


class Refund(Model):
    """refunds/create."""

    id: Id
    order_id: Id
    transactions: list[Transaction] = []
    created_at: Text = None
    note: Text = None


class ReturnLine(Model):
    return_reason: Text = None  # [U]
    return_reason_note: Text = None  # [U]
    customer_note: Text = None  # [U]


class ReturnOrder(Model):
    id: Id


class Return(Model):
    """returns/* [U]: no captured delivery; the shape of the Admin GraphQL Return object."""

    id: Id
    name: Text = None
    status: Text = None  # [U]
    order: ReturnOrder
    return_line_items: list[ReturnLine] = []  # [U]


class Dispute(Model):
    """disputes/create, disputes/update (Shopify Payments)."""

    id: Id
    order_id: Id
    type: Text = None  # chargeback | inquiry
    amount: Money = None
    currency: Text = None
    reason: Text = None
    status: Text = None
    evidence_due_by: Time = None
    initiated_at: Time = None


# Topic -> the model its payload is read with (topics not listed are stored and ignored).
ORDER_TOPICS = {"orders/create", "orders/updated", "orders/cancelled", "orders/fulfilled", "orders/paid", "orders/partially_fulfilled"}
FULFILLMENT_TOPICS = {"fulfillments/create", "fulfillments/update"}
DISPUTE_TOPICS = {"disputes/create", "disputes/update"}
PRIVACY_TOPICS = {"customers/data_request", "customers/redact", "shop/redact"}


def model_for(topic: str) -> type[Model] | None:
    if topic in ORDER_TOPICS:
        return Order
    if topic in FULFILLMENT_TOPICS:
        return FulfillmentEvent
    if topic == "refunds/create":
        return Refund
    if topic.startswith("returns/"):
        return Return
    if topic in DISPUTE_TOPICS:
        return Dispute
    return None


# --- Admin GraphQL answers ---------------------------------------------------------------------

class ShopMoney(Model):
    amount: Money = None
    currencyCode: Text = None


class MoneyBag(Model):
    shopMoney: ShopMoney | None = None


class GqlCustomer(Model):
    displayName: Text = None
    email: Text = None


class GqlAddress(Model):
    countryCodeV2: Text = None


class GqlLineItem(Model):
    title: Text = None
    quantity: int | None = None
    sku: Text = None
    originalUnitPriceSet: MoneyBag | None = None


class GqlLineItems(Model):
    nodes: list[GqlLineItem] = []


class TrackingInfo(Model):
    number: Text = None
    url: Text = None
    company: Text = None


class GqlFulfillment(Model):
    legacyResourceId: OptionalId = None
    displayStatus: Text = None
    trackingInfo: list[TrackingInfo] = []


class OrderNode(Model):
    id: Id  # gid://shopify/Order/<n>
    legacyResourceId: OptionalId = None
    name: Text = None
    email: Text = None
    createdAt: Time = None
    updatedAt: Time = None
    cancelledAt: Time = None
    displayFinancialStatus: Text = None
    displayFulfillmentStatus: Text = None
    totalPriceSet: MoneyBag | None = None
    customer: GqlCustomer | None = None
    shippingAddress: GqlAddress | None = None
    lineItems: GqlLineItems | None = None
    fulfillments: list[GqlFulfillment] = []


class OrderConnection(Model):
    nodes: list[OrderNode] = []


class OrdersData(Model):
    orders: OrderConnection | None = None


class OrdersAnswer(Model):
    data: OrdersData | None = None


class Shop(Model):
    name: Text = None


class ShopData(Model):
    shop: Shop | None = None


class ShopAnswer(Model):
    data: ShopData | None = None


class ThrottleStatus(Model):
    currentlyAvailable: float = 0  # [U]
    restoreRate: float = 50  # [U]


class Cost(Model):
    requestedQueryCost: float = 0  # [U]
    throttleStatus: ThrottleStatus | None = None  # [U]
