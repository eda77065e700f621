"""Why triage raises messages to tier 1 that are not tier-1 problems, counted per language, as one JSON line.

    .venv/bin/python bench/triage_tier1_reasons.py [--eval PATH]

For every row of a labelled evaluation file whose intent label is not a tier-1 intent but which the
product puts in tier 1 (a false positive of the tier-1 decision), the decision rules that fired:
`intent` (the predicted intent is a tier-1 one), `cue:<kind>` (an escalation cue), `negative` (clear
negative sentiment that raises the tier), `score` (the tier-1 score at or above the language's
threshold). Prints only counts — never a message — per language: how many false positives, how many
each rule took part in, how many it raised alone, and the same for the true positives, so a change
that removes false positives can be checked against the tier-1 messages it would lose. By default
the team's evaluation set in the shared folder beside the repository; {"skipped": ...} without it.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sellerdesk.settings")

import django  # noqa: E402

django.setup()

from sellerdesk.triage import evaluation, priority  # noqa: E402
from sellerdesk.triage.taxonomy import TIER_OF_INTENT  # noqa: E402


def rules_that_fired(result) -> list[str]:
    fired = []
    if TIER_OF_INTENT.get(result.intent, 3) == 1:
        fired.append("intent")
    fired.extend(f"cue:{kind}" for kind in result.cues)
    if (
        result.sentiment == "negative"
        and result.sentiment_confidence >= priority.NEGATIVE_TIER1
        and result.tier1_probability >= priority.NEGATIVE_NEEDS_TIER1_SHARE * result.tier1_threshold
    ):
        fired.append("negative")
    if result.tier1_probability >= result.tier1_threshold:
        fired.append("score")
    return fired


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--eval", default=str(ROOT.parent / "shared" / "eval" / "real_dev.jsonl"))
    path = Path(parser.parse_args().eval)
    if not path.exists():
        print(json.dumps({"skipped": f"{path.name} not found"}))
        return
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    rows = [r for r in rows if r.get("intent") in TIER_OF_INTENT]
    results = evaluation.triage_rows(rows)
    out: dict = defaultdict(lambda: {"false_positives": 0, "fp_with": Counter(), "fp_alone": Counter(),
                                     "true_positives": 0, "tp_alone": Counter(), "missed": 0})
    for row, result in zip(rows, results):
        lang = row.get("lang") or "und"
        gold_tier1 = TIER_OF_INTENT[row["intent"]] == 1
        if result.tier != 1:
            out[lang]["missed"] += gold_tier1
            continue
        fired = rules_that_fired(result)
        kind = "true_positives" if gold_tier1 else "false_positives"
        out[lang][kind] += 1
        if not gold_tier1:
            out[lang]["fp_with"].update(fired)
        if len(fired) == 1:
            out[lang]["fp_alone" if not gold_tier1 else "tp_alone"][fired[0]] += 1
    print(json.dumps({lang: {k: dict(v) if isinstance(v, Counter) else v for k, v in sorted(rep.items())}
                      for lang, rep in sorted(out.items())}))


if __name__ == "__main__":
    main()
