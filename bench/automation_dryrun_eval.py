"""The default recipes' auto-answers on held-out real buyer messages, by language (JSON).

Reads ../shared/eval/real_dev.jsonl beside the checkout (evaluation only; skipped when absent).
The real rows carry no order, so each gets the same made-up order with fresh in-transit tracking
(the case the where-is-my-order recipe is for); triage runs on each row's text. Prints:
- wismo_fire_rate: share of order_status rows (by label) where the answer would be sent;
- precision: share of rows with an auto-answer whose label is the recipe's intent;
- tier1_fire_rate: share of tier-1 rows (labels: claims, damage, wrong item, not arrived,
  complaints) where any auto-answer would be sent (target <= 1%).

    .venv/bin/python bench/automation_dryrun_eval.py [--eval PATH]
"""

from __future__ import annotations

import json
import os
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sellerdesk.settings")
EVAL = ROOT / ".." / "shared" / "eval" / "real_dev.jsonl"
ORDER = {"number": "#1001", "status": "shipped", "carrier": "DHL", "tracking_number": "00340434161094015902",
         "tracking_status": "in_transit", "tracking_url": "https://www.dhl.de/en/privatkunden/pakete-empfangen/verfolgen.html?piececode=00340434161094015902"}
INTENT_OF = {"where-is-my-order": "order_status"}


def main() -> None:
    import argparse

    parser = argparse.ArgumentParser()
    parser.add_argument("--eval", default=str(EVAL), help="the held-out file (default: shared/eval beside the checkout)")
    path = Path(parser.parse_args().eval)
    if not path.exists():
        print(json.dumps({"skipped": f"{path} not found"}))
        return
    import django

    django.setup()
    from sellerdesk.automation.dryrun import load_rules, run_rows
    from sellerdesk.triage.taxonomy import TIER1_INTENTS

    labelled = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    rows = [{"id": r["id"], "text": r["text"], "channel": "email", "order": ORDER} for r in labelled]
    results = run_rows(rows, load_rules("default"))
    by_lang = defaultdict(lambda: defaultdict(int))
    for label, result in zip(labelled, results):
        sent = [f for f in result["fired"] if f["outcome"] == "sent"]
        for key in ("all", label.get("lang") or "?"):
            s = by_lang[key]
            s["rows"] += 1
            if label["intent"] == "order_status":
                s["order_status"] += 1
                s["order_status_answered"] += any(f["key"] == "where-is-my-order" for f in sent)
            if sent:
                s["answered"] += 1
                s["answered_right_intent"] += all(label["intent"] == INTENT_OF.get(f["key"], label["intent"]) for f in sent)
            if label["intent"] in TIER1_INTENTS:
                s["tier1"] += 1
                s["tier1_answered"] += bool(sent)

    def rate(a, b):
        return round(a / b, 3) if b else None

    out = {}
    for lang, s in sorted(by_lang.items(), key=lambda kv: (kv[0] != "all", -kv[1]["rows"])):
        out[lang] = {
            "rows": s["rows"],
            "wismo_fire_rate": rate(s["order_status_answered"], s["order_status"]), "order_status_rows": s["order_status"],
            "precision": rate(s["answered_right_intent"], s["answered"]), "answered_rows": s["answered"],
            "tier1_fire_rate": rate(s["tier1_answered"], s["tier1"]), "tier1_rows": s["tier1"],
        }
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
