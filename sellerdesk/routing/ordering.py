"""The order of work: one function for the agent's inbox, the supervisor queue and `simulate`.

Pure, on plain values. The product builds its inputs from open conversations, their deadlines and
the agents' rotas (`routing.worklist`); `simulate` from the trace (`sim.sellerdesk_policy`). Both
call `rank` / `pick` here, never a copy.

What is owed to a buyer (`Owed`: an unanswered message or an open claim) is ranked by its *slack*:
the time left before its platform due time during which someone who may take it is on shift (its
*skill clock*). A 24 h message whose last skilled shift ends in 3 h has 3 h, not 24 h.

Bands, first to last:

1. **at risk**: less than `AT_RISK_H` staffed hours left before the platform due time. Least slack
   first — but when time runs short, costly work weighs more: a tier-1 message or a claim ranks as
   if it had a quarter of its slack, a message counting toward a platform's late-response rate two
   thirds. When not everything can be answered in time, the team answers those, and tier-1 work
   does not wait behind calm messages that merely have less time left.
2. **ample time**: least slack first; a tier-1 message counts by its internal target (minutes,
   not hours) so it goes ahead of calm ones.
   A tier-1 message or a claim already *late* is not dropped to the back (the domino effect of
   deadline-first work under overload starves exactly these, and their lateness keeps costing): it
   ranks as if it had `LATE_GRACE_H` staffed hours of slack minus its lateness, so it moves up the
   longer it waits and ends up ahead of everything.
3. **late, cost already paid**: a tier-2/3 message past its due time (an Amazon message late for
   the late-response rate stays late however long it waits). Oldest first.

Near the end of an agent's shift, work nobody else who may take it will see soon goes first (the
hand-off gap is subtracted from its slack).
"""

from __future__ import annotations

from dataclasses import dataclass

from sellerdesk.routing.shifts import Timeline, merge_timelines, staffed_seconds

SAFETY_MIN = 10  # minutes of handling assumed when deciding whether a deadline can still be met
AT_RISK_H = 12  # staffed hours of slack: closer than this, a platform deadline outranks the tier-1 target
# Overload: costly work is weighed heavier inside the at-risk band, so when not everything can be met
# the team meets tier-1 messages and claims, then messages counting toward a late-response rate.
# Chosen on generated 30-day traces with a five-fold Black-Friday peak and a holiday with six of
# eight agents away (bench/sim_traces.py; docs/simulate.md has the figures).
TIER1_WEIGHT = 4.0  # a tier-1 message or a claim with 8 h of slack ranks like other work with 2 h
COSTLY_WEIGHT = 1.5  # a message counting toward a platform's late-response rate
LATE_GRACE_H = 72  # a late tier-1 message or claim ranks like work with 72 h of slack minus its lateness
HANDOFF_WINDOW = 2 * 3600  # near the end of a shift, work nobody else can take soon goes first

LATE_COSTLY, AT_RISK, AMPLE, LATE = 0, 1, 2, 3


@dataclass(slots=True)
class Owed:
    """One thing owed to a buyer, as the ordering sees it (UNIX timestamps)."""

    ref: object  # message or claim id: the last tie-breaker, stable across calls
    at: float  # arrived
    tier: int
    due: float  # the platform / claim / reply-window due time
    internal_due: float  # the internal first-response target
    costly: bool = False  # a claim, or a message counting toward a platform's late-response rate


@dataclass(slots=True)
class Staff:
    """An agent as the ordering sees it."""

    key: object
    timeline: Timeline  # on-shift intervals
    families: frozenset[str]  # channel families the agent may take
    senior: bool = False


@dataclass(frozen=True, slots=True)
class Rank:
    band: int
    slack: float  # staffed seconds left before the due time (negative: late by that much)
    key: tuple  # what `pick` compares


