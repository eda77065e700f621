"""One buyer, several records: suggest merges, merge two customers, undo a merge.

The same buyer often arrives as several customers: an Amazon relay alias per marketplace, a
Gmail address written with and without dots, a Shopify contact form and a WhatsApp number.
A merge moves the source's identities, conversations and orders to the target and remembers
exactly what it moved, so that `unmerge` can put every row back where it was.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Value
from django.db.models.functions import Upper

from sellerdesk.lib.errors import ActionError
from sellerdesk.conversations.events import record
from sellerdesk.conversations.models import Conversation
from sellerdesk.customers.mailbox import canonical_email
from sellerdesk.customers.models import Customer, CustomerMerge, Identity
from sellerdesk.lib import clock
from sellerdesk.orders.models import Order
from sellerdesk.search.index import index_conversations

FILLED_FIELDS = ("name", "email", "country", "language")  # empty on the target: taken from the source
SUGGESTION_LIMIT = 10
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")


def _distinctive_name(name: str) -> bool:
    # A first name alone ("Stefan", as Amazon relay subjects give it) matches far too many buyers.
    name = name.strip()
    return len(name.split()) >= 2 or len(_CJK.findall(name)) >= 2


@dataclass
class Suggestion:
    customer: Customer
    reasons: list[str] = field(default_factory=list)  # "same_mailbox", "same_order", "same_name"


def suggestions(customer: Customer) -> list[Suggestion]:
    """Other customers who are probably the same buyer, with why; strongest first."""
    found: dict[int, Suggestion] = {}

    def add(other: Customer, reason: str) -> None:
        if other.pk == customer.pk or other.merged_into_id is not None:
            return
        s = found.setdefault(other.pk, Suggestion(other))
        if reason not in s.reasons:
            s.reasons.append(reason)

    prefetched = getattr(customer, "_prefetched_objects_cache", {}).get("identities")
    if prefetched is not None:  # the customer page read them already
        emails = [i.value for i in prefetched if i.kind == Identity.Kind.EMAIL]
    else:
        emails = list(Identity.objects.filter(customer=customer, kind=Identity.Kind.EMAIL).values_list("value", flat=True))
    if emails:  # one indexed lookup for all of them (customers/mailbox.py)
        mailboxes = {canonical_email(address) for address in emails}
        for identity in Identity.objects.filter(kind=Identity.Kind.EMAIL, mailbox__in=mailboxes).exclude(
            customer=customer
        ).select_related("customer")[:200]:
            add(identity.customer, "same_mailbox")
    # A conversation of this customer about an order another customer placed, or the reverse.
    for conv in Conversation.objects.filter(customer=customer, order__customer__isnull=False).exclude(
        order__customer=customer
    ).select_related("order__customer")[:50]:
        add(conv.order.customer, "same_order")
    for conv in Conversation.objects.filter(order__customer=customer).exclude(customer=customer).select_related("customer")[:50]:
        add(conv.customer, "same_order")
    if _distinctive_name(customer.name):
        # UPPER(name) = UPPER(%s), as name__iexact on PostgreSQL, along the customer_name_upper index on both databases
        same_name = Customer.objects.alias(name_upper=Upper("name")).filter(name_upper=Upper(Value(customer.name.strip())))
        for other in same_name.filter(merged_into__isnull=True)[:SUGGESTION_LIMIT]:
            add(other, "same_name")
    strength = {"same_mailbox": 0, "same_order": 1, "same_name": 2}
    return sorted(found.values(), key=lambda s: (min(strength[r] for r in s.reasons), -len(s.reasons), s.customer.pk))[
        :SUGGESTION_LIMIT
    ]


def merge(target: Customer, source: Customer, user, *, reason: str = "") -> CustomerMerge:
    """Move everything of `source` to `target`; `source` stays, empty, pointing at `target`."""
    if target.pk == source.pk:
        raise ActionError("A customer cannot be merged into itself.")
    with transaction.atomic():
        target = Customer.objects.select_for_update().get(pk=target.pk)
        source = Customer.objects.select_for_update().get(pk=source.pk)
        if source.merged_into_id is not None or target.merged_into_id is not None:
            raise ActionError("This customer was already merged into another one.")
        moved = {
            "identities": list(Identity.objects.filter(customer=source).values_list("pk", flat=True)),
            "conversations": list(Conversation.objects.filter(customer=source).values_list("pk", flat=True)),
            "orders": list(Order.objects.filter(customer=source).values_list("pk", flat=True)),
        }
        Identity.objects.filter(pk__in=moved["identities"]).update(customer=target)
        Conversation.objects.filter(pk__in=moved["conversations"]).update(customer=target)
        Order.objects.filter(pk__in=moved["orders"]).update(customer=target)
        before = {name: getattr(target, name) for name in FILLED_FIELDS}
        before.update(lifetime_value=str(target.lifetime_value), is_vip=target.is_vip)
        for name in FILLED_FIELDS:
            if not getattr(target, name) and getattr(source, name):
                setattr(target, name, getattr(source, name))
        target.lifetime_value += source.lifetime_value
        target.is_vip = target.is_vip or source.is_vip
        target.save(update_fields=[*FILLED_FIELDS, "lifetime_value", "is_vip"])
        source.merged_into = target
        source.save(update_fields=["merged_into"])
        done = CustomerMerge.objects.create(
            target=target, source=source, moved=moved, target_before=before, reason=reason[:200], merged_by=user,
            merged_at=clock.now(),
        )
        index_conversations(Conversation.objects.filter(customer=target).values_list("pk", flat=True))
        record("customers_merged", actor=user, target=target.pk, source=source.pk, merge=done.pk, reason=reason[:200],
               **{k: len(v) for k, v in moved.items()})
        return done


def unmerge(done: CustomerMerge, user) -> Customer:
    """Undo a merge: the rows it moved go back to the source, the target's fields are restored."""
    with transaction.atomic():
        done = CustomerMerge.objects.select_for_update().select_related("target", "source").get(pk=done.pk)
        if done.undone_at is not None:
            raise ActionError("This merge was already undone.")
        target, source = done.target, done.source
        later = CustomerMerge.objects.filter(source=target, undone_at__isnull=True).first()
        if later is not None:
            raise ActionError("Undo the later merge of this customer first.")
        # Rows moved since (to a third customer) stay where they are now.
        Identity.objects.filter(pk__in=done.moved.get("identities", []), customer=target).update(customer=source)
        Conversation.objects.filter(pk__in=done.moved.get("conversations", []), customer=target).update(customer=source)
        Order.objects.filter(pk__in=done.moved.get("orders", []), customer=target).update(customer=source)
        before = done.target_before
        for name in FILLED_FIELDS:
            setattr(target, name, before.get(name, getattr(target, name)))
        target.lifetime_value -= source.lifetime_value
        target.is_vip = before.get("is_vip", target.is_vip)
        target.save(update_fields=[*FILLED_FIELDS, "lifetime_value", "is_vip"])
        source.merged_into = None
        source.save(update_fields=["merged_into"])
        done.undone_at, done.undone_by = clock.now(), user
        done.save(update_fields=["undone_at", "undone_by"])
        index_conversations(Conversation.objects.filter(customer__in=[target, source]).values_list("pk", flat=True))
        record("customers_unmerged", actor=user, target=target.pk, source=source.pk, merge=done.pk)
        return source
