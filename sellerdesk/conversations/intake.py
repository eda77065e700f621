"""Inbound messages into conversations, many at a time.

`Intake` receives the messages of a batch of deliveries in one transaction. It reads what the
batch needs in a few queries (conversations/batchview.py: known messages, identities, threads,
orders, open deadlines), decides each message in arrival order against that in-memory view —
exactly what receiving them one by one would decide, each seeing what the earlier ones changed —
and writes the new and changed rows in bulk in `flush()`, a multi-row statement per table
(lib/rows.py).

`receive_message()` is the same path for one message.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from sellerdesk import triage
from sellerdesk.triage import second_opinion
from sellerdesk.alerts import raising as alerts
from sellerdesk.automation import events as automation_events
from sellerdesk.channels.base import InboundMessage
from sellerdesk.channels.models import ChannelAccount, RawDelivery
from sellerdesk.conversations.batchview import EMAIL_THREAD_WINDOW, SUBJECT_CANDIDATES, BatchView
from sellerdesk.conversations.models import Attachment, Conversation, Event, Message
from sellerdesk.customers.actions import match_identities, normalise_identities
from sellerdesk.customers.models import Customer, Identity
from sellerdesk.lib import blobs, clock
from sellerdesk.lib.rows import insert_rows, update_rows
from sellerdesk.orders import stores
from sellerdesk.orders.models import Claim, Order
from sellerdesk.routing import service as routing
from sellerdesk.search import index as search_index
from sellerdesk.sla import engine as sla
from sellerdesk.sla.models import Deadline
from sellerdesk.sla.policies import PolicySet

_SUBJECT_PREFIX = re.compile(r"^\s*((re|fw|fwd|aw|wg|tr|rv|sv|vs|antw|回复|答复|转发|件名)\s*(\[\d+\])?\s*[:：]\s*)+", re.IGNORECASE)


def normalise_subject(subject: str) -> str:
    return _SUBJECT_PREFIX.sub("", subject or "").strip().lower()


def triage_input(msg: InboundMessage) -> dict:
    """What triage reads of a message (besides the customer's VIP flag)."""
    return {"text": msg.body_text or msg.body_full, "subject": msg.subject, "claim_kind": msg.claim.kind if msg.claim else ""}


def receive_message(
    account: ChannelAccount, msg: InboundMessage, raw: RawDelivery | None = None, triaged: triage.TriageResult | None = None
) -> Message:
    """Store one inbound message, threaded, linked, triaged, with its deadline and assignee.

    Idempotent: the same (account, external_id) returns the stored message unchanged.
    """
    from django.db import transaction

    with transaction.atomic():
        intake = Intake([(account, msg)])
        message = intake.receive(account, msg, raw=raw, triaged=triaged)
        intake.flush()
        return message


@dataclass
class _Arrival:
    """One message being received: what the steps of Intake.receive decide, in order."""

    account: ChannelAccount
    msg: InboundMessage
    now: dt.datetime
    sent_at: dt.datetime
    customer: Customer | None = None
    conversation: Conversation | None = None
    created: bool = False
    claim: Claim | None = None
    result: triage.TriageResult | None = None
    was_open: bool = False
    reopened: bool = False
    agent: object = None

    @property
    def received_at(self) -> dt.datetime:
        # Platforms count from when the buyer wrote (capped at now against skewed clocks).
        return min(self.sent_at, self.now)


class Intake:
    """One transaction's inbound messages: read once, decided in order, written in bulk.

    Call `receive()` for each message in arrival order (inside a transaction), then `flush()`.
    `flush()` may also be called in between, before work that reads the database directly.
    """

    def __init__(self, items: list[tuple[ChannelAccount, InboundMessage]]):
        self.view = BatchView(items, normalise_subject)
        self._roster = None
        self._pending_reset()

    def _pending_reset(self) -> None:
        self.new_customers: list[Customer] = []
        self.changed_customers: dict[int, Customer] = {}
        self.new_identities: list[Identity] = []
        self.new_orders: list[Order] = []
        self.new_conversations: list[Conversation] = []
        self.changed_conversations: dict[int, Conversation] = {}
        self.new_deadlines: list[Deadline] = []
        self.changed_deadlines: dict[int, Deadline] = {}
        self.new_messages: list[Message] = []
        self.attachments: list[tuple[Message, list]] = []
        self.terms_ahead: dict[int, tuple] = {}  # id(message) -> its search terms, worked out by a helper
        self.relinked: set[int] = set()  # existing conversations given an order: indexed again
        self.renamed_customers: set[int] = set()  # existing buyers whose name was learnt: their threads too
        self.events: list[tuple[str, Conversation | None, object, dt.datetime]] = []
        self.claim_links: list[tuple[Claim, Conversation]] = []

    # --- one message, step by step -------------------------------------------------------------

    def receive(
        self, account: ChannelAccount, msg: InboundMessage, *, raw: RawDelivery | None = None,
        triaged: triage.TriageResult | None = None, terms: tuple | None = None,
    ) -> Message:
        """Decide one message (its rows are written by flush()); the stored one if already received.

        `triaged` and `terms` (search_index.text_terms) were worked out ahead from the message's text."""
        stored = self.view.stored_message(account, msg)
        if stored is not None:
            return stored
        now = clock.now()
        a = _Arrival(account, msg, now, msg.sent_at or now)
        self._find_buyer_and_thread(a)
        self._link_order_and_claim(a)
        self._triage(a, triaged)
        self._update_thread(a)
        plan = sla.on_buyer_message(
            a.conversation, received_at=a.received_at, now=now, claim=a.claim, automated=msg.is_automated,
            rows=self.view.deadlines[id(a.conversation)], policies=self.policies(),
        )
        self._route(a)
        self._keep(a, plan)
        message = self._new_message(a, raw)
        if terms is not None:
            self.terms_ahead[id(message)] = terms
        self._record_arrival(a, message)
        return message

    def _find_buyer_and_thread(self, a: _Arrival) -> None:
        msg = a.msg
        if msg.identities:
            a.customer = self.find_or_create_customer(msg.identities, name=msg.sender_name, now=a.now)
            a.conversation = self.find_thread(a.account, msg, a.customer)
        else:
            # Platform notifications (A-to-z claim, feedback) carry no buyer identity:
            # they belong to the buyer of the thread they join.
            a.conversation = self.find_thread(a.account, msg, None)
            if a.conversation is not None:
                a.customer = a.conversation.customer
            else:
                a.customer = self.find_or_create_customer([], name=msg.sender_name, now=a.now)
        a.created = a.conversation is None
        if a.created:
            a.conversation = Conversation(
                channel=msg.channel, account=a.account, marketplace=msg.marketplace or a.account.marketplace,
                customer=a.customer, subject=msg.subject[:500], thread_key=msg.thread_key,
                created_at=a.now, last_message_at=a.now,
            )

    def _link_order_and_claim(self, a: _Arrival) -> None:
        order = self._link_order(a.account, a.msg, a.customer, a.now)
        if order and a.conversation.order_id is None and a.conversation.order is None:
            a.conversation.order = order
            if a.conversation.pk is not None:
                self.relinked.add(a.conversation.pk)  # its order's numbers now name it
        if a.msg.claim:
            self.flush()  # the claim row is read and written directly: everything before it is saved
            a.claim = _record_claim(a.msg, order, a.now)

    def _triage(self, a: _Arrival, triaged: triage.TriageResult | None) -> None:
        # Results triaged ahead (pipeline) read the text only: the decision is retaken with the
        # customer's VIP flag and lifetime value (from their orders) now that the buyer is known.
        customer = a.customer
        value = float(customer.lifetime_value or 0) or None
        if triaged is None:
            a.result = triage.analyze(**triage_input(a.msg), is_vip=customer.is_vip, customer_value=value)
        else:
            a.result = triage.reprioritise(triaged, is_vip=customer.is_vip, customer_value=value)

    def _update_thread(self, a: _Arrival) -> None:
        """The thread takes the message: open again, its language, priority and times."""
        conversation, customer, result, created = a.conversation, a.customer, a.result, a.created
        a.was_open = conversation.status == Conversation.Status.OPEN
        a.reopened = conversation.status == Conversation.Status.RESOLVED
        conversation.status = Conversation.Status.OPEN
        conversation.snoozed_until = None
        conversation.language = result.language or conversation.language
        if result.language and not customer.language:
            customer.language = result.language
            self._changed_customer(customer)
        # A later message can raise the priority of a thread, never silently lower it.
        if created or result.tier <= conversation.tier:
            conversation.intent = result.intent
            conversation.intent_confidence = result.intent_confidence
            # The reasons shown explain the thread's tier: a calmer follow-up keeps the earlier ones.
            conversation.urgency_reasons = result.reasons
        conversation.tier = min(conversation.tier, result.tier) if not created else result.tier
        conversation.sentiment = result.sentiment
        conversation.urgency = max(conversation.urgency, result.urgency) if not created else result.urgency
        conversation.last_message_at = a.now
        conversation.last_inbound_at = a.received_at

    def _route(self, a: _Arrival) -> None:
        conversation = a.conversation
        # Load counts open conversations with an assignee: this one now counts, if it did not.
        if conversation.assignee_id is not None and not a.was_open:
            self._count_open(conversation.assignee_id)
        if conversation.assignee_id is None:
            has_claim = a.claim is not None or id(conversation) in self.view.claimed
            a.agent = routing.pick_assignee(conversation, claim=a.claim, now=a.now, roster=self.roster(), has_claim=has_claim)
            if a.agent is not None:
                conversation.assignee = a.agent
                self._count_open(a.agent.pk)

    def _keep(self, a: _Arrival, plan) -> None:
        """Queue the thread's and its clocks' rows for flush(); link a claim to its thread."""
        self._save_conversation(a.conversation, a.created)
        self._save_plan(plan, self.view.deadlines[id(a.conversation)])
        if a.claim and a.claim.conversation_id is None:
            a.claim.conversation = a.conversation
            self.claim_links.append((a.claim, a.conversation))
            self._record("claim_opened", a.conversation, _claim_data(a.claim), a.now)
        if a.claim:
            self.view.claimed.add(id(a.conversation))

    def _new_message(self, a: _Arrival, raw: RawDelivery | None) -> Message:
        msg = a.msg
        message = Message(
            conversation=a.conversation, account=a.account, direction=Message.Direction.INBOUND,
            sender=msg.sender, sender_name=msg.sender_name, recipients=msg.recipients, subject=msg.subject[:500],
            body_text=msg.body_text, body_full=msg.body_full, body_html=msg.body_html,
            external_id=msg.external_id, in_reply_to=msg.in_reply_to, references=" ".join(msg.references),
            raw_delivery=raw, language=a.result.language, is_automated=msg.is_automated, flags=msg.flags,
            sent_at=a.sent_at, created_at=a.now,
        )
        self.new_messages.append(message)
        if msg.attachments:
            self.attachments.append((message, msg.attachments))
        self.view.remember_message(a.account, msg, a.conversation, message)
        return message

    def _record_arrival(self, a: _Arrival, message: Message) -> None:
        conversation, result, now = a.conversation, a.result, a.now
        if a.created:
            self._record("conversation_created", conversation, {"channel": conversation.channel}, now)
        elif a.reopened:
            self._record("conversation_reopened", conversation, {"by": "buyer"}, now)
        deadline = conversation.next_deadline_at.isoformat() if conversation.next_deadline_at else None
        tier, urgency = conversation.tier, conversation.urgency
        self._record(
            "message_received",
            conversation,
            lambda: {
                "message_id": message.pk,
                "language": result.language,
                "intent": result.intent,
                "intent_confidence": round(result.intent_confidence, 3),
                "sentiment": result.sentiment,
                "tier": tier,
                "urgency": urgency,
                "deadline": deadline,
            },
            now,
        )
        if a.agent is not None:
            self._record("assigned", conversation, {"assignee": a.agent.pk, "by": "routing"}, now)

    # --- buyer, thread, order ----------------------------------------------------------------------

    def find_or_create_customer(self, identities, *, name: str, now: dt.datetime) -> Customer:
        """The customer owning any of these identities, or a new one holding all of them
        (what customers.actions.find_or_create_customer does, against the batch's view)."""
        identities = normalise_identities(identities)
        known = self.view.identities
        customer, missing = match_identities(identities, known)
        if customer is not None and not missing and (customer.name or not name):
            return customer
        if customer is None:
            email = next((v for k, v in identities if k == "email"), "")
            customer = Customer(name=name[:200], email=email, created_at=now)
            self.new_customers.append(customer)
            self._record("customer_created", None, lambda: {"customer": customer.pk}, now)
        elif name and not customer.name:
            customer.name = name[:200]
            self._changed_customer(customer)
            self.renamed_customers.add(customer.pk)
        for kind, value in missing:
            known[(kind, value)] = customer
            self.new_identities.append(Identity(kind=kind, value=value, customer=customer))
        return customer

    def find_thread(self, account: ChannelAccount, msg: InboundMessage, customer) -> Conversation | None:
        view = self.view
        # The conversation of the latest message replied to.
        replied = view.replied_conversation(account, [i for i in [msg.in_reply_to, *reversed(msg.references)] if i])
        if replied is not None:
            return replied
        if msg.thread_key:
            conv = view.by_thread_key.get((account.pk, msg.thread_key))
            if conv is not None:
                return conv
        subject = normalise_subject(msg.subject)
        if subject and not msg.claim and customer is not None:
            since = (msg.sent_at or clock.now()) - EMAIL_THREAD_WINDOW
            recent = [c for c in view.by_customer.get((account.pk, id(customer)), []) if c.last_message_at >= since]
            # Subjects only: a regular buyer has many recent threads; the latest ones are compared.
            recent.sort(key=lambda c: c.last_message_at, reverse=True)
            for other in recent[:SUBJECT_CANDIDATES]:
                if other.normalised_subject == subject:
                    return view.thread(other)
        return None

    def _link_order(self, account: ChannelAccount, msg: InboundMessage, customer, now: dt.datetime) -> Order | None:
        if not msg.order_number:
            return None
        platform = msg.order_platform or msg.channel
        store = stores.message_store(platform, msg.channel, account.pk)
        # every order number of the batch was read with the view
        candidates = self.view.orders.setdefault((platform, msg.order_number), [])
        order = stores.pick(candidates, store)
        if order is None:
            order = Order(platform=platform, number=msg.order_number, store=store or "", marketplace=msg.marketplace,
                          customer=customer, created_at=now)
            self.new_orders.append(order)
            candidates.append(order)
        return order

    # --- what the decisions need ---------------------------------------------------------------

    def policies(self) -> PolicySet:
        return self.view.policies()

    def roster(self) -> routing.Roster:
        if self._roster is None:
            self._roster = routing.Roster(routing.agents_with_load())
        return self._roster

    def agents(self) -> list:
        return self.roster().users

    def _count_open(self, user_id: int) -> None:
        """One more open conversation for this agent. The agents are read first if they were not
        yet: what they read then leaves out this change, which is not written until flush()."""
        for u in self.agents():
            if u.pk == user_id:
                u.load += 1

    def _record(self, kind: str, conversation, data, at: dt.datetime) -> None:
        self.events.append((kind, conversation, data, at))

    def _changed_customer(self, customer: Customer) -> None:
        if customer.pk is not None:
            self.changed_customers[customer.pk] = customer

    def _save_conversation(self, conv: Conversation, created: bool) -> None:
        if created:
            self.new_conversations.append(conv)
            self.view.add_thread(conv, normalise_subject(conv.subject))
        elif conv.pk is None:
            pass  # created earlier in this batch: written by flush() as a new row
        else:
            self.changed_conversations[conv.pk] = conv

    def _save_plan(self, plan, rows: list[Deadline]) -> None:
        for row in plan.new:
            row.conversation = plan.conversation
        self.new_deadlines.extend(plan.new)
        rows.extend(plan.new)
        for row in plan.changed:
            if row.pk is not None:
                self.changed_deadlines[row.pk] = row

    # --- writing -------------------------------------------------------------------------------

    def flush(self) -> None:
        """Write what was decided since the last flush, parents before children."""
        insert_rows(self.new_customers)
        for c in self.new_customers:
            self.view.customers[c.pk] = c
        update_rows(list(self.changed_customers.values()), ["name", "language"])
        insert_rows(self.new_identities)
        insert_rows(self.new_orders)
        insert_rows(self.new_conversations)
        for conv in self.new_conversations:
            self.view.conversations[conv.pk] = conv
        update_rows(list(self.changed_conversations.values()), THREAD_FIELDS)
        insert_rows(self.new_deadlines)
        update_rows(list(self.changed_deadlines.values()), sla.ROW_FIELDS)
        insert_rows(self.new_messages)
        search_index.index_batch(self.new_messages, self._renamed(), self.terms_ahead)
        insert_rows(blobs.offload([
            Attachment(
                message=message, filename=a.filename[:255], content_type=a.content_type[:120], size=len(a.data),
                content_id=a.content_id[:255], is_inline=a.is_inline, data=a.data,
            )
            for message, files in self.attachments
            for a in files
        ], prefix=blobs.ATTACHMENT_PREFIX))
        for claim, conv in self.claim_links:
            claim.conversation = conv
            claim.save(update_fields=["conversation"])
        events = [
            Event(conversation=conv, kind=kind, data=data() if callable(data) else data, created_at=at)
            for kind, conv, data, at in self.events
        ]
        insert_rows(events)
        automation_events.after_intake(events, [claim for claim, _ in self.claim_links])
        second_opinion.after_intake(events)  # unsure messages: a language model reads them too, when configured
        alerts.from_events(events)  # claims opened: the people concerned are told (docs/alerts.md)
        self._pending_reset()


    def _renamed(self) -> list[Conversation]:
        """The conversations whose names (search_index.conversation_terms) this batch set or changed:
        new ones, those given an order, those whose buyer got a name."""
        changed = [
            c for c in self.changed_conversations.values() if c.pk in self.relinked or c.customer_id in self.renamed_customers
        ]
        return self.new_conversations + changed


def _record_claim(msg: InboundMessage, order: Order | None, now: dt.datetime) -> Claim:
    c = msg.claim
    claim, created = Claim.objects.get_or_create(
        platform=msg.order_platform or msg.channel,
        kind=c.kind,
        external_id=c.external_id,
        defaults={
            "order": order,
            "amount": c.amount,
            "currency": c.currency,
            "reason": c.reason[:200],
            "respond_by": c.respond_by,
            "created_at": now,
        },
    )
    return claim


def _claim_data(claim: Claim) -> dict:
    return {"claim": claim.pk, "claim_kind": claim.kind, "amount": str(claim.amount) if claim.amount is not None else None,
            "currency": claim.currency, "respond_by": claim.respond_by.isoformat() if claim.respond_by else None}


# What receiving a message changes on a conversation that exists (_update_thread, the order link,
# the SLA's copy of the next deadline, routing): flush() writes these back, and nothing else, so a
# change another transaction made meanwhile to another column (a team, a problem flag) stands.
THREAD_FIELDS = [
    "status", "snoozed_until", "language", "intent", "intent_confidence", "urgency_reasons", "tier", "sentiment", "urgency",
    "last_message_at", "last_inbound_at", "order", "assignee", "next_deadline_at", "deadline_kind",
]


__all__ = ["Intake", "receive_message", "triage_input", "normalise_subject", "EMAIL_THREAD_WINDOW", "update_rows"]
