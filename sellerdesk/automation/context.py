"""What conditions and actions read about one event: plain values, built once per event.

`Context.for_event` reads a conversation (and its buyer, order, latest buyer message) from the
database; `Context` can also be built from a dry-run row (dryrun.py) with no rows at all, so the
same conditions decide in both. Values that cost a query (tags, order count, claims) are read on
first use only.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from functools import cached_property
from typing import Any

from sellerdesk.lib.timestamps import parse_iso_or_none


@dataclasses.dataclass
class OrderView:
    """An order as rules see it (from an Order row or a dry-run row's `order` object)."""

    number: str = ""
    platform: str = ""
    marketplace: str = ""
    status: str = ""
    tracking: list[dict] = dataclasses.field(default_factory=list)  # [{"id","company","number","url","status","updated_at"}]
    delivered_at: dt.datetime | None = None
    updated_at: dt.datetime | None = None  # when we last heard about the order
    pk: int | None = None

    @property
    def latest(self) -> dict:
        shipments = [s for s in self.tracking if isinstance(s, dict)]
        return shipments[-1] if shipments else {}

    @property
    def tracking_status(self) -> str:
        return str(self.latest.get("status") or "").strip().lower()

    @property
    def tracking_updated_at(self) -> dt.datetime | None:
        return parse_iso_or_none(self.latest.get("updated_at")) or self.updated_at

    @classmethod
    def of(cls, order) -> "OrderView | None":
        if order is None:
            return None
        return cls(
            number=order.number, platform=order.platform, marketplace=order.marketplace, status=(order.status or "").lower(),
            tracking=list(order.tracking or []), delivered_at=_delivered_from_tracking(order.tracking),
            updated_at=order.source_updated_at or order.created_at, pk=order.pk,
        )

    @classmethod
    def from_row(cls, data: dict, now: dt.datetime) -> "OrderView":
        """The eval format's order object: number, status, carrier, tracking_number, tracking_status, delivered_at."""
        status = str(data.get("tracking_status") or "").lower()
        tracking = []
        if data.get("tracking_number") or status:
            tracking.append({
                "id": str(data.get("tracking_number") or "1"), "company": str(data.get("carrier") or ""),
                "number": str(data.get("tracking_number") or ""), "url": str(data.get("tracking_url") or ""), "status": status,
                "updated_at": str(data.get("tracking_updated_at") or now.isoformat()),
            })
        return cls(
            number=str(data.get("number") or ""), platform=str(data.get("platform") or ""), marketplace=str(data.get("marketplace") or ""),
            status=str(data.get("status") or "").lower(), tracking=tracking,
            delivered_at=parse_iso_or_none(data.get("delivered_at")), updated_at=now,
        )


def _delivered_from_tracking(tracking) -> dt.datetime | None:
    for shipment in reversed(tracking or []):
        if isinstance(shipment, dict) and str(shipment.get("status") or "").lower() == "delivered":
            return parse_iso_or_none(shipment.get("delivered_at")) or parse_iso_or_none(shipment.get("updated_at"))
    return None


@dataclasses.dataclass
class Context:
    event: str
    now: dt.datetime
    event_at: dt.datetime
    data: dict = dataclasses.field(default_factory=dict)
    conversation: Any = None  # Conversation row, or None (dry run, or an order without a conversation)
    customer: Any = None
    order: OrderView | None = None
    channel: str = ""
    marketplace: str = ""
    store: str = ""  # the channel account's name
    store_id: int | None = None
    language: str = ""
    intent: str = ""
    intent_confidence: float = 0.0
    tier: int = 3
    sentiment: str = ""
    text: str = ""  # the latest buyer message (the one received, for message.received)
    subject: str = ""
    is_vip: bool = False
    lifetime_value: float = 0.0
    country: str = ""
    phone: str = ""
    last_inbound_at: dt.datetime | None = None
    last_outbound_at: dt.datetime | None = None
    # Dry run: values given instead of read (tags, order_count, has_claim, triage_scores).
    given: dict = dataclasses.field(default_factory=dict)
    check_quiet: bool = True  # False: a dry-run row without a time (quiet hours cannot be judged)

    # --- read on first use ---------------------------------------------------------------------

    @cached_property
    def full_text(self) -> str:
        return f"{self.subject}\n{self.text}" if self.subject else self.text

    @cached_property
    def lower_text(self) -> str:
        return self.full_text.lower()

    @cached_property
    def cue_hits(self):
        from sellerdesk.triage import cues

        return cues.find(f"{self.subject}\n{self.text}" if self.subject else self.text)

    @property
    def cues(self) -> list[str]:
        return self.cue_hits.cues

    @cached_property
    def triage_scores(self) -> tuple[float, dict[str, float]] | None:
        """(tier-1 score, the three likeliest intents) of the buyer's text, as triage reads it;
        None without a text. Not stored with the message: read again here, once per event, only
        when a rule asks (gate.triage_sure)."""
        if "triage_scores" in self.given:
            return self.given["triage_scores"]
        if not (self.text or self.subject):
            return None
        from sellerdesk import triage

        result = triage.analyze(self.text, subject=self.subject)
        return result.tier1_probability, dict(result.intent_scores)

    @cached_property
    def tags(self) -> set[str]:
        if "tags" in self.given or self.conversation is None:
            return set(self.given.get("tags") or [])
        from sellerdesk.automation.models import Tag

        return set(Tag.objects.filter(conversation=self.conversation).values_list("name", flat=True))

    @cached_property
    def order_count(self) -> int:
        if "order_count" in self.given or self.customer is None:
            return int(self.given.get("order_count") or (1 if self.order else 0))
        from sellerdesk.orders.models import Order

        return Order.objects.filter(customer=self.customer).count()

    @cached_property
    def has_claim(self) -> bool:
        """A platform claim on this conversation or its order (claims have no closed state: any counts).

        A return request is no dispute: it is the buyer asking how to send the item back, which the
        return-instructions recipe answers (the message's own tier and sentiment still apply)."""
        if "has_claim" in self.given:
            return bool(self.given["has_claim"])
        from sellerdesk.orders.models import Claim

        claims = Claim.objects.exclude(kind=Claim.Kind.RETURN_REQUEST)
        if self.conversation is not None and claims.filter(conversation=self.conversation).exists():
            return True
        return self.order is not None and self.order.pk is not None and claims.filter(order_id=self.order.pk).exists()

    @cached_property
    def buyer_zones(self) -> list:
        from sellerdesk.automation.quiet import buyer_zones

        return buyer_zones(country=self.country, marketplace=self.marketplace, phone=self.phone)

    # --- building ------------------------------------------------------------------------------

    @classmethod
    def for_event(cls, event: str, *, conversation=None, order=None, data: dict | None = None,
                  now: dt.datetime, event_at: dt.datetime | None = None, known: "Known | None" = None) -> "Context":
        """`known`: what a batch read ahead for many events (Known.read); without it, read here."""
        from sellerdesk.conversations.models import Message

        data = dict(data or {})
        customer = conversation.customer if conversation is not None else (order.customer if order is not None else None)
        if order is None and conversation is not None:
            order = conversation.order
        ctx = cls(event=event, now=now, event_at=event_at or now, data=data, conversation=conversation, customer=customer,
                  order=OrderView.of(order))
        if customer is not None:
            ctx.is_vip = customer.is_vip
            ctx.lifetime_value = float(customer.lifetime_value or 0)
            ctx.country = customer.country or ""
            ctx.phone = (known.phones.get(customer.pk, "") if known is not None
                         else customer.identities.filter(kind="phone").values_list("value", flat=True).first() or "")
            ctx.language = customer.language or ""
        if order is not None:
            ctx.marketplace = order.marketplace or ""
            ctx.channel = order.platform
        if conversation is not None:
            ctx.channel = conversation.channel
            ctx.marketplace = conversation.marketplace or ctx.marketplace
            ctx.store, ctx.store_id = conversation.account.name, conversation.account_id
            ctx.language = conversation.language or ctx.language
            ctx.intent = conversation.intent
            ctx.intent_confidence = conversation.intent_confidence or 0.0
            ctx.tier = conversation.tier
            ctx.sentiment = conversation.sentiment
            ctx.subject = conversation.subject
            ctx.last_inbound_at = conversation.last_inbound_at
            wanted = data.get("message_id")
            if known is not None:
                inbound = known.messages.get(wanted if wanted else known.latest_inbound.get(conversation.pk))
                if inbound is not None and inbound.conversation_id != conversation.pk:
                    inbound = None  # as the query above reads it: the event's message, in this conversation
                ctx.last_outbound_at = known.last_outbound.get(conversation.pk)
            else:
                messages = Message.objects.filter(conversation=conversation)
                inbound = (messages.filter(pk=wanted) if wanted else messages.filter(direction=Message.Direction.INBOUND).order_by("-id")).first()
                ctx.last_outbound_at = (
                    messages.filter(direction=Message.Direction.OUTBOUND).order_by("-id").values_list("created_at", flat=True).first()
                )
            if inbound is not None:
                ctx.text = inbound.body_text or inbound.body_full
                ctx.language = inbound.language or ctx.language
        return ctx


@dataclasses.dataclass
class Known:
    """What Context.for_event reads per conversation, read for a whole batch in a few queries
    (the sweep's due rows): buyers' phone numbers, the messages events name, each conversation's
    latest buyer message and its latest answer's time."""

    phones: dict = dataclasses.field(default_factory=dict)  # customer id -> phone
    messages: dict = dataclasses.field(default_factory=dict)  # message id -> Message (text, language)
    latest_inbound: dict = dataclasses.field(default_factory=dict)  # conversation id -> message id
    last_outbound: dict = dataclasses.field(default_factory=dict)  # conversation id -> created_at

    @classmethod
    def read(cls, conversations: list, message_ids: set[int]) -> "Known":
        from django.db.models import Max

        from sellerdesk.conversations.models import Message
        from sellerdesk.customers.models import Identity

        known = cls()
        conv_ids = [c.pk for c in conversations]
        if not conv_ids:
            return known
        customer_ids = {c.customer_id for c in conversations if c.customer_id}
        for customer_id, value in (Identity.objects.filter(customer_id__in=customer_ids, kind="phone")
                                   .order_by("-id").values_list("customer_id", "value")):
            known.phones[customer_id] = value  # the lowest id is written last: the one .first() reads
        by_direction = (Message.objects.filter(conversation_id__in=conv_ids).values("conversation_id", "direction")
                        .annotate(last=Max("id")).values_list("conversation_id", "direction", "last"))
        outbound_ids = {}
        for conv_id, direction, last in by_direction:
            if direction == Message.Direction.INBOUND:
                known.latest_inbound[conv_id] = last
            elif direction == Message.Direction.OUTBOUND:
                outbound_ids[conv_id] = last
        wanted = set(message_ids) | set(known.latest_inbound.values())
        for message in Message.objects.filter(pk__in=wanted).only("id", "conversation_id", "body_text", "body_full", "language"):
            known.messages[message.pk] = message
        created = dict(Message.objects.filter(pk__in=outbound_ids.values()).values_list("id", "created_at"))
        known.last_outbound = {conv_id: created.get(mid) for conv_id, mid in outbound_ids.items()}
        return known
