"""Read a workload trace (sim v1, docs/simulate.md): trace.jsonl and agents.json into plain objects."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path

from sellerdesk.routing.shifts import Rota, Timeline, parse_dates, parse_shifts, zone_of


class TraceError(ValueError):
    """A trace that cannot be replayed, naming the file, line and field."""


def ts(text: str) -> float:
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()


def family(channel: str) -> str:
    return channel.split("_", 1)[0]


@dataclass
class Msg:
    idx: int  # trace order
    id: str
    at: float
    thread: str
    channel: str
    customer: dict
    subject: str
    text: str
    when: str | None
    handle_min: float  # environment only
    service_lang: str  # environment only
    expected_tier: int | None  # scorer only
    answered_at: float | None = None
    delivered: bool = False

    @property
    def family(self) -> str:
        return family(self.channel)


@dataclass
class ClaimEvent:
    idx: int
    id: str
    at: float
    thread: str
    channel: str
    claim_type: str
    reason: str
    amount: float
    respond_by: float | None
    when: str | None
    handle_min: float  # environment only
    customer_id: str = ""
    answered_at: float | None = None
    delivered: bool = False

    @property
    def family(self) -> str:
        return family(self.channel)


@dataclass
class AgentSpec:
    id: str
    name: str
    tz: str
    languages: frozenset[str]
    skills: frozenset[str]
    capacity: int
    rota: Rota
    timeline: Timeline | None = None


@dataclass
class Trace:
    events: list  # Msg | ClaimEvent, sorted by at (order events are dropped: no item, no metric)
    agents: list[AgentSpec]
    start: float
    horizon: float
    order_events: int = 0
    meta: dict = field(default_factory=dict)


def load(directory: str | Path) -> Trace:
    directory = Path(directory)
    trace_path, agents_path = directory / "trace.jsonl", directory / "agents.json"
    for p in (trace_path, agents_path):
        if not p.is_file():
            raise TraceError(f"{p}: not found")
    events: list = []
    order_events = 0
    first = last = None
    with trace_path.open(encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                e = json.loads(line)
                at = ts(e["at"])
                kind = e["kind"]
            except (ValueError, KeyError, TypeError, AttributeError) as exc:
                raise TraceError(f"{trace_path}:{lineno}: {exc!r}") from None
            first = at if first is None else first
            last = at
            idx = len(events) + order_events
            try:
                if kind == "message":
                    service = e.get("service") or {}
                    events.append(Msg(
                        idx, e["id"], at, e["thread_id"], e["channel"], e.get("customer") or {}, e.get("subject") or "",
                        e.get("text") or "", e.get("when"), float(service.get("handle_min", 0)), service.get("lang") or "",
                        (e.get("expected") or {}).get("tier"),
                    ))
                elif kind == "claim":
                    events.append(ClaimEvent(
                        idx, e["id"], at, e["thread_id"], e["channel"], e["claim_type"], e.get("reason") or "",
                        float(e.get("amount") or 0), ts(e["respond_by"]) if e.get("respond_by") else None, e.get("when"),
                        float((e.get("service") or {}).get("handle_min", 0)), e.get("customer_id") or "",
                    ))
                elif kind == "order_event":
                    order_events += 1
                else:
                    raise TraceError(f"{trace_path}:{lineno}: unknown kind {kind!r}")
            except KeyError as exc:
                raise TraceError(f"{trace_path}:{lineno}: missing {exc}") from None
    if first is None:
        raise TraceError(f"{trace_path}: no events")
    events.sort(key=lambda e: (e.at, e.idx))  # the file is sorted; this only guards against ties
    try:
        spec = json.loads(agents_path.read_text(encoding="utf-8"))
        agents = _agents(spec)
    except (ValueError, KeyError, TypeError) as exc:
        raise TraceError(f"{agents_path}: {exc}") from None
    start, horizon = first, last + 72 * 3600
    t0 = dt.datetime.fromtimestamp(start, dt.timezone.utc)
    t1 = dt.datetime.fromtimestamp(horizon, dt.timezone.utc)
    for a in agents:
        a.timeline = a.rota.timeline(t0, t1)
    return Trace(events, agents, start, horizon, order_events, spec.get("generator") or {})


def _agents(spec: dict) -> list[AgentSpec]:
    holidays = {k: parse_dates(v.get("dates", []), f"holidays.{k}.dates") for k, v in (spec.get("holidays") or {}).items()}
    out = []
    for i, a in enumerate(spec["agents"]):
        where = f"agents[{i}]"
        key = a.get("holidays")
        if key and key not in holidays:
            raise TraceError(f"{where}.holidays: no holiday list {key!r}")
        rota = Rota(zone_of(a["tz"], f"{where}.tz"), parse_shifts(a.get("shifts", []), f"{where}.shifts"), holidays.get(key, frozenset()))
        out.append(AgentSpec(
            str(a["id"]), a.get("name", ""), a["tz"], frozenset(a.get("languages", [])), frozenset(a.get("skills", [])),
            int(a.get("capacity", 30)), rota,
        ))
    return out
