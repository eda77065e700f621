"""Staffing advice: the fewest added agent-hours that meet the targets on a trace (docs/simulate.md).

The search replays the trace with the product's own routing and ordering (sim.sellerdesk_policy)
and adds *shifts*, not abstract capacity: an added agent is a copy of an existing kind of agent
(time zone, languages, channel skills, seniority, usual shift hours) working on the days that need
it. Greedy: each round tries the kinds of agent that can take the late work, on the local days
where late work arrived, and keeps the one that removes most of the shortfall per agent-hour;
then every added day that the targets do not need is taken away again.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path

from sellerdesk.routing.shifts import Rota, Shift
from sellerdesk.sim import metrics
from sellerdesk.sim.engine import Replay
from sellerdesk.sim.sellerdesk_policy import SellerDeskPolicy
from sellerdesk.sim.trace import AgentSpec, ClaimEvent, Msg, Trace, family

ALL_DAYS = frozenset(range(7))
MAX_ROUNDS = 12
KINDS_PER_ROUND = 3  # the kinds of agent tried each round: those that can take most of the late work
UTC = dt.timezone.utc


@dataclasses.dataclass(frozen=True)
class Targets:
    late_response_rate_pct: float = 1.0  # Amazon's late-response rate
    tier1_p90_min: float | None = None  # 90th percentile of tier-1 first responses, calendar minutes

    def shortfall(self, m: dict) -> float:
        """How far the metrics are from the targets, in shares of each target (0 = met)."""
        lrr = m["amazon_late_response_rate_pct"] or 0.0
        gap = max(0.0, lrr - self.late_response_rate_pct) / max(self.late_response_rate_pct, 0.1)
        if self.tier1_p90_min is not None:
            p90 = m["tier1_p90_min"]
            p90 = float("inf") if p90 is None else p90
            gap += max(0.0, p90 - self.tier1_p90_min) / self.tier1_p90_min if p90 != float("inf") else 100.0
        return gap


@dataclasses.dataclass(frozen=True)
class Addition:
    like: AgentSpec  # the kind of agent added
    days: tuple[dt.date, ...]  # local dates of the like's zone

    @property
    def shift(self) -> Shift:
        return self.like.rota.shifts[0]

    @property
    def hours(self) -> float:
        return len(self.days) * (self.shift.end - self.shift.start) / 60

    def spec(self, n: int, trace: Trace) -> AgentSpec:
        first = dt.datetime.fromtimestamp(trace.start, UTC).date() - dt.timedelta(days=2)
        last = dt.datetime.fromtimestamp(trace.horizon, UTC).date() + dt.timedelta(days=2)
        off = frozenset(first + dt.timedelta(days=i) for i in range((last - first).days + 1)) - set(self.days)
        s = self.shift
        rota = Rota(self.like.rota.zone, (Shift(ALL_DAYS, s.start, s.end),), off)
        spec = AgentSpec(f"advised-{n}", f"advised {n} ({self.like.id})", self.like.tz, self.like.languages,
                         self.like.skills, self.like.capacity, rota)
        spec.timeline = rota.timeline(dt.datetime.fromtimestamp(trace.start, UTC), dt.datetime.fromtimestamp(trace.horizon, UTC))
        return spec

    def describe(self) -> dict:
        s = self.shift
        return {
            "like": self.like.id, "tz": self.like.tz, "languages": sorted(self.like.languages),
            "skills": sorted(self.like.skills), "start": f"{s.start // 60:02d}:{s.start % 60:02d}",
            "end": f"{(s.end // 60) % 24:02d}:{s.end % 60:02d}", "days": [d.isoformat() for d in self.days],
            "agent_hours": round(self.hours, 1),
        }


class Advisor:
    def __init__(self, trace: Trace, planned: dict, targets: Targets, *, reassign_after: float = 30):
        self.trace, self.planned, self.targets = trace, planned, targets
        self.reassign_after = reassign_after
        self.replays = 0

    def run(self, additions: list[Addition]) -> tuple[dict, object]:
        extra = [a.spec(i + 1, self.trace) for i, a in enumerate(additions)]
        tr = dataclasses.replace(self.trace, agents=[*self.trace.agents, *extra])
        result = Replay(tr, SellerDeskPolicy(self.planned, reassign_after=self.reassign_after)).run()
        self.replays += 1
        return metrics.score(tr, result), result

    def late_work(self, result) -> list:
        """The events that miss a target: Amazon messages answered after 24 h, slow tier-1 messages, late claims."""
        out = []
        p90 = self.targets.tier1_p90_min
        for e in self.trace.events:
            if e.idx not in result.delivered:
                continue
            waited = (result.answered.get(e.idx, float("inf")) - e.at) / 60
            if isinstance(e, ClaimEvent):
                if result.answered.get(e.idx, float("inf")) > metrics.due_of(e):
                    out.append(e)
            elif family(e.channel) == "amazon" and waited > 24 * 60:
                out.append(e)
            elif p90 is not None and self.planned[e.idx].tier == 1 and waited > p90:
                out.append(e)
        return out

    def kinds(self, late: list) -> list[tuple[AgentSpec, int]]:
        """Existing kinds of agent (one per zone, languages, skills and shift), by how much late work they may take."""
        seen, out = set(), []
        for a in self.trace.agents:
            key = (a.tz, a.languages, a.skills, a.rota.shifts[:1])
            if key in seen or not a.rota.shifts:
                continue
            seen.add(key)
            n = sum(1 for e in late if family(e.channel) in a.skills and (isinstance(e, Msg) or "senior" in a.skills))
            if n:
                out.append((a, n))
        out.sort(key=lambda x: -x[1])
        return out[:KINDS_PER_ROUND]

    @staticmethod
    def days_of(late: list, like: AgentSpec) -> tuple[dt.date, ...]:
        """Local days (in the like's zone) from each late item's arrival to its 24 h mark."""
        days = set()
        for e in late:
            for hours in (0, 12, 24):
                days.add(dt.datetime.fromtimestamp(e.at + hours * 3600, UTC).astimezone(like.rota.zone).date())
        return tuple(sorted(days))

    def advise(self) -> dict:
        before, result = self.run([])
        chosen: list[Addition] = []
        now, now_result = before, result
        for _ in range(MAX_ROUNDS):
            gap = self.targets.shortfall(now)
            if gap == 0:
                break
            late = self.late_work(now_result)
            best = None
            for like, _n in self.kinds(late):
                add = Addition(like, self.days_of(late, like))
                m, r = self.run([*chosen, add])
                gain = (gap - self.targets.shortfall(m)) / max(add.hours, 1e-9)
                if best is None or gain > best[0]:
                    best = (gain, add, m, r)
            if best is None or best[0] <= 0:
                break
            chosen.append(best[1])
            now, now_result = best[2], best[3]
        chosen, now = self._prune(chosen, now)
        return {
            "targets": dataclasses.asdict(self.targets),
            "met": self.targets.shortfall(now) == 0,
            "added_agent_hours": round(sum(a.hours for a in chosen), 1),
            "plan": [a.describe() for a in chosen],
            "before": _figures(before), "after": _figures(now), "replays": self.replays,
        }

    def _prune(self, chosen: list[Addition], now: dict) -> tuple[list[Addition], dict]:
        """Take away each added day the targets do not need (latest additions first)."""
        if self.targets.shortfall(now) > 0:
            return chosen, now
        for i in reversed(range(len(chosen))):
            for day in list(chosen[i].days):
                fewer = tuple(d for d in chosen[i].days if d != day)
                trial = chosen[:i] + ([dataclasses.replace(chosen[i], days=fewer)] if fewer else []) + chosen[i + 1:]
                m, _r = self.run(trial)
                if self.targets.shortfall(m) == 0:
                    chosen, now = trial, m
                    if not fewer:
                        break
        return chosen, now


def _figures(m: dict) -> dict:
    return {
        "amazon_late_response_rate_pct": m["amazon_late_response_rate_pct"], "breaches": m["breaches"],
        "tier1_p90_min": m["tier1_p90_min"], "sla_met_pct": m["sla_met_pct"],
    }


def write_roster(trace_dir: str | Path, advice: dict, out: str | Path) -> None:
    """The trace's agents.json with the advised agents added (each works only on its advised days)."""
    spec = json.loads((Path(trace_dir) / "agents.json").read_text(encoding="utf-8"))
    by_id = {a["id"]: a for a in spec["agents"]}
    spec.setdefault("holidays", {})
    for n, add in enumerate(advice["plan"], 1):
        like = by_id[add["like"]]
        key = f"advised-{n}-off"
        days = sorted(dt.date.fromisoformat(d) for d in add["days"])
        first, last = days[0] - dt.timedelta(days=400), days[-1] + dt.timedelta(days=400)
        off = [(first + dt.timedelta(days=i)).isoformat() for i in range((last - first).days + 1)
               if first + dt.timedelta(days=i) not in days]
        spec["holidays"][key] = {"name": f"advised agent {n}: off outside its advised days", "dates": off}
        spec["agents"].append({
            **{k: like[k] for k in ("tz", "languages", "skills", "capacity") if k in like},
            "id": f"advised-{n}", "name": f"advised {n} (like {add['like']})",
            "shifts": [{"days": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"], "start": add["start"], "end": add["end"]}],
            "holidays": key,
        })
    Path(out).write_text(json.dumps(spec, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
