"""Everything we hold about one buyer: the records linked to them and the strings that identify them.

`find_customer` reads what an admin types (an id, an email, a phone, a marketplace buyer id or an
order number); `footprint` follows the links — customers merged into them, conversations,
messages, orders, claims, raw deliveries — and collects the identifying strings ("terms") that
the erasure then looks for everywhere else.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

import phonenumbers
from django.db.models import Q

from sellerdesk.channels.models import RawDelivery
from sellerdesk.conversations.models import Conversation, Message
from sellerdesk.customers.models import Customer, Identity
from sellerdesk.orders.models import Claim, Order

# Keys of platform payloads (orders, customers, addresses) whose values identify the buyer.
PERSONAL_KEYS = frozenset({
    "email", "contact_email", "buyer_email", "phone", "name", "first_name", "last_name", "buyer_name",
    "address1", "address2", "address_line1", "address_line2", "address_line_1", "address_line_2",
    "street", "full_address", "username", "buyer_username",
})
MIN_TERM = 4  # shorter strings ("Li", "12") would match everywhere


class NotFound(LookupError):
    pass


def find_customer(text: str) -> Customer:
    """The customer an admin means: `12`, `jane@example.com`, `+4930123456`, a buyer id or an order number."""
    value = (text or "").strip()
    if not value:
        raise NotFound("Name a customer: an id, an email, a phone, a buyer id or an order number.")
    if value.isdigit() and len(value) < 19:
        customer = Customer.objects.filter(pk=int(value)).first()
        if customer is not None:
            return root_of(customer)
    identity = Identity.objects.filter(value__iexact=value).select_related("customer").first()
    if identity is not None:
        return root_of(identity.customer)
    customer = Customer.objects.filter(email__iexact=value).first()
    if customer is not None:
        return root_of(customer)
    order = Order.objects.filter(number=value, customer__isnull=False).select_related("customer").first()
    if order is not None:
        return root_of(order.customer)
    raise NotFound(f"No customer matches {value!r}.")


def root_of(customer: Customer) -> Customer:
    """The record a merged customer now lives in (merges can chain)."""
    seen = set()
    while customer.merged_into_id and customer.pk not in seen:
        seen.add(customer.pk)
        customer = customer.merged_into
    return customer


@dataclass
class Footprint:
    customer: Customer
    customer_ids: list[int]
    conversation_ids: list[int]
    message_ids: list[int]
    order_ids: list[int]
    claim_ids: list[int]
    delivery_ids: list[int]
    terms: list[str] = field(default_factory=list)


def _merged(customer: Customer) -> list[int]:
    ids, frontier = {customer.pk}, [customer.pk]
    while frontier:
        frontier = [pk for pk in Customer.objects.filter(merged_into__in=frontier).values_list("pk", flat=True) if pk not in ids]
        ids.update(frontier)
    return sorted(ids)


def _phone_forms(value: str) -> list[str]:
    """+493012345678 as people write it too: national format, international with spaces, digits only."""
    forms = [value]
    try:
        number = phonenumbers.parse(value, None)
    except phonenumbers.NumberParseException:
        return forms
    for fmt in (phonenumbers.PhoneNumberFormat.NATIONAL, phonenumbers.PhoneNumberFormat.INTERNATIONAL):
        forms.append(phonenumbers.format_number(number, fmt))
    forms.append(str(number.national_number))
    return forms


def _payload_values(data, found: set[str]) -> None:
    if isinstance(data, dict):
        for key, value in data.items():
            if isinstance(value, str) and key.lower() in PERSONAL_KEYS:
                found.add(value)
            elif isinstance(value, (dict, list)):
                _payload_values(value, found)
    elif isinstance(data, list):
        for item in data:
            _payload_values(item, found)


def _json_of(body: bytes):
    try:
        return json.loads(bytes(body))
    except (ValueError, UnicodeDecodeError):
        return None


def footprint(customer: Customer) -> Footprint:
    customer_ids = _merged(customer)
    conversations = list(Conversation.objects.filter(customer_id__in=customer_ids).values_list("pk", flat=True))
    orders = set(Order.objects.filter(customer_id__in=customer_ids).values_list("pk", flat=True))
    orders |= set(Conversation.objects.filter(pk__in=conversations, order__isnull=False).values_list("order_id", flat=True))
    messages = list(Message.objects.filter(conversation_id__in=conversations).values_list("pk", flat=True))
    claims = list(Claim.objects.filter(Q(order_id__in=orders) | Q(conversation_id__in=conversations)).values_list("pk", flat=True))
    deliveries = set(Message.objects.filter(pk__in=messages, raw_delivery__isnull=False).values_list("raw_delivery_id", flat=True))

    terms: set[str] = set()
    for c in Customer.objects.filter(pk__in=customer_ids):
        terms.update([c.name, c.email])
    for kind, value in Identity.objects.filter(customer_id__in=customer_ids).values_list("kind", "value"):
        terms.update(_phone_forms(value) if kind == Identity.Kind.PHONE else [value])
    for sender, name in Message.objects.filter(pk__in=messages, direction=Message.Direction.INBOUND).values_list("sender", "sender_name"):
        terms.update([sender, name])
    for number, external_id in Order.objects.filter(pk__in=orders).values_list("number", "external_id"):
        terms.update([number, external_id])
    terms.update(Claim.objects.filter(pk__in=claims).values_list("external_id", flat=True))
    # Names, addresses and phones as the platforms sent them (e.g. a Shopify order's shipping address).
    for body in RawDelivery.objects.filter(pk__in=deliveries).values_list("body", flat=True):
        _payload_values(_json_of(body), terms)
    terms = {t.strip() for t in terms if t and len(t.strip()) >= MIN_TERM}
    footprint = Footprint(customer, customer_ids, conversations, messages, sorted(orders), claims, sorted(deliveries))
    footprint.delivery_ids = sorted(deliveries | set(deliveries_naming(terms)))
    for body in RawDelivery.objects.filter(pk__in=footprint.delivery_ids).exclude(pk__in=deliveries).values_list("body", flat=True):
        _payload_values(_json_of(body), terms)  # an order webhook names the buyer's address too
    footprint.terms = sorted({t.strip() for t in terms if t and len(t.strip()) >= MIN_TERM}, key=lambda t: (-len(t), t))
    return footprint


def term_forms(term: str) -> list[str]:
    """The term as stored: plain, and as JSON writes non-ASCII text (\\u00e9)."""
    escaped = json.dumps(term)[1:-1]
    return [term] if escaped == term else [term, escaped]


def deliveries_naming(terms) -> list[int]:
    """Raw deliveries whose bytes contain one of `terms` (order webhooks, forged ones, bounces):
    the database searches the bytes, so nothing is loaded that does not match."""
    from sellerdesk.privacy.sweep import binary_matches

    needles = sorted({f.encode() for t in terms for f in term_forms(t)} | {t.lower().encode() for t in terms if "@" in t})
    return binary_matches(RawDelivery, "body", needles) if needles else []

