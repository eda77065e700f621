"""Load a trace, plan it once (triage + SLA), replay it under SellerDesk's policy and FIFO, score both."""

from __future__ import annotations

import time
from pathlib import Path

from sellerdesk.sim import metrics, trace as trace_mod
from sellerdesk.sim.engine import Fifo, Replay
from sellerdesk.sim.plan import plan
from sellerdesk.sim.sellerdesk_policy import SellerDeskPolicy


def simulate(directory: str | Path, *, reassign_after: float = 30, processes: int | None = None) -> tuple[dict, dict]:
    """(the metrics document of docs/simulate.md, timings and counters for the console)."""
    t0 = time.perf_counter()
    tr = trace_mod.load(directory)
    t1 = time.perf_counter()
    planned = plan(tr.events, processes=processes)
    t2 = time.perf_counter()
    ours = Replay(tr, SellerDeskPolicy(planned, reassign_after=reassign_after)).run()
    base = Replay(tr, Fifo()).run()
    t3 = time.perf_counter()
    counted = ours.delivered  # the same environment: both policies see the same deliveries unless answers differ
    doc = {
        "trace": {
            "messages": sum(1 for e in tr.events if isinstance(e, trace_mod.Msg) and e.idx in counted),
            "claims": sum(1 for e in tr.events if isinstance(e, trace_mod.ClaimEvent) and e.idx in counted),
            "void": len(ours.void),
        },
        "sellerdesk": metrics.score(tr, ours),
        "fifo": metrics.score(tr, base),
    }
    info = {
        "load_s": round(t1 - t0, 2), "triage_s": round(t2 - t1, 2), "replay_s": round(t3 - t2, 2),
        "total_s": round(t3 - t0, 2), "events": len(tr.events), "reassigned": ours.reassigned,
        "fifo_void": len(base.void), "fifo_messages": sum(1 for e in tr.events if isinstance(e, trace_mod.Msg) and e.idx in base.delivered),
    }
    return doc, info
