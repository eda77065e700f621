"""Run the rules that apply to a channel over a reply and collect a verdict."""

from __future__ import annotations

import unicodedata

from sellerdesk.replies.compliance.checks import CHECKS
from sellerdesk.replies.compliance.loader import default_rules
from sellerdesk.replies.compliance.model import BLOCK, Finding, Rule, SendContext, Verdict

CHANNEL_NAMES = {
    "amazon": "Amazon",
    "ebay": "eBay",
    "whatsapp": "WhatsApp",
    "messenger": "Messenger",
    "instagram": "Instagram",
    "wechat": "WeChat",
    "email": "email",
}


def normalise(text: str) -> str:
    # NFKC folds full-width letters and digits (ＷｈａｔｓＡｐｐ, ５つ星) into the forms the patterns use.
    return unicodedata.normalize("NFKC", text or "")


def _format(template: str, values: dict, rule: Rule) -> str:
    try:
        return template.format_map(values)
    except (KeyError, IndexError, ValueError) as exc:
        raise ValueError(f"rule {rule.id}: reason template {template!r} cannot be filled: {exc}") from None


def rule_findings(rule: Rule, text: str, channel: str, ctx: SendContext) -> list[Finding]:
    """What one rule finds in an already-normalised text (whether or not it applies to the channel)."""
    findings = []
    for hit in CHECKS[rule.check](rule, text, ctx):
        values = {"channel": CHANNEL_NAMES.get(channel, channel), "excerpt": hit.excerpt, **hit.values}
        zh_values = {**values, **{k[:-3]: v for k, v in values.items() if k.endswith("_zh")}}
        findings.append(
            Finding(
                rule_id=rule.id,
                severity=rule.severity,
                title=rule.titles["en"],
                reason=_format(rule.reasons["en"], values, rule),
                excerpt=hit.excerpt,
                translations={"zh-hans": {"title": rule.titles["zh-hans"], "reason": _format(rule.reasons["zh-hans"], zh_values, rule)}},
            )
        )
    return findings


def check(text: str, *, channel: str, context: SendContext | None = None, rules: tuple[Rule, ...] | None = None) -> Verdict:
    ctx = context or SendContext()
    normalised = normalise(text)
    findings: list[Finding] = []
    for rule in default_rules() if rules is None else rules:
        if rule.applies_to(channel, ctx.automated):
            findings.extend(rule_findings(rule, normalised, channel, ctx))
    # Blocking findings first, then in rule-table order (stable sort).
    findings.sort(key=lambda f: f.severity != BLOCK)
    return Verdict(tuple(findings))
