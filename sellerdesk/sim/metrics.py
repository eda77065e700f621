"""The scorer (docs/simulate.md, replay rules 6-8 and the metrics document): reads the replay's
answers and the trace's labels."""

from __future__ import annotations

import math

from sellerdesk.routing.shifts import merge_timelines, staffed_seconds
from sellerdesk.sim.engine import Result
from sellerdesk.sim.trace import ClaimEvent, Msg, Trace

INF = math.inf
DEADLINE_HOURS = {"tiktok_my": 12, "tiktok_th": 12, "tiktok_ph": 12}  # every other channel: 24 h (rule 7)
REGIONS = {
    "north_america": ({"US", "CA", "MX"}, 120),
    "europe": ({"GB", "IE", "DE", "AT", "FR", "BE", "ES", "IT", "NL"}, 240),
    "southeast_asia": ({"MY", "SG", "TH", "PH", "VN", "ID"}, 60),
}


def nearest_rank(values: list[float], pct: float) -> float | None:
    """Nearest-rank percentile; None for no values or an unanswered (infinite) one."""
    if not values:
        return None
    s = sorted(values)
    v = s[max(1, math.ceil(pct / 100 * len(s))) - 1]
    return None if v == INF else round(v, 1)


def _pct(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 2) if whole else None


def due_of(e) -> float:
    if isinstance(e, ClaimEvent):
        return e.respond_by if e.respond_by is not None else e.at + 48 * 3600
    return e.at + DEADLINE_HOURS.get(e.channel, 24) * 3600


def score(trace: Trace, r: Result) -> dict:
    staffed = merge_timelines([a.timeline for a in trace.agents])
    met_by: dict[str, list[int]] = {}
    breaches = 0
    frt_channel: dict[str, list[float]] = {}
    frt_tier: dict[str, list[float]] = {"1": [], "2": [], "3": []}
    tier1_staffed: list[float] = []
    amazon = amazon_late = 0
    internal = {k: [0, 0] for k in REGIONS}
    for e in trace.events:
        if e.idx not in r.delivered:
            continue
        done = r.answered.get(e.idx)
        met = done is not None and done <= due_of(e)
        breaches += not met
        for key in ("all", e.channel):
            met_by.setdefault(key, [0, 0])
            met_by[key][0] += met
            met_by[key][1] += 1
        if not isinstance(e, Msg):
            continue
        minutes = INF if done is None else (done - e.at) / 60
        frt_channel.setdefault(e.channel, []).append(minutes)
        staffed_min = INF if done is None else staffed_seconds(staffed, e.at, done) / 60
        if e.expected_tier is not None:
            frt_tier.setdefault(str(e.expected_tier), []).append(minutes)
            if e.expected_tier == 1:
                tier1_staffed.append(staffed_min)
        if e.family == "amazon":
            amazon += 1
            amazon_late += minutes > 24 * 60
        country = (e.customer.get("country") or "").upper()
        for region, (countries, target) in REGIONS.items():
            if country in countries:
                internal[region][0] += staffed_min <= target
                internal[region][1] += 1
    on_shift = {a.id: a.timeline.total_minutes() for a in trace.agents}
    busy = {k: v / 60 for k, v in r.busy_seconds.items()}
    total_shift = sum(on_shift.values())
    utilisation = {"all": round(sum(busy.values()) / total_shift, 3) if total_shift else None}
    utilisation.update({k: round(busy[k] / on_shift[k], 3) if on_shift[k] else None for k in on_shift})
    return {
        "sla_met_pct": {k: _pct(*v) for k, v in sorted(met_by.items(), key=lambda kv: (kv[0] != "all", kv[0]))},
        "amazon_late_response_rate_pct": _pct(amazon_late, amazon) if amazon else 0.0,
        "breaches": breaches,
        "frt_min": {
            "channel": {c: {"p50": nearest_rank(v, 50), "p90": nearest_rank(v, 90)} for c, v in sorted(frt_channel.items())},
            "tier": {t: {"p50": nearest_rank(v, 50), "p90": nearest_rank(v, 90)} for t, v in sorted(frt_tier.items())},
        },
        "tier1_p90_min": nearest_rank(frt_tier.get("1", []), 90),
        "tier1_p90_staffed_min": nearest_rank(tier1_staffed, 90),
        "internal_target_met_pct": {k: _pct(*v) for k, v in internal.items()},
        "utilisation": utilisation,
    }
