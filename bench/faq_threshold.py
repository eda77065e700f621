"""How the FAQ matcher's similarity threshold and margin were chosen.

    .venv/bin/python bench/faq_threshold.py [--json]

Embeds the starter FAQ (sellerdesk/faq/starter.py, every language) and the paraphrases written
for tuning (tests/faq/paraphrases.jsonl: FAQ questions asked in other words, in seven languages,
and buyer messages that are not FAQ questions: order status, damage, refunds, thanks...). For
each threshold and margin it counts right answers, wrong answers (a non-FAQ message answered, or
the wrong entry), misses, and wrong answers when the right entry is left out of the FAQ (a
seller without a warranty entry: "How long is the warranty?" must not get the shipping times),
and prints one JSON line per setting plus the choice: the fewest
wrong answers of both kinds, then the most right ones. Never tuned on the evaluation set of real messages.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sellerdesk.settings")


def main() -> None:
    import django

    django.setup()
    from sellerdesk.faq import matcher
    from sellerdesk.faq.starter import STARTER
    from sellerdesk.triage import embedder

    ids, wordings = [], []
    for topic, languages in STARTER.items():
        for question, others, _answer in languages.values():
            for w in [question, *others]:
                ids.append(topic)
                wordings.append(w)
    rows = [json.loads(line) for line in (ROOT / "tests" / "faq" / "paraphrases.jsonl").read_text().splitlines() if line.strip()]
    matrix = embedder.embed([embedder.prepare(w) for w in wordings])
    queries = embedder.embed([embedder.prepare(r["text"]) for r in rows])
    from sellerdesk.faq.counter import COUNTER_EXAMPLES

    counters = embedder.embed([embedder.prepare(t) for t in COUNTER_EXAMPLES])
    hits = [matcher.rank(ids, wordings, matrix @ q, float((counters @ q).max())) for q in queries]
    # A seller's FAQ lacks some topics: with each topic left out in turn, its questions must not
    # be answered by another entry ("How long is the warranty?" is not a shipping-times question).
    left_out = []
    for topic in STARTER:
        keep = [i for i, t in enumerate(ids) if t != topic]
        sub_ids, sub_matrix = [ids[i] for i in keep], matrix[keep]
        for row, q in zip(rows, queries):
            if row["expect"] == topic:
                left_out.append(matcher.rank(sub_ids, [wordings[i] for i in keep], sub_matrix @ q, float((counters @ q).max())))
    results = []
    for threshold in [x / 100 for x in range(40, 81, 2)]:
        for margin, counter_margin in [(m, c) for m in (0.0, 0.02, 0.04, 0.06, 0.08) for c in (-1.0, 0.0, 0.03, 0.05, 0.08)]:
            right = wrong = missed = 0
            for row, hit in zip(rows, hits):
                answered = matcher.confident(hit, threshold, margin, counter_margin)
                if answered and hit.entry_id == row["expect"]:
                    right += 1
                elif answered:
                    wrong += 1
                elif row["expect"]:
                    missed += 1
            wrong_left_out = sum(matcher.confident(h, threshold, margin, counter_margin) for h in left_out)
            results.append({"threshold": threshold, "margin": margin, "counter_margin": counter_margin,
                            "right": right, "wrong": wrong, "missed": missed, "wrong_topic_left_out": wrong_left_out})
    positives = sum(1 for r in rows if r["expect"])
    best = min(results, key=lambda r: (r["wrong"] + r["wrong_topic_left_out"], -r["right"], -r["threshold"]))
    current = next(r for r in results if abs(r["threshold"] - matcher.THRESHOLD) < 1e-9 and abs(r["margin"] - matcher.MARGIN) < 1e-9
                   and abs(r["counter_margin"] - matcher.COUNTER_MARGIN) < 1e-9)
    if "--json" not in sys.argv:
        for hit in left_out:
            if hit.score >= 0.5:
                print(f"left out -> {hit.entry_id:9} {hit.score:.3f} {hit.runner_up:.3f} {hit.counter:.3f} {hit.wording}")
        for row, hit in zip(rows, hits):
            print(f"{hit.score:.3f} {hit.runner_up:.3f} {hit.counter:.3f} {str(row['expect']):9} {hit.entry_id:9} {row['text'][:70]}")
    print(json.dumps({"rows": len(rows), "faq_rows": positives, "best": best, "current": current}))


if __name__ == "__main__":
    main()
