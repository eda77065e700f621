"""Reports computed from stored messages and deadlines: platform response metrics, SLA met % (docs/metrics.md)."""
