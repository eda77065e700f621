"""Everything we hold about one buyer: the records linked to them and the strings that identify them.

`find_customer` reads what an admin types (an id, an email, a phone, a marketplace buyer id or an
order number); `footprint` follows the links — customers merged into them, conversations,
messages, orders, claims, raw deliveries — and collects the identifying strings ("terms") that
the erasure then looks for everywhere else.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field

import phonenumbers
from django.db.models import Max, Min, Q
from django.db.models.functions import Coalesce

from sellerdesk.channels.models import RawDelivery
from sellerdesk.conversations.models import Conversation, Message
from sellerdesk.customers.models import Customer, Identity
from sellerdesk.lib import blobs
from sellerdesk.orders.models import Claim, Order

# Keys of platform payloads (orders, customers, addresses) whose values identify the buyer.
PERSONAL_KEYS = frozenset({
    "email", "contact_email", "buyer_email", "phone", "name", "first_name", "last_name", "buyer_name",
    "address1", "address2", "address_line1", "address_line2", "address_line_1", "address_line_2",
    "street", "full_address", "username", "buyer_username",
})
MIN_TERM = 4  # shorter strings ("Li", "12") would match everywhere
OBJECTS_PER_READ = 200  # deliveries whose bytes are read from the object store at once
# Webhooks about a buyer's order can arrive a little before the order row's times say.
WINDOW_MARGIN = dt.timedelta(days=2)


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
    for body in _bodies(deliveries):
        _payload_values(_json_of(body), terms)
    terms = {t.strip() for t in terms if t and len(t.strip()) >= MIN_TERM}
    footprint = Footprint(customer, customer_ids, conversations, messages, sorted(orders), claims, sorted(deliveries))
    window = _active_window(conversations, orders)
    footprint.delivery_ids = sorted(deliveries | set(deliveries_naming(terms, window=window)))
    for body in _bodies(set(footprint.delivery_ids) - deliveries):
        _payload_values(_json_of(body), terms)  # an order webhook names the buyer's address too
    footprint.terms = sorted({t.strip() for t in terms if t and len(t.strip()) >= MIN_TERM}, key=lambda t: (-len(t), t))
    return footprint


def term_forms(term: str) -> list[str]:
    """The term as stored: plain, and as JSON writes non-ASCII text (\\u00e9)."""
    escaped = json.dumps(term)[1:-1]
    return [term] if escaped == term else [term, escaped]


def _bodies(delivery_ids):
    """The bytes of these deliveries, wherever they are kept (lib/blobs.py)."""
    ids = sorted(delivery_ids)
    for start in range(0, len(ids), OBJECTS_PER_READ):
        raws = list(RawDelivery.objects.filter(pk__in=ids[start:start + OBJECTS_PER_READ]).only("pk", "body", "body_key"))
        for raw in blobs.prefetch(raws):
            yield raw.body


def _active_window(conversation_ids, order_ids) -> tuple[dt.datetime, dt.datetime] | None:
    """From the buyer's first conversation or order to their last message or order update."""
    conv = Conversation.objects.filter(pk__in=conversation_ids).aggregate(a=Min("created_at"), b=Max("last_message_at"))
    orders = Order.objects.filter(pk__in=order_ids).aggregate(
        a=Min(Coalesce("placed_at", "created_at")), b=Max(Coalesce("source_updated_at", "placed_at", "created_at")))
    starts = [t for t in (conv["a"], orders["a"]) if t]
    ends = [t for t in (conv["b"], conv["a"], orders["b"]) if t]
    if not starts:
        return None
    return min(starts) - WINDOW_MARGIN, max(ends) + WINDOW_MARGIN


def deliveries_naming(terms, *, window: tuple[dt.datetime, dt.datetime] | None = None) -> list[int]:
    """Raw deliveries whose bytes contain one of `terms` (order webhooks, forged ones, bounces).

    Bytes in their column: the database searches them, so nothing is loaded that does not match.
    Bytes in the object store cannot be searched there: the deliveries no message links to (the
    linked ones are the buyer's own, or another buyer's mail) received while the buyer was
    active (`window`, from their first conversation or order to their last update) are read and
    searched here.
    """
    from sellerdesk.privacy.sweep import binary_matches

    needles = sorted({f.encode() for t in terms for f in term_forms(t)} | {t.lower().encode() for t in terms if "@" in t})
    if not needles:
        return []
    found = binary_matches(RawDelivery, "body", needles)
    if blobs.storage() is None or window is None:
        return found
    stored = (RawDelivery.objects.filter(body_key__isnull=False, messages__isnull=True, received_at__range=window)
              .exclude(body_key="").order_by("pk").values_list("pk", flat=True))
    return sorted(set(found) | set(_matching(list(stored), needles)))


def _matching(ids: list[int], needles: list[bytes]):
    """Those of these deliveries whose bytes contain a needle."""
    for start in range(0, len(ids), OBJECTS_PER_READ):
        raws = list(RawDelivery.objects.filter(pk__in=ids[start:start + OBJECTS_PER_READ]).only("pk", "body", "body_key"))
        for raw in blobs.prefetch(raws):
            data = bytes(raw.body)
            if any(n in data for n in needles):
                yield raw.pk



def chat_visitors(fp: Footprint):
    """The web chat's visitors of this buyer's conversations (their email, order number and the
    widget's copy of the transcript hang off them), found by the conversations' thread keys."""
    from sellerdesk.channels.webchat.models import ChatVisitor

    keys = [k.removeprefix("webchat:") for k in Conversation.objects.filter(pk__in=fp.conversation_ids, channel="webchat")
            .values_list("thread_key", flat=True)]
    return ChatVisitor.objects.filter(key__in=keys)
