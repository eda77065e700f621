"""Shopify's mandatory privacy webhooks: customers/data_request, customers/redact, shop/redact.

The intake stores each as a PrivacyRequest (in its transaction); the work runs after commit
as a task: a redact erases the matching buyers (privacy/erase.py), a shop redact every buyer
of that shop, and a data request waits on the Privacy page for an admin to send the export
to the shop owner (Shopify asks the shop, not the app, to answer the buyer).
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Q

from sellerdesk.audit import log as audit
from sellerdesk.channels.models import ChannelAccount, RawDelivery
from sellerdesk.conversations.models import Conversation
from sellerdesk.customers.models import Customer, Identity
from sellerdesk.lib import clock
from sellerdesk.orders.models import Order
from sellerdesk.privacy.models import PrivacyRequest

TOPICS = ("customers/data_request", "customers/redact", "shop/redact")


def receive(raw: RawDelivery, request: dict) -> PrivacyRequest:
    """Called by the intake inside its transaction; the handling is queued for after the commit."""
    from sellerdesk.privacy.tasks import handle_privacy_request

    payload = request.get("payload") or {}
    topic = request["topic"]
    matched = matching_customers(raw.account, payload) if topic != "shop/redact" else []
    row = PrivacyRequest.objects.create(topic=topic, account=raw.account, raw_delivery=raw, customer_ids=matched,
                                        received_at=clock.now())
    audit.record("privacy_request_received", target=f"channel_account:{raw.account_id}", request=row.pk,
                 channel=topic, customers=len(matched))
    transaction.on_commit(lambda: handle_privacy_request.enqueue(row.pk))
    return row


def matching_customers(account: ChannelAccount, payload: dict) -> list[int]:
    """Buyers named by the payload: the customer's email or phone, or their orders' Shopify ids."""
    person = payload.get("customer") or {}
    values = [str(person.get(k) or "").strip() for k in ("email", "phone")]
    values = [v for v in values if v]
    ids = set()
    if values:
        query = Q()
        for v in values:
            query |= Q(value__iexact=v)
        ids |= set(Identity.objects.filter(query).values_list("customer_id", flat=True))
        ids |= set(Customer.objects.filter(email__in=[v for v in values if "@" in v]).values_list("pk", flat=True))
    order_ids = [str(o) for o in (payload.get("orders_to_redact") or payload.get("orders_requested") or [])]
    if order_ids:
        ids |= set(Order.objects.filter(platform="shopify", external_id__in=order_ids, customer__isnull=False)
                   .values_list("customer_id", flat=True))
    roots = set()
    for customer in Customer.objects.filter(pk__in=ids):
        while customer.merged_into_id:
            customer = customer.merged_into
        roots.add(customer.pk)
    return sorted(roots)


def shop_customers(account: ChannelAccount) -> list[int]:
    """Every buyer of a shop: its conversations' customers, and its orders' when it is the only shop."""
    ids = set(Conversation.objects.filter(account=account).values_list("customer_id", flat=True))
    if not ChannelAccount.objects.filter(kind=account.kind).exclude(pk=account.pk).exists():
        ids |= set(Order.objects.filter(platform="shopify", customer__isnull=False).values_list("customer_id", flat=True))
    return sorted(ids)


def handle(request_id: int) -> str:
    from sellerdesk.privacy.erase import erase

    row = PrivacyRequest.objects.select_related("account").get(pk=request_id)
    if row.status != PrivacyRequest.Status.OPEN:
        return row.status
    if row.topic == "customers/data_request":
        if not row.customer_ids:
            _close(row, PrivacyRequest.Status.NO_MATCH)
        return row.status  # open: an admin exports and sends it (the Privacy page lists it)
    ids = row.customer_ids if row.topic == "customers/redact" else shop_customers(row.account)
    for customer in Customer.objects.filter(pk__in=ids):
        erase(customer, reason=f"shopify_{row.topic.replace('/', '_')}")
    if row.topic == "shop/redact" and row.account_id:
        RawDelivery.objects.filter(account_id=row.account_id).update(body=b"", headers={})
    if row.raw_delivery_id:  # the request itself names the buyer
        RawDelivery.objects.filter(pk=row.raw_delivery_id).update(body=b"", headers={})
    _close(row, PrivacyRequest.Status.DONE if ids or row.topic == "shop/redact" else PrivacyRequest.Status.NO_MATCH, ids)
    return row.status


def _close(row: PrivacyRequest, status: str, ids=None) -> None:
    with transaction.atomic():
        row.status, row.done_at = status, clock.now()
        if ids is not None:
            row.customer_ids = list(ids)
        row.save(update_fields=["status", "done_at", "customer_ids"])
        audit.record("privacy_request_closed", request=row.pk, channel=row.topic, mode=status, customers=len(row.customer_ids))


def mark_sent(row: PrivacyRequest, *, actor) -> None:
    """An admin has sent the export of a data request to the shop owner."""
    with transaction.atomic():
        row.status, row.done_at = PrivacyRequest.Status.DONE, clock.now()
        row.save(update_fields=["status", "done_at"])
        audit.record("privacy_request_closed", actor=actor, request=row.pk, channel=row.topic, mode="done")
