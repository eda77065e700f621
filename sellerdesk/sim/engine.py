"""Discrete-event replay of a trace in virtual time (docs/simulate.md, replay rules 1-5 and 9).

The environment (arrivals, conditional events, shifts, handling times) is the same for every
policy; a policy only decides which agent a thread belongs to and what an idle agent starts next.
Nothing is written to the database: the hot loop works on plain objects and UNIX timestamps.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass, field

from sellerdesk.sim.trace import AgentSpec, ClaimEvent, Msg, Trace

LANG_PENALTY = 1.5  # rule 5: handling time when the agent does not write the buyer's language
DONE, ARRIVE, WAKE = 0, 1, 2  # at equal times: finish items first, then deliver; agents pick after all of them


@dataclass(eq=False)
class Thread:
    id: str
    family: str
    pending: list = field(default_factory=list)  # delivered, unanswered messages, oldest first
    last: Msg | None = None  # the latest delivered message (rule 3)
    busy_by: "Agent | None" = None  # one agent per thread at a time (claims included)
    assignee: "Agent | None" = None  # policy state (SellerDesk)
    assigned_at: float = 0.0


@dataclass(eq=False)
class OpenClaim:
    claim: ClaimEvent
    thread: Thread
    assignee: "Agent | None" = None
    assigned_at: float = 0.0

    @property
    def family(self) -> str:
        return self.claim.family


@dataclass(eq=False)
class Agent:
    pos: int  # order in agents.json
    spec: AgentSpec
    item: object = None
    busy_seconds: float = 0.0
    assigned: set = field(default_factory=set)  # policy state: threads and claims the agent owns

    @property
    def senior(self) -> bool:
        return "senior" in self.spec.skills

    def may_take(self, item) -> bool:
        """Rule 4's hard limits."""
        if isinstance(item, OpenClaim):
            return self.senior and item.family in self.spec.skills and item.thread.busy_by is None
        return item.family in self.spec.skills and item.busy_by is None


@dataclass
class Result:
    answered: dict[int, float]  # event idx -> answered at
    delivered: set[int]
    void: set[int]
    busy_seconds: dict[str, float]
    reassigned: int = 0


class Replay:
    def __init__(self, trace: Trace, policy):
        self.trace = trace
        self.policy = policy
        self.agents = [Agent(i, spec) for i, spec in enumerate(trace.agents)]
        self.threads: dict[str, Thread] = {}
        self.pool: dict[str, dict] = {}  # family -> items with work waiting (dict keeps arrival order)
        self.answered: dict[int, float] = {}
        self.delivered: set[int] = set()
        self.void: set[int] = set()
        self.heap: list = []
        self.seq = 0
        policy.bind(self)

    def push(self, t: float, kind: int, data=None) -> None:
        self.seq += 1
        heapq.heappush(self.heap, (t, kind, self.seq, data))

    def thread(self, tid: str, fam: str) -> Thread:
        th = self.threads.get(tid)
        if th is None:
            th = self.threads[tid] = Thread(tid, fam)
        return th

    def run(self) -> Result:
        tr = self.trace
        for e in tr.events:
            self.push(e.at, ARRIVE, e)
        for a in self.agents:
            for s in a.spec.timeline.starts:
                if tr.start <= s <= tr.horizon:
                    self.push(s, WAKE)
        while self.heap and self.heap[0][0] <= tr.horizon:
            t = self.heap[0][0]
            # Everything that happens at t is visible at t (rule 1) before anyone picks work.
            while self.heap and self.heap[0][0] == t:
                _, kind, _, data = heapq.heappop(self.heap)
                if kind == DONE:
                    self._finish(t, *data)
                elif kind == ARRIVE:
                    self._arrive(t, data)
            self._dispatch(t)
        for t, kind, _, data in self.heap:
            if kind == DONE:  # still working at the horizon: busy until then, nothing answered
                data[0].busy_seconds += max(0.0, tr.horizon - data[4])
        return Result(
            self.answered, self.delivered, self.void,
            {a.spec.id: a.busy_seconds for a in self.agents}, getattr(self.policy, "reassigned", 0),
        )

    # --- environment ----------------------------------------------------------------------

    def _visible(self, th: Thread, e) -> bool:
        """Rule 3: a conditional event is void unless the thread's latest message is in the stated state."""
        if not e.when:
            return True
        p = th.last
        answered = p is not None and self.answered.get(p.idx, float("inf")) <= e.at
        return answered if e.when == "answered" else not answered

    def _arrive(self, t: float, e) -> None:
        th = self.thread(e.thread, e.family)
        if not self._visible(th, e):
            self.void.add(e.idx)
            return
        self.delivered.add(e.idx)
        if isinstance(e, Msg):
            th.last = e
            th.pending.append(e)
            self.pool.setdefault(th.family, {})[th] = None
            self.policy.on_message(t, th, e)
        else:
            item = OpenClaim(e, th)
            self.pool.setdefault(e.family, {})[item] = None
            self.policy.on_claim(t, item)

    def _dispatch(self, t: float) -> None:
        if t >= self.trace.horizon:
            return
        for a in self.agents:
            if a.item is None and a.spec.timeline.on_shift(t):
                item = self.policy.pick(t, a, self._candidates(a))
                if item is not None:
                    self._start(t, a, item)

    def _candidates(self, a: Agent):
        for fam in a.spec.skills:
            for item in self.pool.get(fam, ()):
                if a.may_take(item):
                    yield item

    def _start(self, t: float, a: Agent, item) -> None:
        del self.pool[item.family][item]
        if isinstance(item, OpenClaim):
            minutes, batch, th = item.claim.handle_min, [item.claim], item.thread
        else:
            batch, th = item.pending, item
            item.pending = []
            newest = batch[-1]  # rule 5: the newest message sets the handling time
            minutes = newest.handle_min * (1 if newest.service_lang in a.spec.languages else LANG_PENALTY)
        th.busy_by = a
        a.item = item
        self.policy.on_start(t, a, item)
        self.push(t + minutes * 60, DONE, (a, item, batch, th, t))

    def _finish(self, t: float, a: Agent, item, batch, th: Thread, started: float) -> None:
        for e in batch:
            self.answered[e.idx] = t
        th.busy_by = None
        a.item = None
        a.busy_seconds += t - started
        self.policy.on_finish(t, a, item)


class Fifo:
    """Rule 9: the idle agent starts the item whose oldest pending event is earliest (ties: trace order)."""

    name = "fifo"

    def bind(self, replay: Replay) -> None:
        self.replay = replay

    def on_message(self, t, th, m) -> None: ...
    def on_claim(self, t, item) -> None: ...
    def on_start(self, t, a, item) -> None: ...
    def on_finish(self, t, a, item) -> None: ...

    def pick(self, t: float, a: Agent, items):
        best, best_key = None, None
        for item in items:
            first = item.claim if isinstance(item, OpenClaim) else item.pending[0]
            key = (first.at, first.idx)
            if best_key is None or key < best_key:
                best, best_key = item, key
        return best
