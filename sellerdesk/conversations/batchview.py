"""What a batch of inbound messages needs to read, read once: the intake's view of the database.

A few queries per batch (known Message-IDs, identities with their buyers, threads by reference,
thread key or subject, orders, open deadlines, claims) fill identity maps — one Python object per
row — so each message decided after another sees what the earlier one changed. A buyer's recent
threads are read as (id, subject, time) first; only those whose subject a message of the batch
carries, and those the batch replies to, are read whole (a regular buyer has dozens).
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import defaultdict

from django.db.models import Q

from sellerdesk.channels.models import ChannelAccount
from sellerdesk.conversations.models import Conversation, Message
from sellerdesk.customers.actions import match_identities, normalise_identities
from sellerdesk.customers.models import Customer, Identity
from sellerdesk.lib import clock, keylocks
from sellerdesk.orders.models import Claim, Order
from sellerdesk.sla.models import Deadline
from sellerdesk.sla.policies import PolicySet, active_policies

EMAIL_THREAD_WINDOW = dt.timedelta(days=30)
SUBJECT_CANDIDATES = 20  # a buyer's latest threads compared by subject


def _for_update(conversations):
    """The threads a batch may change, locked as they are read (PostgreSQL): a batch another
    worker is writing to the same thread is waited for and its changes read, not overwritten."""
    return conversations.select_for_update(of=("self",))


class Recent:
    """A buyer's recent thread, as subject matching sees it: its normalised subject and the time
    of its last message (the loaded conversation's own, once it is loaded)."""

    __slots__ = ("pk", "normalised_subject", "conversation", "_last")

    def __init__(self, pk, normalised_subject: str, last_message_at, conversation: Conversation | None = None):
        self.pk, self.normalised_subject, self._last, self.conversation = pk, normalised_subject, last_message_at, conversation

    @property
    def last_message_at(self) -> dt.datetime:
        return self.conversation.last_message_at if self.conversation is not None else self._last


class BatchView:
    def __init__(self, items: list[tuple[ChannelAccount, object]], normalise_subject):
        self._normalise = normalise_subject
        self._policies: PolicySet | None = None
        self._seq = itertools.count(1)
        self.customers: dict[int, Customer] = {}
        self.identities: dict[tuple[str, str], Customer] = {}
        self.conversations: dict[int, Conversation] = {}
        # Keyed by id() of the identity-mapped objects: stable, and valid before a row has its id.
        self.by_customer: dict[tuple[int, int], list[Recent]] = defaultdict(list)  # (account id, id(customer))
        self._recent: dict[int, Recent] = {}  # conversation id -> its entry in by_customer
        self.by_thread_key: dict[tuple[int, str], Conversation] = {}
        # (platform, number) -> the orders with that number, one per store (orders/stores.py)
        self.orders: dict[tuple[str, str], list[Order]] = {}
        self.deadlines: dict[int, list[Deadline]] = defaultdict(list)  # id(conversation) -> open rows
        self.claimed: set[int] = set()  # id() of conversations that have a claim
        # (account id, external id) -> (sort key, conversation or its id, the Message if received now)
        self.known: dict[tuple[int, str], tuple[tuple, object, Message | None]] = {}
        if items:
            self._load(items)

    # --- what the intake asks ---------------------------------------------------------------------

    def policies(self) -> PolicySet:
        """The active SLA policies, read once per batch."""
        if self._policies is None:
            self._policies = PolicySet(active_policies())
        return self._policies

    def stored_message(self, account: ChannelAccount, msg) -> Message | None:
        """The message already stored (or received earlier in this batch) with this external id."""
        seen = self.known.get((account.pk, msg.external_id)) if msg.external_id else None
        if seen is None:
            return None
        return seen[2] or Message.objects.get(pk=seen[0][1])

    def remember_message(self, account: ChannelAccount, msg, conversation: Conversation, message: Message) -> None:
        if msg.external_id:
            self.known[(account.pk, msg.external_id)] = ((1, next(self._seq)), conversation, message)

    def replied_conversation(self, account: ChannelAccount, ids: list[str]) -> Conversation | None:
        """The conversation of the latest of these messages we know, or None."""
        replied = [self.known[(account.pk, i)] for i in ids if (account.pk, i) in self.known]
        if not replied:
            return None
        _, conv, _ = max(replied, key=lambda r: r[0])
        return conv if isinstance(conv, Conversation) else self._load_conversation(conv)

    def thread(self, recent: Recent) -> Conversation:
        return recent.conversation if recent.conversation is not None else self._load_conversation(recent.pk)

    def add_thread(self, conv: Conversation, normalised_subject: str) -> None:
        """A conversation created in this batch."""
        self.by_customer[(conv.account_id, id(conv.customer))].append(Recent(None, normalised_subject, None, conv))
        if conv.thread_key:
            self.by_thread_key[(conv.account_id, conv.thread_key)] = conv

    # --- reading ------------------------------------------------------------------------------------

    def _load(self, items) -> None:
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

        owners, found_orders = self._identities_and_orders(wanted, numbers)

        conv_ids: set[int] = set()
        if refs:
            q = Q()
            for account_id, ids in refs.items():
                q |= Q(account_id=account_id, external_id__in=list(ids))
            for pk, account_id, external_id, conv_id in Message.objects.filter(q).values_list("id", "account_id", "external_id", "conversation_id"):
                self.known[(account_id, external_id)] = ((0, pk), conv_id, None)
                conv_ids.add(conv_id)
        if owners:
            for customer in Customer.objects.filter(pk__in={pk for _, _, pk in owners}):
                self._customer(customer)
            for kind, value, customer_id in owners:
                self.identities[(kind, value)] = self.customers[customer_id]
        latest = {}
        if keys:
            q = Q()
            for account_id, values in keys.items():
                q |= Q(account_id=account_id, thread_key__in=list(values))
            for pk, account_id, key in Conversation.objects.filter(q).values_list("id", "account_id", "thread_key"):
                latest[(account_id, key)] = max(pk, latest.get((account_id, key), 0))
            conv_ids.update(latest.values())
        # The batch's buyers' recent threads: read whole only those a message of the batch may join
        # by subject (its buyer's, with its subject); should another match after all (an identity
        # learnt earlier in the batch changed who the buyer is), it is read when it does.
        recent = []
        customer_ids = {c.pk for c in self.identities.values()}
        if customer_ids:
            joinable = set()
            for account, msg in items:
                subject = self._normalise(msg.subject)
                buyer, _ = match_identities(normalise_identities(msg.identities), self.identities)
                if subject and buyer is not None and not msg.claim:
                    joinable.add((account.pk, buyer.pk, subject))
            accounts = {account.pk for account, _ in items}
            rows = Conversation.objects.filter(account_id__in=accounts, customer_id__in=customer_ids, last_message_at__gte=earliest)
            for pk, account_id, customer_id, subject, last in rows.order_by("pk").values_list(
                "id", "account_id", "customer_id", "subject", "last_message_at"
            ):
                normalised = self._normalise(subject)
                recent.append((pk, account_id, customer_id, normalised, last))
                if (account_id, customer_id, normalised) in joinable:
                    conv_ids.add(pk)
        loaded = list(_for_update(Conversation.objects.filter(pk__in=conv_ids)).order_by("pk")) if conv_ids else []
        # Their buyers: most came with the identities above; the rest in one query.
        missing = {c.customer_id for c in loaded} - set(self.customers)
        for customer in Customer.objects.filter(pk__in=missing) if missing else ():
            self._customer(customer)
        for pk, account_id, customer_id, normalised, last in recent:
            entry = self._recent[pk] = Recent(pk, normalised, last)
            self.by_customer[(account_id, id(self.customers[customer_id]))].append(entry)
        for conv in loaded:
            self._conversation(conv)
        for (account_id, key), pk in latest.items():
            self.by_thread_key[(account_id, key)] = self.conversations[pk]
        for order in found_orders:
            self.orders.setdefault((order.platform, order.number), []).append(order)
        if self.conversations:
            ids = list(self.conversations)
            for row in self._open_deadlines(Deadline.objects.filter(conversation_id__in=ids, closed_at__isnull=True)):
                self.deadlines[id(self.conversations[row.conversation_id])].append(row)
            for pk in Claim.objects.filter(conversation_id__in=ids).values_list("conversation_id", flat=True):
                self.claimed.add(id(self.conversations[pk]))

    def _identities_and_orders(self, wanted: dict, numbers: dict) -> tuple[list, list]:
        """The batch's buyers' identities (kind, value, customer id) and its orders. Those not
        found are what this batch will create: their names are locked (lib/keylocks.py), so that
        another worker's batch creating the same buyer or order at once is waited for, and what
        it created is read (every other read of the view comes after, and sees its threads too)."""
        owners = _identities(wanted)
        orders = _orders(numbers)
        new_identities = _not_found(wanted, {(kind, value) for kind, value, _ in owners})
        new_numbers = _not_found(numbers, {(o.platform, o.number) for o in orders})
        names = [f"identity {k} {v}" for k, values in new_identities.items() for v in values]
        names += [f"order {p} {n}" for p, values in new_numbers.items() for n in values]
        if keylocks.lock_names(names):
            owners += _identities(new_identities)
            orders = sorted(orders + _orders(new_numbers), key=lambda o: o.pk)
        return owners, orders

    def _customer(self, customer: Customer) -> Customer:
        return self.customers.setdefault(customer.pk, customer)

    def _conversation(self, conv: Conversation) -> Conversation:
        known = self.conversations.get(conv.pk)
        if known is not None:
            return known
        known_customer = self.customers.get(conv.customer_id)
        conv.customer = known_customer if known_customer is not None else self._customer(conv.customer)
        self.conversations[conv.pk] = conv
        entry = self._recent.get(conv.pk)
        if entry is not None:
            entry.conversation = conv
        else:
            entry = self._recent[conv.pk] = Recent(conv.pk, self._normalise(conv.subject), None, conv)
            self.by_customer[(conv.account_id, id(conv.customer))].append(entry)
        return conv

    def _load_conversation(self, pk: int) -> Conversation:
        conv = self.conversations.get(pk)
        if conv is None:  # not read with the batch (only after a flush in between): read it now
            conv = self._conversation(_for_update(Conversation.objects.select_related("customer")).get(pk=pk))
            self.deadlines[id(conv)] = self._open_deadlines(Deadline.objects.filter(conversation_id=pk, closed_at__isnull=True))
            if Claim.objects.filter(conversation_id=pk).exists():
                self.claimed.add(id(conv))
        return conv


    def _open_deadlines(self, rows) -> list[Deadline]:
        """Deadline rows with their policies: the active ones from the batch's set, any other read."""
        rows = list(rows)
        active = {p.pk: p for p in self.policies()}
        others = {r.policy_id for r in rows} - set(active)
        if others:
            from sellerdesk.sla.models import Policy

            active.update({p.pk: p for p in Policy.objects.filter(pk__in=others).select_related("calendar")})
        for row in rows:
            row.policy = active[row.policy_id]
        return rows


def _not_found(wanted: dict[str, set[str]], found: set[tuple[str, str]]) -> dict[str, set[str]]:
    """Of the values wanted per kind (or platform), those `found` lacks; kinds left empty dropped."""
    missing = {kind: {v for v in values if (kind, v) not in found} for kind, values in wanted.items()}
    return {kind: values for kind, values in missing.items() if values}


def _identities(wanted: dict[str, set[str]]) -> list[tuple[str, str, int]]:
    if not wanted:
        return []
    q = Q()
    for kind, values in wanted.items():
        q |= Q(kind=kind, value__in=list(values))
    return list(Identity.objects.filter(q).values_list("kind", "value", "customer_id"))


def _orders(numbers: dict[str, set[str]]) -> list[Order]:
    if not numbers:
        return []
    q = Q()
    for platform, values in numbers.items():
        q |= Q(platform=platform, number__in=list(values))
    return list(Order.objects.filter(q).order_by("pk"))
