"""`sellerdesk simulate --trace DIR --out FILE.json` and `--advise` (docs/simulate.md)."""

import json

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from sellerdesk.routing.shifts import ShiftError
from sellerdesk.sim.run import simulate
from sellerdesk.sim.trace import TraceError


class Command(BaseCommand):
    help = "Replay a workload trace through triage, SLA and routing in virtual time; write the metrics (and FIFO's)."

    def add_arguments(self, parser):
        parser.add_argument("--trace", required=True, help="directory with trace.jsonl and agents.json")
        parser.add_argument("--out", help="metrics file to write (JSON); required unless --advise")
        parser.add_argument("--advise", action="store_true",
                            help="search for the fewest added agent-hours that meet the targets; print the plan (JSON)")
        parser.add_argument("--target-lrr", type=float, default=1.0, help="Amazon late-response rate to reach, %% (default 1)")
        parser.add_argument("--target-tier1-p90", type=float, help="tier-1 first-response 90th percentile to reach, minutes")
        parser.add_argument("--advise-out", help="write the advised roster here, in the trace's agents.json format")
        parser.add_argument("--reassign-after", type=float, default=settings.ROUTING_REASSIGN_AFTER_MINUTES,
                            help="minutes before another agent may take an unanswered assigned thread")

    def handle(self, *args, **opts):
        if opts["advise"]:
            return self._advise(opts)
        if not opts["out"]:
            raise CommandError("--out FILE.json is required (or --advise)")
        try:
            doc, info = simulate(opts["trace"], reassign_after=opts["reassign_after"])
        except (TraceError, ShiftError) as exc:
            raise CommandError(str(exc)) from None
        with open(opts["out"], "w", encoding="utf-8") as fh:
            json.dump(doc, fh, indent=1, ensure_ascii=False)
            fh.write("\n")
        ours, fifo = doc["sellerdesk"], doc["fifo"]
        self.stdout.write(
            f"{doc['trace']['messages']} messages, {doc['trace']['claims']} claims, {doc['trace']['void']} void "
            f"in {info['total_s']} s (triage {info['triage_s']} s, replay {info['replay_s']} s)\n"
            f"breaches: sellerdesk {ours['breaches']}, fifo {fifo['breaches']}; "
            f"SLA met: {ours['sla_met_pct']['all']} % vs {fifo['sla_met_pct']['all']} %; "
            f"Amazon late: {ours['amazon_late_response_rate_pct']} % vs {fifo['amazon_late_response_rate_pct']} %; "
            f"tier-1 p90 staffed: {ours['tier1_p90_staffed_min']} vs {fifo['tier1_p90_staffed_min']} min\n"
            f"wrote {opts['out']}"
        )

    def _advise(self, opts):
        from sellerdesk.sim import trace as trace_mod
        from sellerdesk.sim.advise import Advisor, Targets, write_roster
        from sellerdesk.sim.plan import plan

        try:
            tr = trace_mod.load(opts["trace"])
        except (TraceError, ShiftError) as exc:
            raise CommandError(str(exc)) from None
        targets = Targets(opts["target_lrr"], opts["target_tier1_p90"])
        advice = Advisor(tr, plan(tr.events), targets, reassign_after=opts["reassign_after"]).advise()
        if opts["advise_out"]:
            write_roster(opts["trace"], advice, opts["advise_out"])
            advice["roster"] = opts["advise_out"]
        self.stdout.write(json.dumps(advice, indent=1, ensure_ascii=False))
