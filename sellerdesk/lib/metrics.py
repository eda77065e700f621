"""Prometheus counters and histograms of what happens, counted where it happens.

Several processes count (web servers store deliveries, workers write them, send replies and run
the SLA sweep, ingest helpers triage): with PROMETHEUS_MULTIPROC_DIR set, prometheus_client keeps
each process's values in a file of that folder and /metrics adds them up (docs/operations.md,
"Metrics"). What the shared database already knows — queue depth and age — is read from it at
scrape time instead (ops/metrics.py), so it is never counted twice by two machines.

Counts are taken after commit where a transaction may still roll back, so a batch written
again after a failure is counted once.
"""

from __future__ import annotations

from prometheus_client import Counter, Histogram

DELIVERIES_RECEIVED = Counter(
    "sellerdesk_deliveries_received", "Deliveries stored (new ones only; a re-delivery is not counted)", ["channel"])
DELIVERIES_PROCESSED = Counter(
    "sellerdesk_deliveries_processed", "Deliveries the intake wrote (result: processed, or ignored as auto-reply/bounce)",
    ["channel", "result"])
DELIVERIES_FAILED = Counter(
    "sellerdesk_deliveries_failed", "Deliveries that failed for good (malformed, or out of attempts)", ["channel"])
INGEST_LATENCY = Histogram(
    "sellerdesk_ingest_latency_seconds", "From a delivery stored to its messages written",
    buckets=(0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 900, 3600))
SLA_WARNINGS = Counter("sellerdesk_sla_warnings", "SLA deadlines that reached their warning time")
SLA_BREACHES = Counter("sellerdesk_sla_breaches", "SLA deadlines missed")
SEND_FAILURES = Counter("sellerdesk_send_failures", "Replies that could not be delivered (failed for good)", ["channel"])
SEND_RETRIES = Counter("sellerdesk_send_retries", "Reply deliveries that failed for now and were queued again", ["channel"])
TRIAGE_LATENCY = Histogram(
    "sellerdesk_triage_seconds", "Triage time per message (a batch's time shared by its messages)",
    buckets=(0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1))


def deliveries_received(channel: str, count: int = 1) -> None:
    if count:
        DELIVERIES_RECEIVED.labels(channel).inc(count)


def deliveries_written(rows) -> None:
    """Count a committed batch of RawDelivery rows by their new status; the latency up to now."""
    from sellerdesk.lib import clock

    now = clock.now()
    for raw in rows:
        if raw.status == "failed":
            DELIVERIES_FAILED.labels(raw.channel).inc()
        elif raw.status in ("processed", "ignored"):
            DELIVERIES_PROCESSED.labels(raw.channel, raw.status).inc()
            INGEST_LATENCY.observe(max(0.0, (now - raw.received_at).total_seconds()))


def triaged(count: int, seconds: float) -> None:
    if count:
        per_message = seconds / count
        for _ in range(count):
            TRIAGE_LATENCY.observe(per_message)
