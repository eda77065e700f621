"""Build longer traces for `simulate` benchmarks from the 7-day sample (sim v1, docs/simulate.md).

    python bench/sim_traces.py --days 30 --seed 1 --out var/sim/s1              # fresh 30-day trace
    python bench/sim_traces.py --days 30 --seed 2 --peak bf:3 --out var/sim/bf3  # with a Black-Friday peak
    python bench/sim_traces.py --mode repeat --days 30 --out var/sim/rep         # the sample week after week

`synth` (default) draws new threads the way the sample's generator appears to: threads start at a
daily rate (the sample's thread starts per day, scaled by `--scale` messages/day, a weekday factor and
the peak), on a channel drawn from the sample's channel mix, at a local hour drawn from the sample's
hourly curve in the *buyer's* time zone (email-like and chat channels separately). Each new thread
copies the shape of a random sample thread of that channel (texts, kinds, `when` conditions, claim),
with its gaps stretched by a random factor, a new customer id (sometimes a returning buyer), a new
order id (also inside texts and subjects), order dates and `respond_by` moved along, and handling
times drawn again from `agents.json` `service` (follow-ups × `followup_handle_factor`).

`--peak bf:F` multiplies thread starts by F from Black Friday to Cyber Monday (Thanksgiving and the
Tuesday after at half the extra); `--peak FIRST:LAST:F` names the days. Prints a JSON summary.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import random
import re
from collections import defaultdict
from pathlib import Path
from zoneinfo import ZoneInfo

# The team's 7-day sample trace lives in the shared folder beside the repository, not in it.
SAMPLE = Path(__file__).resolve().parents[1].parent / "shared" / "sim" / "sample"
UTC = dt.timezone.utc
EMAIL_FAMILIES = ("amazon", "ebay", "shopify")
REPEAT_BUYER = 0.15  # share of new threads from a buyer seen before on the same channel
GAP_SIGMA = 0.45  # lognormal spread of a follow-up's delay around the sample thread's delay


def _ts(s: str) -> dt.datetime:
    return dt.datetime.fromisoformat(s.replace("Z", "+00:00"))


def _fmt(t: dt.datetime) -> str:
    return t.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _read(sample: Path) -> list[dict]:
    return [json.loads(line) for line in (sample / "trace.jsonl").open(encoding="utf-8") if line.strip()]


def black_friday(year: int) -> dt.date:
    nov1 = dt.date(year, 11, 1)
    thanksgiving = nov1 + dt.timedelta(days=(3 - nov1.weekday()) % 7 + 21)  # 4th Thursday
    return thanksgiving + dt.timedelta(days=1)


def peak_days(spec: str | None, start: dt.date) -> dict[dt.date, float]:
    """Day -> multiplier of thread starts."""
    if not spec:
        return {}
    if spec.startswith("bf:"):
        f = float(spec[3:])
        bf = black_friday(start.year)
        out = {bf + dt.timedelta(days=k): f for k in range(4)}  # Friday .. Cyber Monday
        out[bf - dt.timedelta(days=1)] = out[bf + dt.timedelta(days=4)] = 1 + (f - 1) / 2
        return out
    a, b, f = spec.split(":")
    first, last = dt.date.fromisoformat(a), dt.date.fromisoformat(b)
    return {first + dt.timedelta(days=k): float(f) for k in range((last - first).days + 1)}


# --- repeat mode (the sample week after week) ---------------------------------------------------

def repeat(events: list[dict], days: int, peak: dict[dt.date, float], seed: int) -> list[dict]:
    start = _ts(events[0]["at"]).replace(hour=0, minute=0, second=0)
    end = start + dt.timedelta(days=days)
    out = []
    week = 0
    while start + dt.timedelta(weeks=week) < end:
        shift = dt.timedelta(weeks=week)
        for e in events:
            t = _ts(e["at"]) + shift
            if t >= end:
                continue
            e = dict(e, at=_fmt(t), id=f"{e['id']}_w{week}")
            if "thread_id" in e:
                e["thread_id"] = f"{e['thread_id']}_w{week}"
            if e.get("respond_by"):
                e["respond_by"] = _fmt(_ts(e["respond_by"]) + shift)
            out.append(e)
        week += 1
    if peak:
        rng = random.Random(seed)
        by_thread: dict[str, list[dict]] = defaultdict(list)
        for e in out:
            if "thread_id" in e:
                by_thread[e["thread_id"]].append(e)
        extra = []
        for tid, evs in by_thread.items():
            factor = peak.get(_ts(evs[0]["at"]).date())
            if not factor:
                continue
            copies = int(factor - 1) + (rng.random() < (factor - 1) % 1)
            for k in range(copies):
                jitter = dt.timedelta(minutes=rng.uniform(-180, 180))
                for e in evs:
                    c = dict(e, at=_fmt(_ts(e["at"]) + jitter), id=f"{e['id']}_p{k}", thread_id=f"{tid}_p{k}")
                    if c.get("respond_by"):
                        c["respond_by"] = _fmt(_ts(c["respond_by"]) + jitter)
                    extra.append(c)
        out += extra
    out.sort(key=lambda e: e["at"])
    return out


# --- synth mode ---------------------------------------------------------------------------------

class Sample:
    """What the synthesiser learns from the sample: thread shapes, channel mix, curves, order events."""

    def __init__(self, events: list[dict]):
        threads: dict[str, list[dict]] = defaultdict(list)
        self.order_events: dict[str, list[dict]] = defaultdict(list)
        for e in events:
            if e["kind"] == "order_event":
                self.order_events[e["order_id"]].append(e)
            else:
                threads[e["thread_id"]].append(e)
        self.threads = list(threads.values())
        self.by_channel: dict[str, list[list[dict]]] = defaultdict(list)
        for th in self.threads:
            self.by_channel[th[0]["channel"]].append(th)
        self.channels = sorted(self.by_channel)
        self.channel_weights = [len(self.by_channel[c]) for c in self.channels]
        starts = [_ts(th[0]["at"]) for th in self.threads]
        days = sorted({s.date() for s in starts})
        self.days = len(days)
        self.threads_per_day = len(self.threads) / self.days
        by_wd = [0] * 7
        for s in starts:
            by_wd[s.weekday()] += 1
        mean = sum(by_wd) / 7
        # One week of data is noisy: keep half of the observed weekday effect.
        self.weekday = [0.5 + 0.5 * (n / mean if mean else 1) for n in by_wd]
        self.hours = {}
        for kind in ("email", "chat"):
            h = [1.0] * 24  # +1 smoothing so no hour is impossible
            for th in self.threads:
                first = th[0]
                if first["kind"] == "message" and (_kind(first["channel"]) == kind):
                    h[_ts(first["at"]).astimezone(ZoneInfo(first["customer"]["tz"])).hour] += 1
            self.hours[kind] = h


def _kind(channel: str) -> str:
    return "email" if channel.split("_")[0] in EMAIL_FAMILIES else "chat"


def _tz_of(thread: list[dict]) -> str:
    for e in thread:
        if e["kind"] == "message":
            return e["customer"]["tz"]
    return "UTC"


def _new_order_id(old: str, rng: random.Random) -> str:
    return re.sub(r"\d", lambda _: str(rng.randrange(10)), old)


def _handle(dist: dict, rng: random.Random, factor: float = 1.0) -> float:
    v = dist["median"] * math.exp(rng.gauss(0, dist["sigma"])) * factor
    return round(min(dist["max"], max(dist["min"], v)), 1)


def synth(events: list[dict], spec: dict, days: int, peak: dict[dt.date, float], seed: int,
          scale: float | None, start: dt.date) -> list[dict]:
    rng = random.Random(seed)
    s = Sample(events)
    sample_scale = (spec.get("generator") or {}).get("scale")
    rate = s.threads_per_day * (scale / sample_scale if scale and sample_scale else 1.0)
    service = spec.get("service", {})
    handle = service.get("handle_minutes", {})
    claim_dist = service.get("claim_handle_minutes")
    follow = service.get("followup_handle_factor", 0.7)
    buyers: dict[str, list[dict]] = defaultdict(list)
    out: list[dict] = []
    n_thread = n_msg = n_claim = n_oe = 0
    end = dt.datetime.combine(start + dt.timedelta(days=days), dt.time(), UTC)
    for d in range(days):
        day = start + dt.timedelta(days=d)
        lam = rate * s.weekday[day.weekday()] * peak.get(day, 1.0)
        count = max(0, round(rng.gauss(lam, math.sqrt(lam))))  # Poisson-like day-to-day noise
        for _ in range(count):
            channel = rng.choices(s.channels, s.channel_weights)[0]
            tpl = rng.choice(s.by_channel[channel])
            tz = ZoneInfo(_tz_of(tpl))
            hour = rng.choices(range(24), s.hours[_kind(channel)])[0]
            local = dt.datetime.combine(day, dt.time(hour), tz) + dt.timedelta(seconds=rng.uniform(0, 3600))
            t0 = local.astimezone(UTC)
            if t0 >= end or t0 < dt.datetime.combine(start, dt.time(), UTC):
                continue
            n_thread += 1
            tid = f"t_s{n_thread:06d}"
            delta = t0 - _ts(tpl[0]["at"])
            cust_tpl = next((e["customer"] for e in tpl if e["kind"] == "message"), None)
            if cust_tpl and buyers[channel] and rng.random() < REPEAT_BUYER:
                customer = rng.choice(buyers[channel])
            elif cust_tpl:
                customer = dict(cust_tpl, id=f"cu_s{n_thread:06d}",
                                lifetime_value=round(cust_tpl["lifetime_value"] * math.exp(rng.gauss(0, 0.3)), 2))
                buyers[channel].append(customer)
            else:
                customer = None
            orders: dict[str, str] = {}
            at = t0
            prev_old = _ts(tpl[0]["at"])
            seen_message = False
            for e in tpl:
                old = _ts(e["at"])
                at = at + (old - prev_old) * math.exp(rng.gauss(0, GAP_SIGMA))
                prev_old = old
                if at >= end:
                    break
                shift = at - old
                c = dict(e, at=_fmt(at), thread_id=tid)
                oid = (e.get("order") or {}).get("id") if e["kind"] == "message" else e.get("order_id")
                if oid and oid not in orders:
                    orders[oid] = _new_order_id(oid, rng)
                if e["kind"] == "message":
                    n_msg += 1
                    c["id"] = f"m_s{n_msg:07d}"
                    c["customer"] = customer
                    if e.get("order"):
                        o = dict(e["order"], id=orders[oid])
                        for k in ("placed_at", "shipped_at", "delivered_at"):
                            if o.get(k):
                                o[k] = _fmt(_ts(o[k]) + delta)
                        c["order"] = o
                    for old_id, new_id in orders.items():
                        c["text"] = c["text"].replace(old_id, new_id)
                        if c.get("subject"):
                            c["subject"] = c["subject"].replace(old_id, new_id)
                    dist = handle.get(e["expected"]["intent"])
                    if dist:
                        c["service"] = dict(e["service"], handle_min=_handle(dist, rng, follow if seen_message else 1.0))
                    seen_message = True
                else:
                    n_claim += 1
                    c["id"] = f"cl_s{n_claim:05d}"
                    c["customer_id"] = customer["id"] if customer else e["customer_id"]
                    c["order_id"] = orders.get(oid, oid)
                    if e.get("respond_by"):
                        c["respond_by"] = _fmt(_ts(e["respond_by"]) + shift)
                    if claim_dist:
                        c["service"] = {"handle_min": _handle(claim_dist, rng)}
                out.append(c)
            for oid, new_id in orders.items():
                for oe in s.order_events.get(oid, ()):
                    t = _ts(oe["at"]) + delta
                    if t < end:
                        n_oe += 1
                        out.append(dict(oe, id=f"oe_s{n_oe:06d}", at=_fmt(t), order_id=new_id,
                                        customer_id=customer["id"] if customer else oe["customer_id"]))
    out.sort(key=lambda e: e["at"])  # stable: a thread's events keep their order at equal times
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sample", help="a trace directory (default: the team's 7-day sample, if present)")
    ap.add_argument("--mode", choices=("synth", "repeat"), default="synth")
    ap.add_argument("--days", type=int, default=30)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--scale", type=float, help="messages per day as the sample generator's `scale` (default: the sample's)")
    ap.add_argument("--start", help="first day, YYYY-MM-DD (default: the sample's)")
    ap.add_argument("--peak", help="bf:FACTOR (Black Friday .. Cyber Monday) or FIRST:LAST:FACTOR")
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    if args.sample is None and not (SAMPLE / "trace.jsonl").is_file():
        print(json.dumps({"skipped": f"the team's sample trace is not at {SAMPLE}"}))
        return
    sample = Path(args.sample or SAMPLE)
    events = _read(sample)
    spec = json.loads((sample / "agents.json").read_text(encoding="utf-8"))
    start = dt.date.fromisoformat(args.start) if args.start else _ts(events[0]["at"]).date()
    peak = peak_days(args.peak, start)
    if args.mode == "repeat":
        out_events = repeat(events, args.days, peak, args.seed)
    else:
        out_events = synth(events, spec, args.days, peak, args.seed, args.scale, start)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with (out / "trace.jsonl").open("w", encoding="utf-8") as fh:
        for e in out_events:
            fh.write(json.dumps(e, ensure_ascii=False) + "\n")
    spec["generator"] = {**(spec.get("generator") or {}), "tool": "bench/sim_traces.py", "mode": args.mode, "seed": args.seed, "days": args.days,
                         "start": start.isoformat(), "scale": args.scale, "peak": args.peak}
    (out / "agents.json").write_text(json.dumps(spec, ensure_ascii=False, indent=1), encoding="utf-8")
    print(json.dumps({"out": str(out), "events": len(out_events),
                      "messages": sum(e["kind"] == "message" for e in out_events),
                      "conditional": sum(bool(e.get("when")) for e in out_events),
                      "claims": sum(e["kind"] == "claim" for e in out_events)}))


if __name__ == "__main__":
    main()
