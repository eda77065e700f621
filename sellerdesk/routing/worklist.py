"""The product's side of the order of work: open conversations and agents' rotas turned into the
plain values of `routing.ordering`, ranked for one agent ("My work") or for the team (the
supervisor queue), with why each item stands where it does and whether it will be late anyway.

`simulate` ranks the same way from a trace (sim/sellerdesk_policy.py); tests/routing/
test_one_ordering.py checks that both choose the same next item on the same state.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Prefetch, Q
from django.utils.translation import gettext as _

from sellerdesk.conversations.models import Conversation
from sellerdesk.lib import clock
from sellerdesk.routing import ordering
from sellerdesk.routing.availability import rota_of
from sellerdesk.routing.choose import FAMILIES
from sellerdesk.routing.service import DISPUTE_INTENTS, agents_with_load
from sellerdesk.routing.shifts import ShiftError, Timeline
from sellerdesk.sla.models import Deadline

EXTERNAL_GROUPS = ("platform", "claim", "review", "window")
COSTLY_CHANNELS = {"amazon"}  # late messages count toward the platform's late-response rate
DEFAULT_DUE = dt.timedelta(hours=24)  # no platform rule: the 24 h any buyer expects
HANDLE_MINUTES = 10  # assumed handling time of one item when projecting who will be late
CLAIM_HANDLE_MINUTES = 30
LOOK_BACK = dt.timedelta(days=30)  # staffed clocks reach back this far, for items long overdue
LOOK_AHEAD = dt.timedelta(days=21)
CANDIDATES = 300  # open conversations read per ranking, soonest deadline first


@dataclass
class Ranked:
    conversation: Conversation
    owed: ordering.Owed
    claim: bool
    rank: ordering.Rank
    calendar_left: float  # seconds until the due time on the wall clock
    late_anyway: bool = False  # the projection of the agent's queue finishes it after its due time


def staff_of(user, now: dt.datetime) -> ordering.Staff | None:
    profile = getattr(user, "agent", None)
    if profile is None or not profile.is_available:
        return None
    try:
        rota = rota_of(profile, now)
    except ShiftError:
        return None
    timeline = rota.timeline(now - LOOK_BACK, now + LOOK_AHEAD)
    families = frozenset(profile.skills or ()) - {"senior"} or frozenset(FAMILIES)
    return ordering.Staff(user.pk, timeline, families, bool(profile.is_senior))


def team_clocks(now: dt.datetime, users=None) -> tuple[ordering.SkillClocks, dict[int, ordering.Staff]]:
    staff = {}
    for u in users if users is not None else agents_with_load():
        s = staff_of(u, now)
        if s is not None:
            staff[u.pk] = s
    return ordering.SkillClocks(list(staff.values())), staff


def owed_of(conv: Conversation, deadlines: list[Deadline]) -> tuple[ordering.Owed, bool]:
    """A conversation as one thing owed: its earliest open platform due time and internal target."""
    external = [d for d in deadlines if d.policy.group in EXTERNAL_GROUPS]
    internal = [d for d in deadlines if d.policy.group not in EXTERNAL_GROUPS]
    start = min((d.starts_at for d in deadlines), default=conv.last_inbound_at or conv.created_at)
    due = min((d.due_at for d in external), default=start + DEFAULT_DUE)
    internal_due = min((d.due_at for d in internal), default=due)
    claim = any(d.claim_id for d in deadlines) or conv.intent in DISPUTE_INTENTS
    owed = ordering.Owed(
        conv.pk, start.timestamp(), conv.tier, due.timestamp(), internal_due.timestamp(),
        claim or conv.channel in COSTLY_CHANNELS,
    )
    return owed, claim


def _open_deadlines():
    return Prefetch(
        "deadlines",
        queryset=Deadline.objects.filter(closed_at__isnull=True).exclude(state=Deadline.State.PAUSED).select_related("policy"),
        to_attr="open_deadlines",
    )


def _rank_all(convs, clocks: ordering.SkillClocks, who: ordering.Staff | None, now: dt.datetime) -> list[Ranked]:
    t = now.timestamp()
    out = []
    for conv in convs:
        owed, claim = owed_of(conv, conv.open_deadlines)
        if who is not None and (conv.channel not in who.families or (claim and not who.senior)):
            continue  # may not take it (routing's hard rules)
        r = ordering.rank([owed], family=conv.channel, claim=claim, t=t, clocks=clocks, who=who)
        out.append(Ranked(conv, owed, claim, r, owed.due - t))
    out.sort(key=lambda x: x.rank.key)
    return out


def project(ranked: list[Ranked], timeline: Timeline | None, now: dt.datetime) -> None:
    """Mark what will be late anyway if the agent works the list in order on their own shifts."""
    t = now.timestamp()
    for item in ranked:
        t = advance(timeline, t, 60 * (CLAIM_HANDLE_MINUTES if item.claim else HANDLE_MINUTES))
        # Only what is not late yet: late work is marked as such by its band.
        item.late_anyway = item.calendar_left > 0 and (t is None or t > item.owed.due)


def advance(tl: Timeline | None, t: float, seconds: float) -> float | None:
    """The moment `seconds` of on-shift time after t (None: the rota ends first)."""
    if tl is None:
        return t + seconds
    i = 0
    while i < len(tl.starts):
        a, b = tl.starts[i], tl.ends[i]
        i += 1
        if b <= t:
            continue
        a = max(a, t)
        if b - a >= seconds:
            return a + seconds
        seconds -= b - a
        t = b
    return None


def my_work(user, *, now: dt.datetime | None = None, limit: int = 50) -> list[Ranked]:
    """The agent's open conversations and the unassigned ones they may take, in the order to work them."""
    now = now or clock.now()
    clocks, staff = team_clocks(now)
    who = staff.get(user.pk)
    if who is None:
        return []
    convs = (
        Conversation.objects.filter(status=Conversation.Status.OPEN)
        .filter(Q(assignee=user) | Q(assignee__isnull=True, channel__in=who.families))
        .select_related("customer", "assignee")
        .prefetch_related(_open_deadlines())
        .order_by("next_deadline_at", "pk")[:CANDIDATES]
    )
    ranked = _rank_all(convs, clocks, who, now)[:limit]
    project(ranked, who.timeline, now)
    return ranked


