"""Compliance benchmark: time to check one reply, semantic check included, printed as one JSON line.

    .venv/bin/python bench/compliance.py [--channel amazon] [--rounds 2] [--no-semantic]

Replies are the labelled tables under tests/replies/data (seller replies in eleven
languages, violations and clean texts) and the starter template library rendered
with sample values. Each is checked with `check()` on its own channel (or --channel),
one reply at a time, the way a send is checked. Loading the encoder, embedding the
exemplars and training the classifiers happen in a warm-up that is not timed (a
worker does them once at start-up). p50/p95/p99 in ms over every reply and round.
The machine's load average is printed too: these figures depend on the cores being free.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sellerdesk.settings")

import django  # noqa: E402

django.setup()

from sellerdesk.replies.compliance import SendContext, check  # noqa: E402
from sellerdesk.replies.compliance.loader import default_rules  # noqa: E402
from sellerdesk.replies.compliance.semantic import sentences, warm  # noqa: E402
from sellerdesk.replies.library.starter import entries  # noqa: E402
from sellerdesk.replies.templating.render import render  # noqa: E402
from sellerdesk.replies.templating.variables import sample_values  # noqa: E402


def replies() -> list[tuple[str, str]]:
    """(text, channel) pairs."""
    out = []
    for path in sorted((ROOT / "tests" / "replies" / "data").glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                out.append((row["text"], row.get("channel") or "amazon"))
    for entry in entries():
        out.append((render(entry["body"], sample_values(entry["language"])).text, entry["channel"] or "amazon"))
    return out


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--channel", default="", help="check every reply on this channel instead of its own")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--no-semantic", action="store_true")
    args = parser.parse_args()
    semantic = not args.no_semantic

    texts = replies()
    started = time.perf_counter()
    warm([s for r in default_rules() for s in r.phrase_sets])
    check("Warm-up: thank you for your order.", channel="amazon", context=SendContext(marketplace="DE"))
    warm_up_s = time.perf_counter() - started

    timings = []
    for _ in range(args.rounds):
        for text, channel in texts:
            ctx = SendContext(marketplace="DE")
            t0 = time.perf_counter()
            check(text, channel=args.channel or channel, context=ctx, semantic=semantic)
            timings.append((time.perf_counter() - t0) * 1000)
    lengths = [len(sentences(t)) for t, _ in texts]
    print(json.dumps({
        "benchmark": "compliance.check",
        "semantic": semantic,
        "replies": len(texts),
        "rounds": args.rounds,
        "sentences_per_reply": {"mean": round(sum(lengths) / len(lengths), 2), "max": max(lengths)},
        "per_reply_ms": {
            "p50": round(percentile(timings, 0.50), 2),
            "p95": round(percentile(timings, 0.95), 2),
            "p99": round(percentile(timings, 0.99), 2),
            "max": round(max(timings), 2),
        },
        "warm_up_s": round(warm_up_s, 2),
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }))


if __name__ == "__main__":
    main()
