"""Time `simulate` and compare SellerDesk's policy with FIFO; prints JSON (docs/simulate.md).

    python bench/simulate.py                                 # the team's 7-day sample, if present
    python bench/simulate.py var/sim/30d var/sim/bf          # traces built by bench/sim_traces.py

The sample lives in the team's shared folder beside the repository (its `sim/sample` directory);
without it the default run prints {"skipped": ...}.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

SAMPLE = Path(__file__).resolve().parents[1].parent / "shared" / "sim" / "sample"


def main(dirs: list[str]) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sellerdesk.settings")
    import django

    django.setup()
    from sellerdesk.sim.run import simulate

    for d in dirs:
        t0 = time.perf_counter()
        doc, info = simulate(d)
        seconds = time.perf_counter() - t0
        ours, fifo = doc["sellerdesk"], doc["fifo"]
        worst = min(
            ((ours["sla_met_pct"][c] or 0) - (fifo["sla_met_pct"].get(c) or 0), c) for c in ours["sla_met_pct"]
        )
        print(json.dumps({
            "trace": d, **doc["trace"], "seconds": round(seconds, 2),
            "messages_per_s": round(doc["trace"]["messages"] / seconds, 1), **info,
            "breaches": {"sellerdesk": ours["breaches"], "fifo": fifo["breaches"]},
            "sla_met_pct_all": {"sellerdesk": ours["sla_met_pct"]["all"], "fifo": fifo["sla_met_pct"]["all"]},
            "worst_channel_vs_fifo_pt": {"channel": worst[1], "difference": round(worst[0], 2)},
            "amazon_late_response_rate_pct": {"sellerdesk": ours["amazon_late_response_rate_pct"], "fifo": fifo["amazon_late_response_rate_pct"]},
            "tier1_p90_staffed_min": {"sellerdesk": ours["tier1_p90_staffed_min"], "fifo": fifo["tier1_p90_staffed_min"]},
            "tier1_p90_min": {"sellerdesk": ours["tier1_p90_min"], "fifo": fifo["tier1_p90_min"]},
        }))


if __name__ == "__main__":
    if sys.argv[1:]:
        main(sys.argv[1:])
    elif (SAMPLE / "trace.jsonl").is_file():
        main([str(SAMPLE)])
    else:
        print(json.dumps({"skipped": f"the team's sample trace is not at {SAMPLE}"}))