def next_item(user, *, now: dt.datetime | None = None) -> Conversation | None:
    work = my_work(user, now=now, limit=1)
    return work[0].conversation if work else None


def team_queue(*, now: dt.datetime | None = None, limit: int = 30, users=None) -> list[Ranked]:
    """The whole team's open work in the order it should be done (the supervisor queue). `users`: as
    `team_clocks` takes them (`agents_with_load()`, when the caller read it already)."""
    now = now or clock.now()
    clocks, _staff = team_clocks(now, users)
    convs = (
        Conversation.objects.filter(status=Conversation.Status.OPEN)
        .select_related("customer", "assignee")
        .prefetch_related(_open_deadlines())
        .order_by("next_deadline_at", "pk")[:CANDIDATES]
    )
    ranked = _rank_all(convs, clocks, None, now)[:limit]
    project(ranked, clocks.merged if clocks.staff else None, now)
    return ranked


def _hours(seconds: float) -> str:
    h = abs(seconds) / 3600
    if h < 1:
        return _("%(n)s min") % {"n": round(abs(seconds) / 60)}
    n = round(h, 1) if h < 10 else round(h)
    return _("%(n)s h") % {"n": int(n) if n == int(n) else n}


def why(item: Ranked) -> str:
    """One line for the inbox: why the item stands where it does."""
    r = item.rank
    if r.band == ordering.LATE_COSTLY:
        text = _("Late by %(late)s: a claim or an urgent message keeps costing while it waits.") % {"late": _hours(item.calendar_left)}
    elif r.band == ordering.LATE:
        text = _("Already late for the platform: after the work that can still be answered in time.")
    elif item.calendar_left - r.slack > 3600:
        text = _("Due in %(due)s, but someone who may take it is on shift for only %(staffed)s of that.") % {
            "due": _hours(item.calendar_left), "staffed": _hours(r.slack),
        }
    elif r.band == ordering.AT_RISK:
        text = _("Due in %(due)s.") % {"due": _hours(item.calendar_left)}
    elif item.owed.tier == 1:
        text = _("Urgent (tier 1): answered ahead of calm messages.")
    else:
        text = _("Due in %(due)s: time enough.") % {"due": _hours(item.calendar_left)}
    if item.late_anyway:
        text += " " + _("Will be late at this pace.")
    return text
