"""Staffing advice from the Agents page: forecast the coming weeks from the desk's history, replay them
with the agents' rotas and holidays, and ask `simulate --advise` what to add (docs/simulate.md).

Runs as a task (minutes of CPU); the result is kept as one JSON file in the private data folder,
the page shows the latest.
"""

from __future__ import annotations

import datetime as dt
import json

from django.conf import settings

from sellerdesk.lib import clock


def folder():
    return settings.DATA_DIR / "advice"


def latest() -> dict | None:
    path = folder() / "latest.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        return None


def run(*, weeks: int = 4, target_lrr: float = 1.0) -> dict:
    from sellerdesk.sim import forecast, trace as trace_mod
    from sellerdesk.sim.advise import Advisor, Targets
    from sellerdesk.sim.plan import plan

    now = clock.now()
    day = now.date() + dt.timedelta(days=1)
    start = dt.datetime(day.year, day.month, day.day, tzinfo=dt.timezone.utc)
    out = folder() / "forecast"
    doc = {"requested_at": now.isoformat(), "weeks": weeks, "target_lrr": target_lrr}
    summary = forecast.write(out, weeks=weeks, start=start)
    doc["forecast"] = summary
    if summary["messages"]:
        tr = trace_mod.load(out)
        doc["advice"] = Advisor(tr, plan(tr.events), Targets(target_lrr)).advise()
    else:
        doc["advice"] = None  # no history yet: nothing to forecast from
    doc["finished_at"] = clock.now().isoformat()
    folder().mkdir(parents=True, exist_ok=True)
    tmp = folder() / "latest.json.tmp"
    tmp.write_text(json.dumps(doc, ensure_ascii=False, indent=1), encoding="utf-8")
    tmp.replace(folder() / "latest.json")
    return doc
