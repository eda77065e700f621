"""The shape every channel has: parse a raw delivery into normalised messages, send a reply."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, ClassVar

if TYPE_CHECKING:
    from sellerdesk.channels.models import ChannelAccount, RawDelivery
    from sellerdesk.conversations.models import Message


class MalformedDelivery(Exception):
    """The delivery cannot be understood. It stays stored, flagged and visible."""


def validated(model, data, where: str):
    """`data` read through a channel's pydantic model (its payloads.py); MalformedDelivery naming the
    first field that failed ("orders/create: line_items.0.quantity: Input should be a valid integer")."""
    from pydantic import ValidationError

    try:
        return model.model_validate(data)
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
        first = errors[0]
        field = ".".join(str(p) for p in first["loc"]) or "(the whole object)"
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        raise MalformedDelivery(f"{where}: {field}: {first['msg']}{more}") from None


class PermanentSendError(Exception):
    """Sending failed in a way a retry will not fix (bad address, rejected by the platform)."""


class RetryableSendError(Exception):
    """Sending failed for now (network, 4xx SMTP, 429/5xx): try again later."""


@dataclass
class InboundAttachment:
    filename: str
    content_type: str
    data: bytes
    content_id: str = ""
    is_inline: bool = False


@dataclass
class PlatformClaim:
    """A platform case announced by a notification (A-to-z claim, chargeback...)."""

    kind: str  # orders.Claim.Kind value
    external_id: str
    order_number: str = ""
    amount: Decimal | None = None
    currency: str = ""
    reason: str = ""
    respond_by: dt.datetime | None = None


@dataclass
class InboundMessage:
    """One buyer message (or platform notification) in channel-neutral form."""

    external_id: str
    channel: str  # the conversation's channel: "amazon" for relay mail, "email" otherwise...
    sender: str
    sender_name: str = ""
    recipients: list[str] = field(default_factory=list)
    subject: str = ""
    body_text: str = ""  # new text only
    body_full: str = ""
    body_html: str = ""
    sent_at: dt.datetime | None = None
    in_reply_to: str = ""
    references: list[str] = field(default_factory=list)
    thread_key: str = ""
    marketplace: str = ""
    order_number: str = ""
    order_platform: str = ""
    # The platform's internal order id (Shopify): resolved to the order, its number and buyer when
    # processed, after the delivery's order updates (parsing stays free of database reads).
    order_external_id: str = ""
    identities: list[tuple[str, str]] = field(default_factory=list)  # (Identity.Kind, value)
    attachments: list[InboundAttachment] = field(default_factory=list)
    is_automated: bool = False
    flags: list[str] = field(default_factory=list)
    claim: PlatformClaim | None = None


@dataclass
class OrderUpdate:
    """What a platform event says about one order (created, changed, shipped, refunded, returned).

    Found by the platform's own id (`external_id`) first, then by `number`. Fields left empty
    change nothing; tracking, refunds and returns are merged by their "id".
    """

    platform: str
    number: str = ""
    external_id: str = ""
    marketplace: str = ""
    status: str = ""
    currency: str = ""
    total: Decimal | None = None
    items: list[dict] | None = None
    placed_at: dt.datetime | None = None
    ship_by: dt.datetime | None = None
    deliver_by: dt.datetime | None = None
    fulfilment: str = ""  # Amazon's FulfillmentChannel: AFN (by Amazon) or MFN (by the seller)
    updated_at: dt.datetime | None = None  # the platform's time: an older update never overwrites a newer one
    buyer_name: str = ""
    identities: list[tuple[str, str]] = field(default_factory=list)
    tracking: list[dict] = field(default_factory=list)
    refunds: list[dict] = field(default_factory=list)
    returns: list[dict] = field(default_factory=list)
    # Where the number is unique (orders/stores.py): set from the reporting account; None = not known.
    store: str | None = None


@dataclass
class ParseResult:
    messages: list[InboundMessage] = field(default_factory=list)
    # Order events (webhooks): applied before the messages, so the messages link to the orders.
    orders: list[OrderUpdate] = field(default_factory=list)
    # Set when the delivery is deliberately not a buyer message (auto-reply, bounce).
    ignored_reason: str = ""
    # For a bounce: the Message-ID of our mail that bounced, to flag it failed.
    bounced_message_id: str = ""
    # A platform's privacy webhook (Shopify customers/redact...): {"topic", "payload"}, see privacy/requests.py.
    privacy_request: dict | None = None


class Channel:
    """Base class; one subclass per channel folder (its channel.py), registered in registry.py."""

    name: ClassVar[str]
    label: ClassVar[str]
    # Dotted path of its webhooks.WebhookReceiver; "" when it takes no webhooks.
    receiver: ClassVar[str] = ""
    # The Order.platform whose orders it can fetch (look_up_order); "" when none.
    order_platform: ClassVar[str] = ""
    # False for an API integration without conversations of its own (Amazon SP-API).
    in_inbox: ClassVar[bool] = True
    # A chat channel whose buyers are known only by the platform's user id: the prefix of that
    # social identity ("line:"); customers/join.py lets such a buyer join the customer their
    # message names. "" for channels that give an email or phone.
    chat_identity_prefix: ClassVar[str] = ""

    def check_connection(self, account: ChannelAccount) -> str:
        """"Test connection": renew the token, make one cheap read call; a success text, or raise
        PermanentSendError / RetryableSendError / connectiontest.Failed saying what to fix."""
        raise NotImplementedError

    def can_look_up_orders(self) -> bool:
        """True when an active account can fetch orders of `order_platform` now."""
        return False

    def look_up_order(self, number: str, marketplace: str = "") -> None:
        """Fetch one order into ours; PermanentSendError when the platform has none."""
        raise NotImplementedError

    def parse(self, raw: RawDelivery) -> ParseResult:
        raise NotImplementedError

    def send(self, account: ChannelAccount, message: Message) -> str:
        """Send an outbound message; return the platform's id for it."""
        raise NotImplementedError

    def deliver_inline(self, message: Message) -> bool:
        """Deliver a reply in the process that committed it, without the task queue: True when done.

        For channels whose delivery is a local write (web chat: a line for the visitor's stream);
        the others answer False and the reply is queued (conversations.tasks.deliver_message).
        """
        return False

    def conversation_panel(self, conversation) -> dict | None:
        """A box of the channel's own on a conversation's sidebar (for agents who may write):
        {"template": "channels/<name>/....html", ...values it shows as `panel`}, or None."""
        return None

    def after_write(self, raw: RawDelivery, result: ParseResult) -> None:
        """Called inside the delivery's transaction once it is written (processed or ignored): a
        channel queues its follow-up work here with transaction.on_commit (media downloads,
        profiles). Nothing by default."""
