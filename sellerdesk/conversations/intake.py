"""Inbound messages into conversations, many at a time.

`Intake` receives the messages of a batch of deliveries in one transaction. It reads what the
batch needs in a few queries (known messages, identities, threads, orders, open deadlines, the
agents and their load), decides each message in arrival order against that in-memory view —
exactly what receiving them one by one would decide, each seeing what the earlier ones changed —
and writes the new and changed rows in bulk in `flush()`. On the ingest benchmark a message
received alone costs about twenty statements, most of the time spent building SQL; in a batch
of a hundred it costs a few rows in a few bulk statements.

`receive_message()` is the same path for one message.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections import defaultdict

from django.db import connection
from django.db.models import Q

from sellerdesk import triage
from sellerdesk.automation import events as automation_events
from sellerdesk.alerts import raising as alerts
from sellerdesk.channels.base import InboundMessage
from sellerdesk.channels.models import ChannelAccount, RawDelivery
from sellerdesk.conversations.models import Attachment, Conversation, Event, Message
from sellerdesk.customers.actions import match_identities, normalise_identities
from sellerdesk.customers.models import Customer, Identity
from sellerdesk.lib import clock
from sellerdesk.orders.models import Claim, Order
from sellerdesk.routing import service as routing
from sellerdesk.search import index as search_index
from sellerdesk.sla import engine as sla
from sellerdesk.sla.models import Deadline
from sellerdesk.sla.policies import active_policies

_SUBJECT_PREFIX = re.compile(r"^\s*((re|fw|fwd|aw|wg|tr|rv|sv|vs|antw|回复|答复|转发|件名)\s*(\[\d+\])?\s*[:：]\s*)+", re.IGNORECASE)
EMAIL_THREAD_WINDOW = dt.timedelta(days=30)
SUBJECT_CANDIDATES = 20  # a buyer's latest threads compared by subject


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


class Intake:
    """One transaction's inbound messages: read once, decided in order, written in bulk.

    Call `receive()` for each message in arrival order (inside a transaction), then `flush()`.
    `flush()` may also be called in between, before work that reads the database directly.
    """

    def __init__(self, items: list[tuple[ChannelAccount, InboundMessage]]):
        self._seq = itertools.count(1)
        # identity maps: one Python object per row, so later messages see earlier changes
        self.customers: dict[int, Customer] = {}
        self.identities: dict[tuple[str, str], Customer] = {}
        self.conversations: dict[int, Conversation] = {}
        # Keyed by id() of the identity-mapped objects: stable, and valid before a row has its id.
        self.by_customer: dict[tuple[int, int], list[Conversation]] = defaultdict(list)  # (account id, id(customer))
        self.by_thread_key: dict[tuple[int, str], Conversation] = {}
        self.orders: dict[tuple[str, str], Order] = {}
        self.deadlines: dict[int, list[Deadline]] = defaultdict(list)  # id(conversation) -> open rows
        self.claimed: set[int] = set()  # id() of conversations that have a claim
        # (account id, external id) -> (sort key, conversation or its id, the Message if received now)
        self.known: dict[tuple[int, str], tuple[tuple, object, Message | None]] = {}
        self._agents = None
        self._policies = None
        self._pending_reset()
        self._load(items)

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
        self.events: list[tuple[str, Conversation | None, object, dt.datetime]] = []
        self.claim_links: list[tuple[Claim, Conversation]] = []

    # --- reading the batch's rows ------------------------------------------------------------

    def _load(self, items) -> None:
        if not items:
            return
        refs: dict[int, set[str]] = defaultdict(set)
        keys: dict[int, set[str]] = defaultdict(set)
        wanted: dict[str, set[str]] = defaultdict(set)
        numbers: dict[str, set[str]] = defaultdict(set)
        earliest = None
        for account, msg in items:
            refs[account.pk].update(i for i in [msg.external_id, msg.in_reply_to, *msg.references] if i)
            if msg.thread_key:
                keys[account.pk].add(msg.thread_key)
            for kind, value in normalise_identities(msg.identities):
                wanted[kind].add(value)
            if msg.order_number:
                numbers[msg.order_platform or msg.channel].add(msg.order_number)
            since = (msg.sent_at or clock.now()) - EMAIL_THREAD_WINDOW
            earliest = since if earliest is None or since < earliest else earliest

        conv_ids: set[int] = set()
        if refs:
            q = Q()
            for account_id, ids in refs.items():
                q |= Q(account_id=account_id, external_id__in=list(ids))
            for pk, account_id, external_id, conv_id in Message.objects.filter(q).values_list("id", "account_id", "external_id", "conversation_id"):
                self.known[(account_id, external_id)] = ((0, pk), conv_id, None)
                conv_ids.add(conv_id)
        if wanted:
            q = Q()
            for kind, values in wanted.items():
                q |= Q(kind=kind, value__in=list(values))
            for ident in Identity.objects.filter(q).select_related("customer"):
                self.identities[(ident.kind, ident.value)] = self._customer(ident.customer)
        if keys:
            q = Q()
            for account_id, values in keys.items():
                q |= Q(account_id=account_id, thread_key__in=list(values))
            latest = {}
            for pk, account_id, key in Conversation.objects.filter(q).values_list("id", "account_id", "thread_key"):
                latest[(account_id, key)] = max(pk, latest.get((account_id, key), 0))
            conv_ids.update(latest.values())
        customer_ids = {c.pk for c in self.identities.values()}
        accounts = {account.pk for account, _ in items}
        rows = Conversation.objects.filter(
            Q(pk__in=conv_ids) | Q(account_id__in=accounts, customer_id__in=customer_ids, last_message_at__gte=earliest)
        ) if conv_ids or customer_ids else Conversation.objects.none()
        rows = list(rows)
        # Their buyers: most came with the identities above; the rest in one query.
        missing = {c.customer_id for c in rows} - set(self.customers)
        for customer in Customer.objects.filter(pk__in=missing) if missing else ():
            self._customer(customer)
        for conv in rows:
            self._conversation(conv)
        if keys:
            for (account_id, key), pk in latest.items():
                self.by_thread_key[(account_id, key)] = self.conversations[pk]
        if numbers:
            q = Q()
            for platform, values in numbers.items():
                q |= Q(platform=platform, number__in=list(values))
            for order in Order.objects.filter(q):
                self.orders[(order.platform, order.number)] = order
        if self.conversations:
            ids = list(self.conversations)
            for row in self._open_deadlines(Deadline.objects.filter(conversation_id__in=ids, closed_at__isnull=True)):
                self.deadlines[id(self.conversations[row.conversation_id])].append(row)
            for pk in Claim.objects.filter(conversation_id__in=ids).values_list("conversation_id", flat=True):
                self.claimed.add(id(self.conversations[pk]))

    def _open_deadlines(self, rows) -> list[Deadline]:
        """Deadline rows with their policies: the active ones from the policy cache, any other read."""
        rows = list(rows)
        active = {p.pk: p for p in self.policies()}
        others = {r.policy_id for r in rows} - set(active)
        if others:
            from sellerdesk.sla.models import Policy

            active.update({p.pk: p for p in Policy.objects.filter(pk__in=others).select_related("calendar")})
        for row in rows:
            row.policy = active[row.policy_id]
        return rows

    def _customer(self, customer: Customer) -> Customer:
        return self.customers.setdefault(customer.pk, customer)

    def _conversation(self, conv: Conversation) -> Conversation:
        known = self.conversations.get(conv.pk)
        if known is not None:
            return known
        known_customer = self.customers.get(conv.customer_id)
        conv.customer = known_customer if known_customer is not None else self._customer(conv.customer)
        self.conversations[conv.pk] = conv
        self.by_customer[(conv.account_id, id(conv.customer))].append(conv)
        return conv

    # --- deciding one message ------------------------------------------------------------------

    def receive(
        self, account: ChannelAccount, msg: InboundMessage, *, raw: RawDelivery | None = None, triaged: triage.TriageResult | None = None
    ) -> Message:
        """Decide one message (its rows are written by flush()); the stored one if already received."""
        seen = self.known.get((account.pk, msg.external_id)) if msg.external_id else None
        if seen is not None:
            return seen[2] or Message.objects.get(pk=seen[0][1])
        now = clock.now()
        sent_at = msg.sent_at or now
        if msg.identities:
            customer = self.find_or_create_customer(msg.identities, name=msg.sender_name, now=now)
            conversation = self.find_thread(account, msg, customer)
        else:
            # Platform notifications (A-to-z claim, feedback) carry no buyer identity:
            # they belong to the buyer of the thread they join.
            conversation = self.find_thread(account, msg, None)
            if conversation is not None:
                customer = conversation.customer
            else:
                customer = self.find_or_create_customer([], name=msg.sender_name, now=now)
        created = conversation is None
        if created:
            conversation = Conversation(
                channel=msg.channel,
                account=account,
                marketplace=msg.marketplace or account.marketplace,
                customer=customer,
                subject=msg.subject[:500],
                thread_key=msg.thread_key,
                created_at=now,
                last_message_at=now,
            )
        order = self._link_order(msg, customer, now)
        if order and conversation.order_id is None and conversation.order is None:
            conversation.order = order
        claim = None
        if msg.claim:
            self.flush()  # the claim row is read and written directly: everything before it is saved
            claim = _record_claim(msg, order, now)
        # Results triaged ahead (pipeline) read the text only: the decision is retaken with the
        # customer's VIP flag and lifetime value (from their orders) now that the buyer is known.
        value = float(customer.lifetime_value or 0) or None
        if triaged is None:
            result = triage.analyze(**triage_input(msg), is_vip=customer.is_vip, customer_value=value)
        else:
            result = triage.reprioritise(triaged, is_vip=customer.is_vip, customer_value=value)
        was_open = conversation.status == Conversation.Status.OPEN
        reopened = conversation.status == Conversation.Status.RESOLVED
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
        conversation.last_message_at = now
        conversation.last_inbound_at = min(sent_at, now)
        # Platforms count from when the buyer wrote (capped at now against skewed clocks).
        rows = self.deadlines[id(conversation)]
        plan = sla.on_buyer_message(
            conversation, received_at=min(sent_at, now), now=now, claim=claim, automated=msg.is_automated,
            rows=rows, policies=self.policies(),
        )
        # Load counts open conversations with an assignee: this one now counts, if it did not.
        if conversation.assignee_id is not None and not was_open:
            self._count_open(conversation.assignee_id)
        agent = None
        if conversation.assignee_id is None:
            has_claim = claim is not None or id(conversation) in self.claimed
            agent = routing.pick_assignee(conversation, claim=claim, now=now, users=self.agents(), has_claim=has_claim)
            if agent is not None:
                conversation.assignee = agent
                self._count_open(agent.pk)
        self._save_conversation(conversation, created)
        self._save_plan(plan, rows)
        if claim and claim.conversation_id is None:
            claim.conversation = conversation
            self.claim_links.append((claim, conversation))
            self._record("claim_opened", conversation, _claim_data(claim), now)
        if claim:
            self.claimed.add(id(conversation))
        message = Message(
            conversation=conversation,
            account=account,
            direction=Message.Direction.INBOUND,
            sender=msg.sender,
            sender_name=msg.sender_name,
            recipients=msg.recipients,
            subject=msg.subject[:500],
            body_text=msg.body_text,
            body_full=msg.body_full,
            body_html=msg.body_html,
            external_id=msg.external_id,
            in_reply_to=msg.in_reply_to,
            references=" ".join(msg.references),
            raw_delivery=raw,
            language=result.language,
            is_automated=msg.is_automated,
            flags=msg.flags,
            sent_at=sent_at,
            created_at=now,
        )
        self.new_messages.append(message)
        if msg.attachments:
            self.attachments.append((message, msg.attachments))
        if msg.external_id:
            self.known[(account.pk, msg.external_id)] = ((1, next(self._seq)), conversation, message)
        if created:
            self._record("conversation_created", conversation, {"channel": conversation.channel}, now)
        elif reopened:
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
        if agent is not None:
            self._record("assigned", conversation, {"assignee": agent.pk, "by": "routing"}, now)
        return message

    def find_or_create_customer(self, identities, *, name: str, now: dt.datetime) -> Customer:
        """The customer owning any of these identities, or a new one holding all of them
        (what customers.actions.find_or_create_customer does, against the batch's view)."""
        identities = normalise_identities(identities)
        customer, missing = match_identities(identities, self.identities)
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
        for kind, value in missing:
            self.identities[(kind, value)] = customer
            self.new_identities.append(Identity(kind=kind, value=value, customer=customer))
        return customer

    def find_thread(self, account: ChannelAccount, msg: InboundMessage, customer) -> Conversation | None:
        ids = [i for i in [msg.in_reply_to, *reversed(msg.references)] if i]
        # The conversation of the latest message replied to.
        replied = [self.known[(account.pk, i)] for i in ids if (account.pk, i) in self.known]
        if replied:
            _, conv, _ = max(replied, key=lambda r: r[0])
            return conv if isinstance(conv, Conversation) else self._load_conversation(conv)
        if msg.thread_key:
            conv = self.by_thread_key.get((account.pk, msg.thread_key))
            if conv is not None:
                return conv
        subject = normalise_subject(msg.subject)
        if subject and not msg.claim and customer is not None:
            since = (msg.sent_at or clock.now()) - EMAIL_THREAD_WINDOW
            recent = [c for c in self.by_customer.get((account.pk, id(customer)), []) if c.last_message_at >= since]
            # Subjects only: a regular buyer has many recent threads; the latest ones are compared.
            recent.sort(key=lambda c: c.last_message_at, reverse=True)
            for other in recent[:SUBJECT_CANDIDATES]:
                if normalise_subject(other.subject) == subject:
                    return other
        return None

    def _load_conversation(self, pk: int) -> Conversation:
        conv = self.conversations.get(pk)
        if conv is None:  # not preloaded (only when flush() ran in between): read it now
            conv = self._conversation(Conversation.objects.select_related("customer").get(pk=pk))
            self.deadlines[id(conv)] = self._open_deadlines(Deadline.objects.filter(conversation_id=pk, closed_at__isnull=True))
            if Claim.objects.filter(conversation_id=pk).exists():
                self.claimed.add(id(conv))
        return conv

    def _link_order(self, msg: InboundMessage, customer, now: dt.datetime) -> Order | None:
        if not msg.order_number:
            return None
        key = (msg.order_platform or msg.channel, msg.order_number)
        order = self.orders.get(key)  # every order number of the batch was read in _load()
        if order is None:
            order = Order(platform=key[0], number=key[1], marketplace=msg.marketplace, customer=customer, created_at=now)
            self.new_orders.append(order)
        self.orders[key] = order
        return order

    # --- what the decisions need ---------------------------------------------------------------

    def policies(self) -> list:
        if self._policies is None:
            self._policies = active_policies()
        return self._policies

    def agents(self) -> list:
        if self._agents is None:
            self._agents = routing.agents_with_load()
        return self._agents

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
            self.by_customer[(conv.account_id, id(conv.customer))].append(conv)
            if conv.thread_key:
                self.by_thread_key[(conv.account_id, conv.thread_key)] = conv
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
        Customer.objects.bulk_create(self.new_customers)
        for c in self.new_customers:
            self.customers[c.pk] = c
        update_rows(list(self.changed_customers.values()), ["name", "language"])
        Identity.objects.bulk_create(self.new_identities)
        Order.objects.bulk_create(self.new_orders)
        Conversation.objects.bulk_create(self.new_conversations)
        for conv in self.new_conversations:
            self.conversations[conv.pk] = conv
        update_rows(list(self.changed_conversations.values()), CONVERSATION_FIELDS)
        Deadline.objects.bulk_create(self.new_deadlines)
        update_rows(list(self.changed_deadlines.values()), sla.ROW_FIELDS)
        Message.objects.bulk_create(self.new_messages)
        search_index.index_batch(self.new_messages, [c.pk for c in self.new_conversations] + list(self.changed_conversations))
        Attachment.objects.bulk_create([
            Attachment(
                message=message, filename=a.filename[:255], content_type=a.content_type[:120], size=len(a.data),
                content_id=a.content_id[:255], is_inline=a.is_inline, data=a.data,
            )
            for message, files in self.attachments
            for a in files
        ])
        for claim, conv in self.claim_links:
            claim.conversation = conv
            claim.save(update_fields=["conversation"])
        events = Event.objects.bulk_create([
            Event(conversation=conv, kind=kind, data=data() if callable(data) else data, created_at=at)
            for kind, conv, data, at in self.events
        ])
        automation_events.after_intake(events, [claim for claim, _ in self.claim_links])
        alerts.from_events(events)  # claims opened: the people concerned are told (docs/alerts.md)
        self._pending_reset()


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


CONVERSATION_FIELDS = [f.name for f in Conversation._meta.concrete_fields if not f.primary_key]


def update_rows(objs: list, fields: list[str]) -> None:
    """UPDATE each object's `fields` by primary key, in one executemany.

    What QuerySet.bulk_update does, without building a CASE expression per field and row
    (for a hundred conversations that costs more than the statement itself).
    """
    if not objs:
        return
    model = type(objs[0])
    meta = model._meta
    columns = [meta.get_field(name) for name in fields]
    qn = connection.ops.quote_name
    sql = "UPDATE {} SET {} WHERE {} = %s".format(
        qn(meta.db_table), ", ".join(f"{qn(f.column)} = %s" for f in columns), qn(meta.pk.column)
    )
    params = []
    for obj in objs:
        obj._prepare_related_fields_for_save(operation_name="update_rows", fields=columns)
        params.append([f.get_db_prep_save(getattr(obj, f.attname), connection) for f in columns] + [obj.pk])
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


__all__ = ["Intake", "receive_message", "triage_input", "normalise_subject", "EMAIL_THREAD_WINDOW", "update_rows"]
