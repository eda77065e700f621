"""Routing against the database: who may take a conversation now, and reassigning stale ones.

The choice itself is sellerdesk.routing.choose (pure); this module builds its inputs from
AgentProfile rows and open conversations, and moves stale assignments (`reassign`: one conversation action, with its event).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Count, OuterRef, Subquery

from sellerdesk.conversations.events import record
from sellerdesk.conversations.models import Conversation, Event
from sellerdesk.lib import clock
from sellerdesk.routing.availability import rota_of
from sellerdesk.routing.choose import SENIOR, Candidate, Work, choose_agent, region_of_zone
from sellerdesk.routing.shifts import ShiftError
from sellerdesk.sla.regions import region_of
from sellerdesk.triage.priority import HIGH_VALUE

DISPUTE_INTENTS = {"dispute_claim"}
LOOKAHEAD = dt.timedelta(days=14)


def agents_with_load():
    """Active agents (not read-only) with their load: open conversations waiting on us."""
    User = get_user_model()
    users = list(
        User.objects.filter(is_active=True, agent__isnull=False).exclude(agent__role="readonly").select_related("agent").order_by("pk")
    )
    # Counted apart, on the (status, assignee, ...) index: a join + GROUP BY over users scanned
    # every assigned conversation on every routing choice (10 ms on the ingest benchmark).
    load = dict(
        Conversation.objects.filter(status=Conversation.Status.OPEN, assignee__isnull=False)
        .values_list("assignee").annotate(n=Count("id")).values_list("assignee", "n")
    )
    for u in users:
        u.load = load.get(u.pk, 0)
    return users


def availability(profile, now: dt.datetime) -> tuple[float | None, bool]:
    """(when the agent can next start work as a timestamp or None, on shift now)."""
    if not profile.is_available:
        return None, False  # switched off by hand: takes nothing new
    try:
        rota = rota_of(profile, now)
    except ShiftError:
        return None, False  # a broken rota is refused on save; an old row never gets work by accident
    start = rota.next_start(now, within_days=LOOKAHEAD.days)
    if start is None:
        return None, False
    return start.timestamp(), start <= now


def candidates(now: dt.datetime, users=None) -> list[Candidate]:
    out = []
    for u in users if users is not None else agents_with_load():
        p = u.agent
        at, _ = availability(p, now)
        skills = set(p.skills or [])
        if p.is_senior:
            skills.add(SENIOR)
        out.append(Candidate(
            u.pk, frozenset(p.languages or []), frozenset(skills), p.capacity, u.load, at, region_of_zone(p.timezone), p.team_id,
        ))
    return out


def work_of(conversation: Conversation, claim=None, has_claim: bool | None = None) -> Work:
    """What routing must know of a conversation. Without `claim`, a saved conversation's own claims
    count (reassignment must keep a claim with a senior as the first assignment did); `has_claim`
    says whether it has one when the caller knows."""
    if has_claim is None and claim is None and conversation.pk is not None:
        from sellerdesk.orders.models import Claim

        has_claim = Claim.objects.filter(conversation=conversation).exists()
    has_claim = claim is not None if has_claim is None else has_claim
    customer = conversation.customer
    value = float(getattr(customer, "lifetime_value", 0) or 0)
    return Work(
        family=conversation.channel,
        language=conversation.language,
        region=region_of(getattr(customer, "country", "") or "", conversation.marketplace),
        tier=conversation.tier,
        high_value=bool(getattr(customer, "is_vip", False)) or value >= HIGH_VALUE,
        needs_senior=has_claim or conversation.intent in DISPUTE_INTENTS,
        team=conversation.team_id,
    )


class Roster:
    """The agents of a batch (agents_with_load()) with their rotas as timelines: each routing
    choice looks availability up by bisection instead of working every rota out again per message.
    `candidates(now)` equals candidates(now, users) for any `now` (the timelines cover the lookahead)."""

    def __init__(self, users):
        self.users = users
        self._start: dt.datetime | None = None
        self._parts: list = []

    def candidates(self, now: dt.datetime) -> list[Candidate]:
        if self._start is None or not self._start <= now <= self._start + dt.timedelta(days=1):
            self._cover(now)
        t, horizon = now.timestamp(), (now + LOOKAHEAD).timestamp()
        out = []
        for u, (languages, skills, capacity, region, team, timeline) in zip(self.users, self._parts):
            at = timeline.next_start(t) if timeline is not None else None
            out.append(Candidate(u.pk, languages, skills, capacity, u.load, at if at is not None and at < horizon else None, region, team))
        return out

    def _cover(self, now: dt.datetime) -> None:
        # From the start of the day, long enough for a lookahead from any instant of the next day.
        self._start = now.replace(hour=0, minute=0, second=0, microsecond=0)
        end = self._start + dt.timedelta(days=1) + LOOKAHEAD + dt.timedelta(days=1)
        self._parts = []
        for u in self.users:
            p = u.agent
            timeline = None
            if p.is_available:
                try:
                    timeline = rota_of(p, now).timeline(self._start, end)
                except ShiftError:
                    pass  # as availability(): a broken rota gets no work
            skills = set(p.skills or [])
            if p.is_senior:
                skills.add(SENIOR)
            self._parts.append((frozenset(p.languages or []), frozenset(skills), p.capacity, region_of_zone(p.timezone), p.team_id, timeline))


def pick_assignee(
    conversation: Conversation, *, claim=None, now: dt.datetime | None = None, exclude=(), users=None, has_claim=None, roster: Roster | None = None
):
    """The user to assign, or None (the conversation waits in the shared queue). `users`: the
    agents with their load (agents_with_load()) when the caller keeps them; `roster`: the same as
    a Roster, for a batch."""
    now = now or clock.now()
    if roster is not None:
        users, pool = roster.users, roster.candidates(now)
    else:
        users = agents_with_load() if users is None else users
        pool = candidates(now, users)
    choice = choose_agent(work_of(conversation, claim, has_claim), pool, now.timestamp(), exclude=set(exclude))
    if choice is None:
        return None
    return next(u for u in users if u.pk == choice.agent_id)


def stale_assignments(now: dt.datetime, after_minutes: float | None = None):
    """(conversation, reason) for open conversations (waiting on us) whose assignee is away or off
    shift ("away"), or has held them longer than the limit while the buyer waits ("no_reply")."""
    after = dt.timedelta(minutes=settings.ROUTING_REASSIGN_AFTER_MINUTES if after_minutes is None else after_minutes)
    assigned_at = (
        Event.objects.filter(conversation=OuterRef("pk"), kind="assigned").order_by("-created_at").values("created_at")[:1]
    )
    rows = (
        Conversation.objects.filter(status=Conversation.Status.OPEN, assignee__isnull=False)
        .annotate(assigned_at=Subquery(assigned_at))
        .select_related("assignee__agent", "customer")
        .order_by("last_inbound_at", "pk")
    )
    off: dict[int, bool] = {}
    limit = now - after
    for conv in rows.iterator(chunk_size=500):
        uid = conv.assignee_id
        if uid not in off:
            profile = getattr(conv.assignee, "agent", None)
            # A deactivated login counts as away: its open conversations are covered by others.
            off[uid] = profile is None or not conv.assignee.is_active or not availability(profile, now)[1]
        if off[uid]:
            yield conv, "away"
        elif (conv.last_inbound_at or now) <= limit and (conv.assigned_at or conv.created_at) <= limit:
            yield conv, "no_reply"


def reassign_stale(limit: int = 500) -> dict:
    """Give stale conversations to an agent on shift (the periodic task runs this at clock.now())."""
    now = clock.now()
    moved = kept = 0
    for conv, reason in list(stale_assignments(now))[:limit]:
        target = pick_assignee(conv, now=now, exclude={conv.assignee_id})
        if target is None or target.pk == conv.assignee_id or not availability(target.agent, now)[1]:
            kept += 1  # nobody better on shift right now: stays
            continue
        reassign(conv, target, reason=reason)
        moved += 1
    return {"reassigned": moved, "kept": kept}


def reassign(conversation: Conversation, assignee, *, reason: str) -> Conversation:
    """Routing moves a conversation to another agent (assignee away, or no reply in time)."""
    with transaction.atomic():
        previous = conversation.assignee_id
        updated = Conversation.objects.filter(pk=conversation.pk, assignee_id=previous).update(assignee=assignee)
        if not updated:
            return conversation  # someone assigned it meanwhile: their choice stands
        conversation.assignee = assignee
        event = record("assigned", conversation=conversation, assignee=assignee.pk, previous=previous, by="routing", reason=reason)
        from sellerdesk.automation.events import emit

        emit("conversation.assigned", conversation=conversation, event_id=event.pk, assignee=assignee.pk)
        return conversation
