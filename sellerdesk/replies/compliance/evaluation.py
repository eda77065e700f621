"""Score checked rows against their labels: recall on violations, false blocks on clean texts.

A labelled row carries "verdict": "block" (a violation the send check must stop),
"warn" (must not be blocked but should be flagged: a review incentive in an own
store) or "allow" (must pass), and for a violation the "rule" it breaks.
"""

from __future__ import annotations

from collections import defaultdict

VERDICTS = ("block", "warn", "allow")


def _rate(hits: int, n: int) -> float | None:
    return round(hits / n, 4) if n else None


class _Tally:
    def __init__(self):
        self.block = self.blocked = self.named = 0
        self.allow = self.false_blocks = 0
        self.warn = self.warned = 0

    def add(self, row: dict) -> None:
        blocked = row["status"] == "blocked"
        if row["verdict"] == "block":
            self.block += 1
            self.blocked += blocked
            self.named += blocked and row["expected_rule"] in row["rules"]
        else:
            # a warn row must not be blocked either: it counts among the clean texts
            self.allow += 1
            self.false_blocks += blocked
            if row["verdict"] == "warn":
                self.warn += 1
                self.warned += row["status"] == "warned"

    def as_dict(self) -> dict:
        out = {
            "violations": self.block,
            "blocked": self.blocked,
            "recall": _rate(self.blocked, self.block),
            "blocked_by_named_rule": self.named,
            "clean": self.allow,
            "false_blocks": self.false_blocks,
            "false_block_rate": _rate(self.false_blocks, self.allow),
        }
        if self.warn:
            out.update(warn_rows=self.warn, warned=self.warned)
        return out


def evaluate(rows: list[dict]) -> dict:
    """{"overall", "by_language", "by_channel", "by_rule", "missed", "false_blocked"} for labelled rows."""
    overall = _Tally()
    groups: dict[str, dict[str, _Tally]] = {"by_language": defaultdict(_Tally), "by_channel": defaultdict(_Tally), "by_rule": defaultdict(_Tally)}
    missed, false_blocked, errors = [], [], 0
    for row in rows:
        if row["status"] == "error":
            errors += 1
            continue
        overall.add(row)
        groups["by_language"][row.get("lang") or "?"].add(row)
        groups["by_channel"][row["channel"]].add(row)
        if row["verdict"] == "block":
            groups["by_rule"][row["expected_rule"] or "?"].add(row)
            if row["status"] != "blocked":
                missed.append(row["id"])
        elif row["status"] == "blocked":
            false_blocked.append(row["id"])
    out = {"overall": overall.as_dict()}
    for name, tallies in groups.items():
        out[name] = {key: tallies[key].as_dict() for key in sorted(tallies)}
    out.update(missed=missed, false_blocked=false_blocked, unscored_errors=errors)
    return out
