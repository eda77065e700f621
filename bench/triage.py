"""Triage benchmark: batched throughput and single-message latency, printed as one JSON line.

    .venv/bin/python bench/triage.py [--batch 64] [--single 300] [--rounds 3]

Messages are the shipped multilingual training rows (sellerdesk/triage/data: examples_*.jsonl
and the traffic-like traffic_*.jsonl, from 3-word chat turns to long mails with quoted history)
plus the test sets under tests/triage/data. Loading the model and a warm-up
are not timed. Batched: analyze_many() over every message in batches of --batch (one process),
and analyze_bulk() (one forked process per core), best of --rounds each. Single: analyze() one
message at a time (--single messages), p50/p95/p99 in ms.
The machine's load average is printed too: these figures depend on the two cores being free.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sellerdesk.settings")

import django  # noqa: E402

django.setup()

from sellerdesk import triage  # noqa: E402
from sellerdesk.triage import embedder, model, training  # noqa: E402


def messages() -> list[str]:
    data = ROOT / "sellerdesk" / "triage" / "data"
    files = sorted(data.glob("examples_*.jsonl")) + sorted(data.glob("traffic_*.jsonl"))
    files += sorted((ROOT / "tests" / "triage" / "data").glob("*.jsonl"))
    return [r["text"] for f in files for r in training.read_jsonl(f) if r.get("text")]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batch", type=int, default=64)
    parser.add_argument("--single", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    texts = messages()
    started = time.perf_counter()
    model.get()
    triage.analyze("warm up: where is my order?")
    load_seconds = time.perf_counter() - started
    for text in texts[:20]:
        triage.analyze(text)

    rates, bulk_rates = [], []
    for _ in range(args.rounds):
        t0 = time.perf_counter()
        for i in range(0, len(texts), args.batch):
            triage.analyze_many([triage.Message(t) for t in texts[i : i + args.batch]])
        rates.append(len(texts) / (time.perf_counter() - t0))
        t0 = time.perf_counter()
        triage.analyze_bulk([triage.Message(t) for t in texts])
        bulk_rates.append(len(texts) / (time.perf_counter() - t0))

    step = max(1, len(texts) // args.single)
    sample = texts[::step][: args.single]
    latencies = []
    for text in sample:
        t0 = time.perf_counter()
        triage.analyze(text)
        latencies.append((time.perf_counter() - t0) * 1000)

    backend = embedder.encoder()._model
    print(
        json.dumps(
            {
                "bench": "triage",
                "messages": len(texts),
                "mean_chars": round(statistics.mean(len(t) for t in texts), 1),
                "batch_size": args.batch,
                "batched_messages_per_second": round(max(rates), 1),
                "batched_rounds": [round(r, 1) for r in rates],
                "bulk_messages_per_second": round(max(bulk_rates), 1),
                "bulk_rounds": [round(r, 1) for r in bulk_rates],
                "single_messages": len(sample),
                "single_p50_ms": round(percentile(latencies, 0.50), 2),
                "single_p95_ms": round(percentile(latencies, 0.95), 2),
                "single_p99_ms": round(percentile(latencies, 0.99), 2),
                "model_load_seconds": round(load_seconds, 2),
                # The encoder's token table (docs/triage.md, "Speed"): ids kept / room for; null when off.
                "encoder_token_table": {"used": backend.used, "capacity": backend.capacity} if hasattr(backend, "used") else None,
                "cpus": len(os.sched_getaffinity(0)),
                "load_average_1m": round(os.getloadavg()[0], 2),
            }
        )
    )


if __name__ == "__main__":
    main()
