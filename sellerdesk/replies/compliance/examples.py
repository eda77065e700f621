"""Run each rule's own positive and negative examples (used by the tests and the rules page)."""

from __future__ import annotations

import dataclasses
import datetime as dt

from sellerdesk.replies.compliance.engine import normalise, rule_findings
from sellerdesk.replies.compliance.model import Rule, SendContext

# Examples are evaluated at a fixed instant unless they give their own "now".
EXAMPLE_NOW = dt.datetime(2026, 11, 23, 12, 0, tzinfo=dt.timezone.utc)


def _when(value: str) -> dt.datetime:
    return dt.datetime.fromisoformat(value)


def example_context(example: dict) -> SendContext:
    raw = dict(example.get("context") or {})
    fields = {f.name for f in dataclasses.fields(SendContext)}
    unknown = set(raw) - fields
    if unknown:
        raise ValueError(f"example context has unknown fields {sorted(unknown)}")
    raw["now"] = _when(raw["now"]) if "now" in raw else EXAMPLE_NOW
    if raw.get("last_inbound_at"):
        raw["last_inbound_at"] = _when(raw["last_inbound_at"])
    raw["attachments"] = tuple(tuple(a) for a in raw.get("attachments", ()))
    raw["tracking_domains"] = tuple(raw.get("tracking_domains", ()))
    return SendContext(**raw)


def example_channel(rule: Rule, example: dict) -> str:
    if example.get("channel"):
        return example["channel"]
    return next((c for c in rule.channels if c != "*"), "email")


def failures(rule: Rule) -> list[str]:
    """Each example the rule gets wrong, as a readable line; [] when all pass."""
    out = []
    for kind, expected in (("positive", True), ("negative", False)):
        for example in rule.examples[kind]:
            ctx = example_context(example)
            found = rule_findings(rule, normalise(example["text"]), example_channel(rule, example), ctx)
            if bool(found) != expected:
                got = "; ".join(f.reason for f in found) or "nothing"
                out.append(f"{rule.id}: {kind} example {example['text']!r} -> {got}")
    return out
