"""Declared shapes of the SP-API answers we read (Orders API v0: getOrder, getOrderItems,
getOrderBuyerInfo; Sellers API: marketplace participations). Field names are Amazon's
(docs/channels.md, Platform facts → Amazon); a wrong type is refused naming the field."""

from __future__ import annotations

from sellerdesk.channels.payloadtypes import Id, Model, Money, OptionalId, Text, Time


class Amount(Model):
    CurrencyCode: Text = None
    Amount: Money = None


class Order(Model):
    AmazonOrderId: Id
    PurchaseDate: Time = None
    LastUpdateDate: Time = None
    OrderStatus: Text = None
    OrderTotal: Amount | None = None
    MarketplaceId: OptionalId = None
    EarliestDeliveryDate: Time = None
    LatestDeliveryDate: Time = None
    EarliestShipDate: Time = None
    LatestShipDate: Time = None
    FulfillmentChannel: Text = None


class OrderItem(Model):
    ASIN: Text = None
    SellerSKU: Text = None
    OrderItemId: OptionalId = None
    Title: Text = None
    QuantityOrdered: int | None = None
    ItemPrice: Amount | None = None


class OrderItems(Model):
    OrderItems: list[OrderItem] = []
    NextToken: Text = None


class BuyerInfo(Model):
    BuyerEmail: Text = None
    BuyerName: Text = None


class Marketplace(Model):
    id: OptionalId = None
    countryCode: Text = None


class Participation(Model):
    marketplace: Marketplace | None = None
