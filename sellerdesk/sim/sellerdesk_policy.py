"""SellerDesk's policy inside the replay: the routing module assigns, agents work deadline-first.

* A thread (or claim) is assigned on arrival by `sellerdesk.routing.choose.choose_agent`, with
  the triaged language and tier, the buyer's region and value; a thread keeps its agent while the
  agent is on shift (a follow-up goes back to whoever knows it).
* Reassignment: another agent may take the item when the assignee is off shift or away, or has
  not replied within `reassign_after` minutes of the assignment (the product's
  ROUTING_REASSIGN_AFTER_MINUTES); the taker becomes the assignee.
* Order of work: `sellerdesk.routing.ordering.rank`, the function the product's "My work" and
  supervisor queue use (routing/worklist.py): slack on the item's skill clock, overload-aware.
"""

from __future__ import annotations

from sellerdesk.routing import ordering
from sellerdesk.routing.choose import Candidate, Work, choose_agent, region_of_zone
from sellerdesk.sim.engine import Agent, OpenClaim, Replay, Thread
from sellerdesk.sim.plan import Planned

COSTLY_FAMILIES = {"amazon"}  # late messages count toward the platform's late-response rate


class SellerDeskPolicy:
    name = "sellerdesk"

    def __init__(self, planned: dict[int, Planned], *, reassign_after: float = 30):
        self.planned = planned
        self.reassign_after = reassign_after * 60
        self.reassigned = 0

    def bind(self, replay: Replay) -> None:
        self.replay = replay
        self.region = {a.spec.id: region_of_zone(a.spec.tz) for a in replay.agents}
        self.staff = [
            ordering.Staff(a.pos, a.spec.timeline, frozenset(a.spec.skills) - {"senior"}, a.senior) for a in replay.agents
        ]
        self.clocks = ordering.SkillClocks(self.staff)
        self._owed: dict[int, ordering.Owed] = {}

    def owed(self, e, claim: bool) -> ordering.Owed:
        """The ordering's view of a trace event, built once."""
        o = self._owed.get(e.idx)
        if o is None:
            p = self.planned[e.idx]
            o = self._owed[e.idx] = ordering.Owed(
                e.idx, e.at, p.tier, p.due, p.internal_due, claim or e.family in COSTLY_FAMILIES,
            )
        return o
    # --- routing ------------------------------------------------------------------------

    @staticmethod
    def _load(a: Agent) -> int:
        return sum(1 for i in a.assigned if isinstance(i, OpenClaim) or i.pending or i.busy_by)

    def _candidates(self, t: float) -> list[Candidate]:
        out = []
        for a in self.replay.agents:
            tl = a.spec.timeline
            nxt = tl.next_start(t)
            out.append(Candidate(
                a.pos, a.spec.languages, a.spec.skills, a.spec.capacity, self._load(a),
                nxt if nxt is not None and nxt < self.replay.trace.horizon else None, self.region[a.spec.id],
            ))
        return out

    def _assign(self, t: float, item, work: Work) -> None:
        choice = choose_agent(work, self._candidates(t), t)
        agent = self.replay.agents[choice.agent_id] if choice else None
        if item.assignee is not None and item.assignee is not agent:
            item.assignee.assigned.discard(item)
        item.assignee, item.assigned_at = agent, t
        if agent is not None:
            agent.assigned.add(item)
            self.replay.push(max(t, choice_start(agent, t)) + self.reassign_after, 2)  # re-check when the hold ends

    def on_message(self, t: float, th: Thread, m) -> None:
        a = th.assignee
        if a is not None and a.spec.timeline.on_shift(t):
            a.assigned.add(th)  # sticky while the agent works
            return
        p = self.planned[m.idx]
        tier = min(self.planned[x.idx].tier for x in th.pending)
        self._assign(t, th, Work(th.family, p.language, p.region, tier, p.high_value))

    def on_claim(self, t: float, item: OpenClaim) -> None:
        p = self.planned[item.claim.idx]
        self._assign(t, item, Work(item.family, p.language, p.region, 1, False, needs_senior=True))

    def on_start(self, t: float, a: Agent, item) -> None:
        if item.assignee is not a:
            if item.assignee is not None:
                item.assignee.assigned.discard(item)
                self.reassigned += 1
            item.assignee, item.assigned_at = a, t
            a.assigned.add(item)

    def on_finish(self, t: float, a: Agent, item) -> None:
        if isinstance(item, OpenClaim) or not item.pending:
            a.assigned.discard(item)  # a thread keeps its assignee for follow-ups, but no longer loads them

    # --- order of work -------------------------------------------------------------------

    def _may_take(self, t: float, a: Agent, item) -> bool:
        owner = item.assignee
        if owner is a or owner is None:
            return True
        if not owner.spec.timeline.on_shift(t):
            return True  # away: covered by whoever is on shift
        return t - item.assigned_at >= self.reassign_after

    def rank(self, t: float, a: Agent | None, item) -> ordering.Rank:
        claim = isinstance(item, OpenClaim)
        owed = [self.owed(item.claim, True)] if claim else [self.owed(m, False) for m in item.pending]
        return ordering.rank(owed, family=item.family, claim=claim, t=t, clocks=self.clocks,
                             who=self.staff[a.pos] if a is not None else None)

    def pick(self, t: float, a: Agent, items):
        best, best_key = None, None
        for item in items:
            if not self._may_take(t, a, item):
                continue
            key = self.rank(t, a, item).key
            if best_key is None or key < best_key:
                best, best_key = item, key
        return best


def choice_start(agent: Agent, t: float) -> float:
    nxt = agent.spec.timeline.next_start(t)
    return t if nxt is None else nxt
