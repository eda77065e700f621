"""A chat buyer (a LINE user, a WeChat openid) who names an email, phone or order we know joins
that customer.

Chat platforms tell us no email or phone. When the buyer writes one, or an order number we
hold, and it belongs to exactly one other customer, the chat customer is merged into that one
with customers.merge.merge: recorded with its reason and undoable from the customer page. Only
a customer known by chat identities alone is merged on its own; one who has an email, phone or
order already stays as it is and the match shows among the merge suggestions (same order).
An order named links the conversation to it when the conversation has none.
"""

from __future__ import annotations

import re

import phonenumbers
from django.db import transaction
from django.db.models import Q

from sellerdesk.conversations.events import record
from sellerdesk.conversations.models import Conversation, Message
from sellerdesk.customers.merge import canonical_email, merge
from sellerdesk.customers.models import Customer, CustomerMerge, Identity
from sellerdesk.orders.models import Order

_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
# Order numbers: a run of letters, digits and dashes holding at least four digits (#1001,
# 112-3456789-1234567, 576461413038785752); only those we hold count.
_ORDER = re.compile(r"#?\b[A-Za-z0-9][A-Za-z0-9-]{2,40}\b")
MAX_CANDIDATES = 20


def mentioned(text: str, region: str = "") -> tuple[list[str], list[str], list[str]]:
    """(emails, E.164 phones, order number spellings) written in `text`."""
    emails = sorted({e.lower() for e in _EMAIL.findall(text)})
    phones = []
    try:
        for match in phonenumbers.PhoneNumberMatcher(text, region.upper() or None):
            phones.append(phonenumbers.format_number(match.number, phonenumbers.PhoneNumberFormat.E164))
    except Exception:  # an unknown region code: only +country numbers are read
        phones = []
    orders = set()
    for token in _ORDER.findall(text):
        bare = token.lstrip("#")
        if sum(c.isdigit() for c in bare) >= 4 and "@" not in bare:
            orders.update({bare, f"#{bare}"})
    return emails, sorted(set(phones)), sorted(orders)[:MAX_CANDIDATES]


def _final(customer: Customer) -> Customer:
    seen = set()
    while customer.merged_into_id is not None and customer.pk not in seen:
        seen.add(customer.pk)
        customer = customer.merged_into
    return customer


def chat_prefixes() -> tuple[str, ...]:
    """The social identities the chat channels give their buyers (`Channel.chat_identity_prefix`)."""
    from sellerdesk.channels.registry import channels

    return tuple(c.chat_identity_prefix for c in channels() if c.chat_identity_prefix)


def chat_only(customer: Customer) -> bool:
    identities = list(Identity.objects.filter(customer=customer).values_list("kind", "value"))
    prefixes = chat_prefixes()
    return (bool(identities) and all(k == Identity.Kind.SOCIAL and v.startswith(prefixes) for k, v in identities)
            and not Order.objects.filter(customer=customer).exists())


def join_known_customer(message: Message, platform: str) -> CustomerMerge | None:
    """Merge the message's chat customer into the one customer its text points at, if any."""
    conversation = message.conversation
    customer = conversation.customer
    region = customer.country or conversation.marketplace or ""
    emails, phones, numbers = mentioned(message.body_text, region)
    if not (emails or phones or numbers):
        return None
    owners: dict[int, tuple[Customer, str]] = {}
    if emails or phones:
        wanted = Q(kind=Identity.Kind.PHONE, value__in=phones) if phones else Q(pk__in=[])
        if emails:
            wanted |= Q(kind=Identity.Kind.EMAIL, value__in=emails)
        for identity in Identity.objects.filter(wanted).select_related("customer__merged_into")[:MAX_CANDIDATES]:
            owner = _final(identity.customer)
            owners.setdefault(owner.pk, (owner, f"{identity.kind} {identity.value}"))
        # Gmail dots and +tags: the mailbox, not the spelling, is what matches.
        mailboxes = {canonical_email(address) for address in emails}
        similar = Identity.objects.filter(kind=Identity.Kind.EMAIL, mailbox__in=mailboxes) if mailboxes else Identity.objects.none()
        for identity in similar.select_related("customer__merged_into").order_by("pk")[:200]:
            owner = _final(identity.customer)
            owners.setdefault(owner.pk, (owner, f"email {identity.value}"))
    orders = list(Order.objects.filter(number__in=numbers).select_related("customer__merged_into")[:MAX_CANDIDATES]) if numbers else []
    for order in orders:
        if order.customer_id:
            owner = _final(order.customer)
            owners.setdefault(owner.pk, (owner, f"order {order.number}"))
    if len(orders) == 1 and conversation.order_id is None:
        _link_order(conversation, orders[0])
    owners.pop(customer.pk, None)
    if len(owners) != 1 or customer.merged_into_id is not None or not chat_only(customer):
        return None
    target, what = next(iter(owners.values()))
    return merge(target, customer, None, reason=f"{platform} buyer named {what}")


def _link_order(conversation: Conversation, order: Order) -> None:
    with transaction.atomic():
        updated = Conversation.objects.filter(pk=conversation.pk, order__isnull=True).update(order=order)
        if updated:
            conversation.order = order
            record("order_linked", conversation=conversation, order_id=order.pk, number=order.number, by="buyer_message")
