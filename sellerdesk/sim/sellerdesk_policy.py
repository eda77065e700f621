"""SellerDesk's policy inside the replay: the routing module assigns, agents work deadline-first.

* A thread (or claim) is assigned on arrival by `sellerdesk.routing.choose.choose_agent`, with
  the triaged language and tier, the buyer's region and value; a thread keeps its agent while the
  agent is on shift (a follow-up goes back to whoever knows it).
* Reassignment: another agent may take the item when the assignee is off shift or away, or has
  not replied within `reassign_after` minutes of the assignment (the product's
  ROUTING_REASSIGN_AFTER_MINUTES); the taker becomes the assignee.
* Order of work: items whose platform deadline can still be met come first, least slack first,
  slack counted on the item's skill clock (time before the deadline when someone who may take
  it is on shift); a tier-1 item with ample slack counts by its internal target so it goes ahead
  of calm ones. Items that can no longer be met wait behind them, oldest first: in a peak the
  team spends its time on answers that still count instead of on answers that are late anyway.
"""

from __future__ import annotations

from sellerdesk.routing.choose import Candidate, Work, choose_agent, region_of_zone
from sellerdesk.routing.shifts import merge_timelines, staffed_seconds
from sellerdesk.sim.engine import Agent, OpenClaim, Replay, Thread
from sellerdesk.sim.plan import Planned

SAFETY_MIN = 10  # minutes of handling assumed when deciding whether a deadline can still be met
AT_RISK_H = 12  # staffed hours of slack: closer than this, a platform deadline outranks the tier-1 target
HANDOFF_WINDOW = 2 * 3600  # near the end of a shift, work nobody else can take soon goes first


class SellerDeskPolicy:
    name = "sellerdesk"

    def __init__(self, planned: dict[int, Planned], *, reassign_after: float = 30, at_risk_h: float = AT_RISK_H):
        self.planned = planned
        self.at_risk = at_risk_h * 3600
        self.reassign_after = reassign_after * 60
        self.reassigned = 0

    def bind(self, replay: Replay) -> None:
        self.replay = replay
        self.region = {a.spec.id: region_of_zone(a.spec.tz) for a in replay.agents}
        self.staffed = merge_timelines([a.spec.timeline for a in replay.agents])
        self._cover: dict = {}
        # The staffed clock of each kind of work: minutes when someone who may take it is on shift.
        self._skill_clock = {}
        for fam in {f for a in replay.agents for f in a.spec.skills if f != "senior"}:
            for claim in (False, True):
                tls = [a.spec.timeline for a in replay.agents if fam in a.spec.skills and (a.senior or not claim)]
                self._skill_clock[(fam, claim)] = merge_timelines(tls)
        self._now_t, self._now = None, {}
        self._dues: dict[int, tuple[float, float]] = {}  # event idx -> its due times on its skill clock

    def _dues_of(self, idx: int, clock) -> tuple[float, float]:
        """(due, internal due) as staffed seconds on the item's skill clock, computed once per event."""
        v = self._dues.get(idx)
        if v is None:
            p = self.planned[idx]
            v = self._dues[idx] = (staffed_seconds(clock, 0.0, p.due), staffed_seconds(clock, 0.0, p.internal_due))
        return v

    def _handoff_gap(self, t: float, a: Agent, item) -> float:
        """Staffed seconds between the end of a's shift and the next other agent who may take the item.

        Left behind at the end of a shift, such an item waits that long; the staffed clock (and the
        buyer) counts it, so near shift end the agent does those first."""
        end = a.spec.timeline.shift_end(t)
        if end is None or end - t > HANDOFF_WINDOW:
            return 0.0
        claim = isinstance(item, OpenClaim)
        key = (a.pos, item.family, claim)
        tl = self._cover.get(key)
        if tl is None:
            others = [b.spec.timeline for b in self.replay.agents
                      if b is not a and item.family in b.spec.skills and (not claim or b.senior)]
            tl = self._cover[key] = merge_timelines(others)
        nxt = tl.next_start(end)
        if nxt is None:
            return 0.0
        return staffed_seconds(self.staffed, end, nxt)

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

    def _key(self, t: float, a: Agent, item):
        """Slack is counted on the item's own staffed clock: the time left before its due time in which
        someone who may take it is on shift. A 24 h message whose last skilled shift ends in 3 h has
        3 h, not 24 h, and must go before a 12 h one that will be covered all along."""
        horizon = t + SAFETY_MIN * 60
        claim = isinstance(item, OpenClaim)
        clock = self._skill_clock[(item.family, claim)]
        now = self._now.get(clock)
        if now is None:
            now = self._now[clock] = staffed_seconds(clock, 0.0, t)
        if claim:
            p = self.planned[item.claim.idx]
            if p.due <= horizon:
                return (2, item.claim.at, item.claim.idx)
            slack = self._dues_of(item.claim.idx, clock)[0] - now
            return (0 if slack < self.at_risk else 1, slack - self._handoff_gap(t, a, item), item.claim.idx)
        best = None
        risk = False
        for m in item.pending:
            p = self.planned[m.idx]
            if p.due > horizon:
                due, internal = self._dues_of(m.idx, clock)
                slack = due - now
                risk = risk or slack < self.at_risk
                if p.tier == 1 and not risk and internal < due:
                    slack = internal - now
                best = slack if best is None or slack < best else best
        first = item.pending[0]
        if best is None:
            return (2, first.at, first.idx)
        return (0 if risk else 1, best - self._handoff_gap(t, a, item), first.idx)

    def pick(self, t: float, a: Agent, items):
        if self._now_t != t:
            self._now_t, self._now = t, {}  # each skill clock's reading at t, shared by all items
        best, best_key = None, None
        for item in items:
            if not self._may_take(t, a, item):
                continue
            key = self._key(t, a, item)
            if best_key is None or key < best_key:
                best, best_key = item, key
        return best


def choice_start(agent: Agent, t: float) -> float:
    nxt = agent.spec.timeline.next_start(t)
    return t if nxt is None else nxt
