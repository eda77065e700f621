"""Build longer traces from a 7-day sample for `simulate` benchmarks: repeat it week after week and
optionally copy the threads that start on peak days (a Black-Friday-like surge).

    python bench/sim_traces.py --sample /work/shared/sim/sample --days 30 --out var/sim/30d
    python bench/sim_traces.py --sample /work/shared/sim/sample --days 30 --peak 2026-11-27:2026-11-30:3 --out var/sim/bf

Threads are copied whole (their follow-ups and claims too) with new ids, so conditional events
still refer to their own thread. Prints a JSON summary.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import shutil
from pathlib import Path


def _ts(s: str) -> dt.datetime:
    return dt.datetime.fromisoformat(s.replace("Z", "+00:00"))


def _fmt(t: dt.datetime) -> str:
    return t.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def build(sample: Path, days: int, peak: tuple[dt.date, dt.date, float] | None, seed: int = 7) -> tuple[list[dict], dict]:
    events = [json.loads(line) for line in (sample / "trace.jsonl").open(encoding="utf-8") if line.strip()]
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
        first_day, last_day, factor = peak
        by_thread: dict[str, list[dict]] = {}
        for e in out:
            if "thread_id" in e:
                by_thread.setdefault(e["thread_id"], []).append(e)
        extra = []
        for tid, evs in by_thread.items():
            day = _ts(evs[0]["at"]).date()
            if not first_day <= day <= last_day:
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
    return out, {"events": len(out), "messages": sum(e["kind"] == "message" for e in out)}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sample", default="/work/shared/sim/sample")
    ap.add_argument("--days", type=int, default=30)
    ap.add_argument("--peak", help="FIRST:LAST:FACTOR, e.g. 2026-11-27:2026-11-30:3")
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    peak = None
    if args.peak:
        a, b, f = args.peak.split(":")
        peak = (dt.date.fromisoformat(a), dt.date.fromisoformat(b), float(f))
    events, info = build(Path(args.sample), args.days, peak)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with (out / "trace.jsonl").open("w", encoding="utf-8") as fh:
        for e in events:
            fh.write(json.dumps(e, ensure_ascii=False) + "\n")
    shutil.copy(Path(args.sample) / "agents.json", out / "agents.json")
    print(json.dumps({"out": str(out), **info}))


if __name__ == "__main__":
    main()
