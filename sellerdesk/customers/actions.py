from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Q

from sellerdesk.conversations.events import record
from sellerdesk.customers.models import Customer, Identity


def normalise_identities(identities) -> list[tuple[str, str]]:
    """(kind, value) pairs as stored: blanks dropped, emails lower-cased."""
    return [(k, v.strip().lower() if k == "email" else v.strip()) for k, v in identities if v and v.strip()]


def match_identities(identities: list[tuple[str, str]], known) -> tuple[Customer | None, list[tuple[str, str]]]:
    """(the owner of the first known identity or None, the identities not known yet); `known` maps
    (kind, value) to its customer. Shared by this module and the batched intake."""
    customer = next((known[i] for i in identities if i in known), None)
    return customer, [i for i in identities if i not in known]


def find_or_create_customer(identities: list[tuple[str, str]], *, name: str, now: dt.datetime) -> Customer:
    """The customer owning any of these identities, or a new one holding all of them."""
    identities = normalise_identities(identities)
    # One query for all identities (the first one given that is known wins), and no writes
    # at all for a known customer with nothing new: the common case on a busy inbox.
    known = {}
    if identities:
        wanted = Q()
        for kind, value in identities:
            wanted |= Q(kind=kind, value=value)
        known = {(i.kind, i.value): i.customer for i in Identity.objects.filter(wanted).select_related("customer")}
    customer, missing = match_identities(identities, known)
    if customer is not None and not missing and (customer.name or not name):
        return customer
    with transaction.atomic():
        if customer is None:
            email = next((v for k, v in identities if k == "email"), "")
            customer = Customer.objects.create(name=name[:200], email=email, created_at=now)
            record("customer_created", customer=customer.pk)
        elif name and not customer.name:
            customer.name = name[:200]
            customer.save(update_fields=["name"])
        for kind, value in missing:
            Identity.objects.get_or_create(kind=kind, value=value, defaults={"customer": customer})
    return customer