class SkillClocks:
    """The staffed clock of each kind of work — minutes when someone who may take it is on shift —
    and readings of it, cached (the simulator asks millions of times)."""

    def __init__(self, staff: list[Staff]):
        self.staff = staff
        self.merged = merge_timelines([s.timeline for s in staff])
        self._clocks: dict[tuple[str, bool], Timeline] = {}
        self._dues: dict[tuple[int, float], float] = {}  # due times: read again and again
        self._now_t: float | None = None
        self._now: dict[int, float] = {}  # each clock's reading at the current t
        self._cover: dict = {}

    def clock(self, family: str, claim: bool) -> Timeline:
        key = (family, claim)
        tl = self._clocks.get(key)
        if tl is None:
            tl = self._clocks[key] = merge_timelines(
                [s.timeline for s in self.staff if family in s.families and (s.senior or not claim)]
            )
        return tl

    def now(self, tl: Timeline, t: float) -> float:
        """Staffed seconds of `tl` from the epoch to the present t (every item of a pick reads it)."""
        if t != self._now_t:
            self._now_t, self._now = t, {}
        v = self._now.get(id(tl))
        if v is None:
            v = self._now[id(tl)] = staffed_seconds(tl, 0.0, t)
        return v

    def due(self, tl: Timeline, t: float) -> float:
        """Staffed seconds of `tl` from the epoch to a due time."""
        key = (id(tl), t)
        v = self._dues.get(key)
        if v is None:
            if len(self._dues) > 2_000_000:
                self._dues.clear()
            v = self._dues[key] = staffed_seconds(tl, 0.0, t)
        return v

    def handoff_gap(self, t: float, who: Staff, family: str, claim: bool) -> float:
        """Staffed seconds between the end of `who`'s shift and the next other agent who may take the
        item. Left behind at the end of a shift, such an item waits that long, so near shift end the
        agent does those first."""
        end = who.timeline.shift_end(t)
        if end is None or end - t > HANDOFF_WINDOW:
            return 0.0
        key = (who.key, family, claim)
        tl = self._cover.get(key)
        if tl is None:
            tl = self._cover[key] = merge_timelines(
                [s.timeline for s in self.staff if s is not who and family in s.families and (s.senior or not claim)]
            )
        nxt = tl.next_start(end)
        if nxt is None:
            return 0.0
        return staffed_seconds(self.merged, end, nxt)


def rank(owed: list[Owed], *, family: str, claim: bool, t: float, clocks: SkillClocks, who: Staff | None = None) -> Rank:
    """Where an item (a conversation's unanswered messages, or one claim) stands at t for `who`."""
    clock = clocks.clock(family, claim)
    now = clocks.now(clock, t)
    horizon = t + SAFETY_MIN * 60
    best = None  # (weighted slack, slack, costly) of the most urgent owed that can still be met
    risk = False
    late_costly = None  # the oldest tier-1 message or claim already past its due time
    first = min(owed, key=lambda o: (o.at, str(o.ref)))
    for o in owed:
        urgent = o.tier == 1 or claim
        if o.due <= horizon:
            if urgent and (late_costly is None or o.at < late_costly.at):
                late_costly = o
            continue
        slack = weighted = clocks.due(clock, o.due) - now
        if slack < AT_RISK_H * 3600:
            risk = True
            weighted = slack / (TIER1_WEIGHT if urgent else COSTLY_WEIGHT if o.costly else 1.0)
        elif o.tier == 1 and not risk and o.internal_due < o.due:
            weighted = clocks.due(clock, o.internal_due) - now
        if best is None or weighted < best[0]:
            best = (weighted, slack, o.costly)
    if late_costly is not None:
        late = now - clocks.due(clock, late_costly.due)
        weighted = LATE_GRACE_H * 3600 - late
        if best is None or weighted < best[0]:
            band = AT_RISK if weighted < AT_RISK_H * 3600 else AMPLE
            return Rank(LATE_COSTLY, -late, (band, weighted, False, late_costly.at, str(late_costly.ref)))
    if best is None:
        return Rank(LATE, clocks.due(clock, first.due) - now, (LATE, first.at, str(first.ref)))
    gap = clocks.handoff_gap(t, who, family, claim) if who is not None else 0.0
    band = AT_RISK if risk else AMPLE
    return Rank(band, best[1], (band, best[0] - gap, not best[2], first.at, str(first.ref)))
