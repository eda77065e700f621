"""The default recipes' auto-answers on held-out real buyer messages, by language and by source (JSON).

Reads ../shared/eval/real_dev.jsonl beside the checkout (evaluation only; skipped when absent).
Runs in a fresh data folder (its own SQLite database, migrated) holding what a seller who switched
the recipes on would have: the starter FAQ. The triage model is the checkout's (var/models, or
SELLERDESK_TRIAGE_MODEL); the bench never builds one.

The real rows carry no order. Each gets an order with tracking heard an hour ago and in transit
(the case the where-is-my-order recipe is for: "order-status questions that carry an order with
tracking"); so every row could be answered by that recipe if triage and the gate let it. Triage
runs on each row's text. Prints, per group (all, each language, each source):
- wismo_fire_rate: share of order_status rows (by label) where the tracking answer would be sent;
- precision: share of rows with an auto-answer where every answer is for the row's labelled intent
  (where-is-my-order: order_status; an FAQ answer: the intents its topic answers, gate.TOPIC_INTENTS);
- tier1_fire_rate: share of tier-1 rows (labels: claims, damage, wrong item, not arrived,
  complaints) where any auto-answer would be sent (target <= 1%);
- wrong_by_label: the labels of the rows answered for another intent (counts only).

    .venv/bin/python bench/automation_dryrun_eval.py [--eval PATH]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
EVAL = ROOT / ".." / "shared" / "eval" / "real_dev.jsonl"
NOW = dt.datetime(2026, 11, 24, 10, 0, tzinfo=dt.timezone.utc)
ORDER = {"number": "#1001", "status": "shipped", "carrier": "DHL", "tracking_number": "00340434161094015902",
         "tracking_status": "in_transit", "tracking_updated_at": (NOW - dt.timedelta(hours=1)).isoformat(),
         "tracking_url": "https://www.dhl.de/en/privatkunden/pakete-empfangen/verfolgen.html?piececode=00340434161094015902"}
def answer_intents(fired: dict) -> set[str]:
    """The intents a sent answer is right for."""
    if fired["key"] == "where-is-my-order":
        return {"order_status"}
    if fired["key"] == "faq-answers":
        from sellerdesk.automation.gate import TOPIC_INTENTS

        topics = {a.get("topic") for a in fired["actions"] if a.get("type") == "faq_answer"}
        return set().union(*(TOPIC_INTENTS.get(t, set()) for t in topics))
    return set()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--eval", default=str(EVAL), help="the held-out file (default: shared/eval beside the checkout)")
    path = Path(parser.parse_args().eval)
    if not path.exists():
        print(json.dumps({"skipped": f"{path} not found"}))
        return
    model = ROOT / "var" / "models" / "triage.npz"
    if model.exists():
        os.environ.setdefault("SELLERDESK_TRIAGE_MODEL", str(model))
    tmp = tempfile.mkdtemp(prefix="automation-eval-")
    os.environ["SELLERDESK_DATA_DIR"] = tmp
    os.environ["DATABASE_URL"] = f"sqlite:///{tmp}/eval.sqlite3"
    os.environ["DJANGO_SETTINGS_MODULE"] = "sellerdesk.settings"
    try:
        print(json.dumps(evaluate(path), indent=1))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def evaluate(path: Path) -> dict:
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from sellerdesk.automation.dryrun import load_rules, run_rows
    from sellerdesk.faq.actions import load_starter
    from sellerdesk.triage.taxonomy import TIER1_INTENTS

    load_starter()
    labelled = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    rows = [{"id": r["id"], "text": r["text"], "channel": "email", "order": ORDER} for r in labelled]
    results = run_rows(rows, load_rules("default"), now=NOW)
    groups = defaultdict(Counter)
    wrong = defaultdict(Counter)
    for label, result in zip(labelled, results):
        sent = [f for f in result["fired"] if f["outcome"] == "sent"]
        for key in ("all", f"lang:{label.get('lang') or '?'}", f"source:{label.get('source') or '?'}"):
            s = groups[key]
            s["rows"] += 1
            if label["intent"] == "order_status":
                s["order_status"] += 1
                s["order_status_answered"] += any(f["key"] == "where-is-my-order" for f in sent)
            if sent:
                s["answered"] += 1
                for f in sent:
                    s[f"answered:{f['key']}"] += 1
                right = all(label["intent"] in answer_intents(f) for f in sent)
                s["answered_right_intent"] += right
                if not right:
                    wrong[key][label["intent"]] += 1
            if label["intent"] in TIER1_INTENTS:
                s["tier1"] += 1
                s["tier1_answered"] += bool(sent)

    def rate(a, b):
        return round(a / b, 4) if b else None  # 2/192 is 0.0104, above a 1% target: not 0.01

    out = {}
    for key, s in sorted(groups.items(), key=lambda kv: (kv[0] != "all", kv[0].split(":")[0], -kv[1]["rows"])):
        out[key] = {
            "rows": s["rows"],
            "wismo_fire_rate": rate(s["order_status_answered"], s["order_status"]), "order_status_rows": s["order_status"],
            "order_status_answered": s["order_status_answered"],
            "precision": rate(s["answered_right_intent"], s["answered"]), "answered_rows": s["answered"],
            "answered_right_intent": s["answered_right_intent"],
            "answers_by_rule": {k.split(":", 1)[1]: v for k, v in s.items() if k.startswith("answered:")},
            "tier1_fire_rate": rate(s["tier1_answered"], s["tier1"]), "tier1_rows": s["tier1"], "tier1_answered": s["tier1_answered"],
            "wrong_by_label": dict(wrong[key]),
        }
    return out


if __name__ == "__main__":
    main()
