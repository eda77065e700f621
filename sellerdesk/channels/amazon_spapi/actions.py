"""What an agent (or a task) does with SP-API: refresh an order, send a permitted proactive
message, request a review. Each writes an Event; platform refusals reach the caller with
Amazon's own message (PermanentSendError / RetryableSendError), our own refusals as AmazonRefused.

The SP-API account is a ChannelAccount of kind "amazon_spapi" (one per store, `marketplace`
US, DE …); `account_for` picks the store's account, else the only one.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.db import transaction

from sellerdesk.channels.amazon_spapi import payloads as p
from sellerdesk.channels.amazon_spapi.client import REVIEW, SpApiClient
from sellerdesk.channels.apiclient import NotConfigured
from sellerdesk.channels.base import OrderUpdate, PermanentSendError, RetryableSendError
from sellerdesk.channels.models import ChannelAccount
from sellerdesk.channels.payloadcheck import read_answer
from sellerdesk.conversations.actions import ActionError
from sellerdesk.conversations.events import record
from sellerdesk.lib import clock
from sellerdesk.search import index as search_index
from sellerdesk.lib.timestamps import parse_iso_or_none
from sellerdesk.orders.actions import apply_order_update
from sellerdesk.orders.models import Order

KIND = "amazon_spapi"
PLATFORM = "amazon"
# Solicitations are accepted from 5 days after the earliest to 30 days after the latest delivery date [V].
REVIEW_OPENS = dt.timedelta(days=5)
REVIEW_CLOSES = dt.timedelta(days=30)
REVIEW_EVENT = "amazon_review_requested"


class AmazonRefused(ActionError):
    """We do not send this (outside the window, already sent, against Amazon's rules)."""


def account_for(marketplace: str = "") -> ChannelAccount:
    accounts = list(ChannelAccount.objects.filter(kind=KIND, is_active=True).order_by("pk"))
    same = [a for a in accounts if marketplace and a.marketplace.upper() == marketplace.upper()]
    if same or len(accounts) == 1:
        return (same or accounts)[0]
    if not accounts:
        raise NotConfigured("Amazon SP-API", ["account (Channels → + Amazon SP-API)"])
    raise NotConfigured("Amazon SP-API", [f"account for marketplace {marketplace or '(none)'}: several are set up"])


def client_for(order: Order, **kwargs) -> SpApiClient:
    return SpApiClient(account_for(order.marketplace), **kwargs)


_time = parse_iso_or_none


def _money(value) -> tuple[Decimal | None, str]:
    if not isinstance(value, dict) or value.get("Amount") in (None, ""):
        return None, ""
    try:
        return Decimal(str(value["Amount"])), str(value.get("CurrencyCode") or "")[:3]
    except InvalidOperation:
        return None, ""


def order_update(order: dict, items: list[dict], buyer: dict | None, marketplace: str) -> OrderUpdate:
    """getOrder + getOrderItems (+ getOrderBuyerInfo) -> our OrderUpdate."""
    total, currency = _money(order.get("OrderTotal"))
    lines = []
    for item in items:
        price, item_currency = _money(item.get("ItemPrice"))
        # ItemPrice is the line's price (unit price × quantity), as Amazon states it.
        lines.append({"sku": item.get("SellerSKU") or "", "asin": item.get("ASIN") or "", "title": item.get("Title") or "",
                      "quantity": int(item.get("QuantityOrdered") or 0), "price": str(price) if price is not None else "",
                      "currency": item_currency})
        currency = currency or item_currency
    buyer = buyer or order.get("BuyerInfo") or {}
    alias = str(buyer.get("BuyerEmail") or "").strip().lower()
    return OrderUpdate(
        platform=PLATFORM,
        number=str(order.get("AmazonOrderId") or ""),
        marketplace=marketplace,
        status=str(order.get("OrderStatus") or "")[:40],
        currency=currency,
        total=total,
        items=lines,
        placed_at=_time(order.get("PurchaseDate")),
        ship_by=_time(order.get("LatestShipDate")),
        deliver_by=_time(order.get("LatestDeliveryDate")),
        fulfilment=str(order.get("FulfillmentChannel") or "").upper()[:10],
        updated_at=_time(order.get("LastUpdateDate")),
        buyer_name=str(buyer.get("BuyerName") or ""),
        identities=[("amazon_buyer", alias)] if alias else [],
    )


def refresh_order(number: str, *, marketplace: str = "", client: SpApiClient | None = None) -> Order:
    """Fetch the order from Amazon and update ours (or create it): one order_created / _updated event."""
    client = client or SpApiClient(account_for(marketplace))
    data = client.get_order(number)
    if not data.get("AmazonOrderId"):
        raise PermanentSendError(f"Amazon SP-API getOrder answered without an order for {number}")
    read_answer(p.Order, data, "Amazon SP-API getOrder")
    items = client.get_order_items(number)
    read_answer(p.OrderItems, {"OrderItems": items}, "Amazon SP-API getOrderItems")
    buyer = client.get_buyer_info(number)
    if buyer is not None:
        read_answer(p.BuyerInfo, buyer, "Amazon SP-API getOrderBuyerInfo")
    order, _created = apply_order_update(order_update(data, items, buyer, marketplace or client.account.marketplace), source="amazon_spapi")
    return order


def review_requested(order: Order) -> bool:
    from sellerdesk.conversations.models import Event

    return Event.objects.filter(kind=REVIEW_EVENT, data__order_id=order.pk).exists()


def review_window(order_data: dict) -> tuple[dt.datetime | None, dt.datetime | None]:
    earliest = _time(order_data.get("EarliestDeliveryDate"))
    latest = _time(order_data.get("LatestDeliveryDate")) or earliest
    if earliest is None:
        return None, None
    return earliest + REVIEW_OPENS, latest + REVIEW_CLOSES


def request_review(order: Order, *, actor=None, conversation=None, client: SpApiClient | None = None) -> None:
    """productReviewAndSellerFeedback, once per order, inside its window."""
    client = client or client_for(order)
    with transaction.atomic():
        locked = Order.objects.select_for_update().get(pk=order.pk)  # two clicks: the second sees the first's event
        if review_requested(locked):
            raise AmazonRefused("A review was already requested for this order; Amazon allows one request per order.")
        opens, closes = review_window(client.get_order(order.number))
        now = clock.now()
        if opens is None:
            raise AmazonRefused("Amazon gives no delivery date for this order yet, so a review cannot be requested.")
        if not opens <= now <= closes:
            raise AmazonRefused(f"A review can be requested from {opens:%Y-%m-%d %H:%M} to {closes:%Y-%m-%d %H:%M} UTC only.")
        if REVIEW not in client.solicitation_actions(order.number):
            raise AmazonRefused("Amazon does not offer a review request for this order now (already requested, or not eligible).")
        client.request_review(order.number)
        record(REVIEW_EVENT, conversation=conversation, actor=actor, order_id=order.pk, number=order.number)


def send_proactive_message(order: Order, action: str, text: str, *, actor=None, conversation=None,
                           client: SpApiClient | None = None) -> None:
    """One Messaging API message of a kind Amazon offers for the order, checked by the compliance rules first."""
    from sellerdesk.replies.compliance import SendContext, check

    text = (text or "").strip()
    if not text:
        raise AmazonRefused("The message is empty.")
    verdict = check(text, channel=PLATFORM, context=SendContext(marketplace=order.marketplace, order_number=order.number,
                                                                 feedback_already_requested=review_requested(order)))
    if verdict.status == "blocked":
        raise AmazonRefused(f"Not sent: {verdict}")
    client = client or client_for(order)
    allowed = client.messaging_actions(order.number)
    if action not in allowed:
        raise AmazonRefused(f"Amazon does not allow {action} for this order now; allowed: {', '.join(allowed) or 'none'}.")
    try:
        client.send_message(order.number, action, text)
    except (PermanentSendError, RetryableSendError) as exc:
        with transaction.atomic():
            message = _in_thread(conversation, client.account, actor, action, text, error=str(exc))
            record("amazon_message_failed", conversation=conversation, actor=actor, order_id=order.pk, action=action, error=str(exc),
                   message_id=message.pk if message else None)
        raise
    with transaction.atomic():
        message = _in_thread(conversation, client.account, actor, action, text)
        record("amazon_message_sent", conversation=conversation, actor=actor, order_id=order.pk, action=action,
               compliance=verdict.status, text=text, message_id=message.pk if message else None)


def _in_thread(conversation, account, actor, action: str, text: str, *, error: str = ""):
    """The message as an outbound row of the conversation, so every agent sees what Amazon sent
    (or why it did not). Sent or failed already: the delivery task never picks it up."""
    from sellerdesk.conversations.models import Message

    if conversation is None:
        return None
    now = clock.now()
    name = ""
    if actor is not None:
        profile = getattr(actor, "agent", None)
        name = (profile.name if profile else "") or actor.get_username()
    message = Message.objects.create(
        conversation=conversation, account=account, direction=Message.Direction.OUTBOUND, author=actor,
        sender="Amazon Messaging API", sender_name=name, subject=f"Amazon: {action}", body_text=text, body_full=text,
        delivery_status=Message.Delivery.FAILED if error else Message.Delivery.SENT, error=error,
        flags=["amazon-proactive"], sent_at=now, created_at=now)
    search_index.index_messages([message])
    return message
