"""What a visitor does: start (a key and its token), say who they are, write a message."""

from __future__ import annotations

import base64
import uuid

from django.db import transaction

from sellerdesk.channels.webchat import tokens
from sellerdesk.channels.webchat.models import ChatEvent, ChatVisitor
from sellerdesk.channels.webchat.payloads import ChatDelivery, Photo
from sellerdesk.channels.webchat.texts import language_of
from sellerdesk.lib import clock


def start(account, language: str) -> tuple[ChatVisitor, str]:
    now = clock.now()
    visitor = ChatVisitor.objects.create(account=account, key=tokens.new_key(), language=language_of(language),
                                         created_at=now, last_seen_at=now)
    return visitor, tokens.issue(account.pk, visitor.key)


def find_order(number: str):
    """The order a visitor names ("#1001" or "1001"); None when we do not know it (nothing is
    created for a number typed into a chat)."""
    from sellerdesk.orders.models import Order

    number = number.strip()
    if not number:
        return None
    candidates = {number, number.lstrip("#"), "#" + number.lstrip("#")}
    return Order.objects.select_related("customer").filter(number__in=candidates).order_by("pk").first()


def buyer_emails(order) -> set[str]:
    from sellerdesk.customers.models import Identity

    if order.customer_id is None:
        return set()
    found = {v.lower() for v in Identity.objects.filter(customer_id=order.customer_id, kind="email").values_list("value", flat=True)}
    if order.customer.email:
        found.add(order.customer.email.lower())
    return found


def identify(visitor: ChatVisitor, *, email: str = "", order_number: str = "") -> dict:
    """Remember the visitor's email and/or order number; the order is linked when we know it, and
    counts as theirs (the bot may tell its tracking) only when the email is its buyer's."""
    email = email.strip().lower()
    fields = []
    if email:
        visitor.email = email
        fields.append("email")
    order = None
    if order_number.strip():
        order = find_order(order_number)
        visitor.order_number = order.number if order else order_number.strip()[:64]
        fields.append("order_number")
    if fields:
        current = find_order(visitor.order_number) if visitor.order_number else None
        visitor.order_verified = bool(current and visitor.email and visitor.email in buyer_emails(current))
        visitor.save(update_fields=fields + ["order_verified"])
    return {"email": visitor.email, "order": visitor.order_number,
            "order_known": bool(find_order(visitor.order_number)) if visitor.order_number else False}


def post(visitor: ChatVisitor, *, client_id: str, text: str, language: str, page: str,
         photo: tuple[str, str, bytes] | None) -> tuple[ChatEvent, bool]:
    """Store the message as a raw delivery (the intake makes it a conversation message, and the bot
    takes its turn right after: WebchatChannel.after_write) and show it in the widget. A client id
    sent again changes nothing (the widget retries a send it saw fail). Returns (the line, created)."""
    from sellerdesk.channels import pipeline

    client_id = client_id or uuid.uuid4().hex
    order = find_order(visitor.order_number) if visitor.order_number else None
    now = clock.now()
    delivery = ChatDelivery(
        visitor=visitor.key, client_id=client_id, text=text, language=language_of(language or visitor.language),
        email=visitor.email, order_number=order.number if order else "", order_platform=order.platform if order else "",
        page=page[:500], sent_at=now,
        photo=Photo(name=photo[0][:255] or "photo", type=photo[1], data=base64.b64encode(photo[2]).decode()) if photo else None,
    )
    with transaction.atomic():
        raw, created = pipeline.store_delivery(visitor.account, f"webchat:{visitor.key}:{client_id}",
                                               delivery.model_dump_json().encode(), channel="webchat")
        if not created:
            line = ChatEvent.objects.filter(visitor=visitor, client_id=client_id).order_by("pk").first()
            return line, False
        files = [{"name": photo[0][:255] or "photo", "type": photo[1]}] if photo else []
        line = ChatEvent.objects.create(visitor=visitor, kind=ChatEvent.Kind.VISITOR, text=text, client_id=client_id,
                                        files=files, created_at=now)
        ChatVisitor.objects.filter(pk=visitor.pk).update(last_seen_at=now)
    return line, True
