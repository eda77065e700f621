"""The shapes the compliance engine works with: rules, send context, findings, verdicts."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from typing import Any

from sellerdesk.lib import clock

BLOCK = "block"
WARN = "warn"
SEVERITIES = (BLOCK, WARN)
UI_LANGUAGES = ("en", "zh-hans")


@dataclasses.dataclass(frozen=True)
class SendContext:
    """What a rule may need to know about a send besides its text."""

    marketplace: str = ""  # Amazon/eBay marketplace country: US, DE, JP...
    buyer_country: str = ""  # ISO 3166-1 alpha-2
    buyer_timezone: str = ""  # IANA name; derived from the country when empty
    last_inbound_at: dt.datetime | None = None
    now: dt.datetime = dataclasses.field(default_factory=clock.now)
    automated: bool = False
    # (filename, content_type) or (filename, content_type, size_in_bytes)
    attachments: tuple[tuple, ...] = ()
    feedback_already_requested: bool = False
    order_number: str = ""
    # Extra carrier domains allowed in links (e.g. a regional carrier of this order).
    tracking_domains: tuple[str, ...] = ()


@dataclasses.dataclass(frozen=True)
class Hit:
    """One thing a matcher found, with the values its reason template needs."""

    excerpt: str
    values: dict[str, Any] = dataclasses.field(default_factory=dict)


@dataclasses.dataclass(frozen=True, eq=False)
class PhraseSet:
    """One kind of violation written once and used by every channel's rule about it.

    `patterns` are (language, compiled regex); `exemplars` are sentences that are
    violations and `counter_examples` allowed sentences that look like them: the
    semantic check compares a reply's sentences with both (`threshold`, `margin`,
    `probability`, `floor`: see semantic.py).
    """

    name: str
    patterns: tuple[tuple[str, re.Pattern], ...]
    # A sentence that matches an exception is not a violation of the set ("you may update your review if you wish").
    exceptions: tuple[tuple[str, re.Pattern], ...] = ()
    # (pattern sources, exception sources) as (language, index, regex) for rules that compile them per channel
    sources: tuple[tuple, tuple] = ((), ())
    exemplars: tuple[str, ...] = ()
    counter_examples: tuple[str, ...] = ()
    # the exemplars of every other phrase set of the table: negatives for this set's classifier
    other_exemplars: tuple[str, ...] = ()
    threshold: float = 1.0
    margin: float = 0.0
    probability: float = 1.01  # above 1: the classifier never decides alone
    floor: float = 1.0
    file: str = ""


@dataclasses.dataclass(frozen=True)
class Rule:
    id: str
    channels: tuple[str, ...]  # ("*",) for every channel
    severity: str
    titles: dict[str, str]
    explanations: dict[str, str]
    reasons: dict[str, str]  # templates: {excerpt}, {channel} and the check's own values
    source: str  # the platform rule this implements
    automated_only: bool
    check: str  # "patterns" or a named structural check
    params: dict[str, Any]
    patterns: tuple[tuple[str, re.Pattern], ...]  # (language, compiled) for pattern rules
    examples: dict[str, tuple[dict, ...]]  # {"positive": [...], "negative": [...]}
    file: str
    # The shared phrase sets whose patterns are in `patterns` and whose exemplars the semantic check uses.
    phrase_sets: tuple[PhraseSet, ...] = ()
    # {channel: {"severity"?, "params"?, "reason"?}}: how the rule differs on one of its channels.
    overrides: dict[str, dict[str, Any]] = dataclasses.field(default_factory=dict)
    # Sentences matching one of these are no violation of the rule (a hit inside such a sentence is dropped).
    exceptions: tuple[tuple[str, re.Pattern], ...] = ()
    # {channel: (patterns, exceptions, own marketplace, other marketplaces)} for rules naming {OTHER_MARKETS}:
    # on a channel the patterns leave its own marketplace out.
    channel_patterns: dict[str, tuple] = dataclasses.field(default_factory=dict)
    # Set by on(channel) for such rules: a sentence naming only the channel's own marketplace is not off-platform.
    own_market: re.Pattern | None = None
    other_markets: re.Pattern | None = None

    def applies_to(self, channel: str, automated: bool) -> bool:
        if self.automated_only and not automated:
            return False
        return "*" in self.channels or channel in self.channels

    def on(self, channel: str) -> "Rule":
        """The rule as it applies on `channel` (its override's severity, params and reason, if any)."""
        override = self.overrides.get(channel) or {}
        patterns = self.channel_patterns.get(channel)
        if not override and not patterns:
            return self
        return dataclasses.replace(
            self,
            severity=override.get("severity", self.severity),
            params={**self.params, **override.get("params", {})},
            reasons=override.get("reason", self.reasons),
            patterns=patterns[0] if patterns else self.patterns,
            exceptions=patterns[1] if patterns else self.exceptions,
            own_market=patterns[2] if patterns else None,
            other_markets=patterns[3] if patterns else None,
            overrides={},
            channel_patterns={},
        )

    @property
    def title(self) -> str:
        return self.titles["en"]

    @property
    def languages(self) -> list[str]:
        return sorted({lang for lang, _ in self.patterns})


@dataclasses.dataclass(frozen=True)
class Finding:
    rule_id: str
    severity: str
    title: str
    reason: str
    excerpt: str
    # {"zh-hans": {"title": ..., "reason": ...}} for the agent's UI language.
    translations: dict[str, dict[str, str]] = dataclasses.field(default_factory=dict)
    # "meaning" when the semantic check found it (no pattern matched), else "rule".
    found_by: str = "rule"

    def localised(self, language: str) -> tuple[str, str]:
        t = self.translations.get(language)
        return (t["title"], t["reason"]) if t else (self.title, self.reason)

    def as_dict(self) -> dict:
        return {
            "rule_id": self.rule_id,
            "severity": self.severity,
            "title": self.title,
            "reason": self.reason,
            "excerpt": self.excerpt,
        }


@dataclasses.dataclass(frozen=True)
class Verdict:
    findings: tuple[Finding, ...] = ()

    @property
    def status(self) -> str:
        severities = {f.severity for f in self.findings}
        if BLOCK in severities:
            return "blocked"
        return "warned" if severities else "clean"

    @property
    def rule_ids(self) -> list[str]:
        return list(dict.fromkeys(f.rule_id for f in self.findings))

    def as_dict(self) -> dict:
        return {"status": self.status, "findings": [f.as_dict() for f in self.findings]}

    def __str__(self) -> str:
        if not self.findings:
            return "clean"
        return "; ".join(f.reason for f in self.findings)
