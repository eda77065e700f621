"""`sellerdesk forecast --weeks N --out DIR`: a trace of the coming weeks from the desk's history (docs/simulate.md)."""

import datetime as dt
import json

from django.core.management.base import BaseCommand, CommandError

from sellerdesk.lib import clock
from sellerdesk.sim import forecast


class Command(BaseCommand):
    help = "Build a workload trace for the coming weeks from the desk's own history, for `simulate --advise`."

    def add_arguments(self, parser):
        parser.add_argument("--out", required=True, help="directory to write trace.jsonl and agents.json into")
        parser.add_argument("--weeks", type=int, default=4, help="weeks to forecast (default 4)")
        parser.add_argument("--start", help="first day, YYYY-MM-DD (default: tomorrow, UTC)")
        parser.add_argument("--history-weeks", type=int, default=8, help="weeks of history to learn from (default 8)")
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, **opts):
        if not 1 <= opts["weeks"] <= 26 or not 1 <= opts["history_weeks"] <= 104:
            raise CommandError("--weeks must be 1-26 and --history-weeks 1-104")
        try:
            day = dt.date.fromisoformat(opts["start"]) if opts["start"] else clock.now().date() + dt.timedelta(days=1)
        except ValueError:
            raise CommandError(f"--start: {opts['start']!r} is not YYYY-MM-DD") from None
        start = dt.datetime(day.year, day.month, day.day, tzinfo=dt.timezone.utc)
        summary = forecast.write(opts["out"], weeks=opts["weeks"], start=start, history_weeks=opts["history_weeks"], seed=opts["seed"])
        if not summary["messages"]:
            raise CommandError(f"no buyer messages in the {opts['history_weeks']} weeks before {day}: nothing to forecast from")
        self.stdout.write(json.dumps(summary, ensure_ascii=False))
