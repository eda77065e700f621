"""Run the rules that apply to a channel over a reply and collect a verdict."""

from __future__ import annotations

import unicodedata

from sellerdesk.replies.compliance.checks import CHECKS, clip
from sellerdesk.replies.compliance.loader import default_rules
from sellerdesk.replies.compliance.model import BLOCK, Finding, Hit, Rule, SendContext, Verdict
from sellerdesk.replies.compliance.semantic import Reading

CHANNEL_NAMES = {
    "amazon": "Amazon",
    "ebay": "eBay",
    "tiktok": "TikTok Shop",
    "walmart": "Walmart",
    "shopify": "Shopify",
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


def _meaning_hits(rule: Rule, reading: Reading) -> list[Hit]:
    """Sentences that violate the rule's phrase sets by meaning (used when no pattern matched)."""
    hits: list[Hit] = []
    for phrase_set in rule.phrase_sets:
        for match in reading.matches(phrase_set):
            if rule.own_market and rule.own_market.search(match.sentence) and not rule.other_markets.search(match.sentence):
                continue  # "sold on eBay" read on eBay: the meaning is right, the place is this platform
            if any(regex.search(match.sentence) for _, regex in rule.exceptions):
                continue  # an allowed wording ("you may update your review if you wish") whatever it resembles
            if all(h.excerpt != clip(match.sentence) for h in hits):
                hits.append(Hit(clip(match.sentence), {"language": "", "exemplar": match.exemplar}))
    return hits


def _explain_meaning(reason: str, exemplar: str, language: str) -> str:
    # Without a matched phrase the agent needs to know what the sentence was read as.
    if language == "zh-hans":
        return f"{reason}（按语义判断：与“{exemplar}”意思相近）"
    return f"{reason} (read by meaning: close to “{exemplar}”)"


def rule_findings(
    rule: Rule, text: str, channel: str, ctx: SendContext, reading: Reading | None = None, *, semantic: bool = True,
) -> list[Finding]:
    """What one rule finds in an already-normalised text (whether or not it applies to the channel).

    A pattern rule with phrase sets falls back to the semantic check when none of its patterns matched.
    """
    rule = rule.on(channel)
    if rule.params.get("after_sale_allowed") and ctx.order_number:
        return []  # the rule only holds until there is a sale (eBay: contact details before a purchase)
    hits, found_by = CHECKS[rule.check](rule, text, ctx), "rule"
    if not hits and semantic and rule.check == "patterns" and rule.phrase_sets:
        hits, found_by = _meaning_hits(rule, reading or Reading(text, rule.phrase_sets)), "meaning"
    findings = []
    for hit in hits:
        values = {"channel": CHANNEL_NAMES.get(channel, channel), "excerpt": hit.excerpt, **hit.values}
        zh_values = {**values, **{k[:-3]: v for k, v in values.items() if k.endswith("_zh")}}
        reason, zh_reason = _format(rule.reasons["en"], values, rule), _format(rule.reasons["zh-hans"], zh_values, rule)
        if found_by == "meaning":
            reason = _explain_meaning(reason, hit.values["exemplar"], "en")
            zh_reason = _explain_meaning(zh_reason, hit.values["exemplar"], "zh-hans")
        findings.append(
            Finding(
                rule_id=rule.id,
                severity=rule.severity,
                title=rule.titles["en"],
                reason=reason,
                excerpt=hit.excerpt,
                translations={"zh-hans": {"title": rule.titles["zh-hans"], "reason": zh_reason}},
                found_by=found_by,
            )
        )
    return findings


def check(
    text: str, *, channel: str, context: SendContext | None = None, rules: tuple[Rule, ...] | None = None,
    semantic: bool = True,
) -> Verdict:
    """The verdict on `text` sent on `channel`; semantic=False runs the patterns and structural checks only."""
    ctx = context or SendContext()
    normalised = normalise(text)
    applicable = [r for r in (default_rules() if rules is None else rules) if r.applies_to(channel, ctx.automated)]
    reading = Reading(normalised, [s for r in applicable for s in r.phrase_sets])
    findings: list[Finding] = []
    for rule in applicable:
        findings.extend(rule_findings(rule, normalised, channel, ctx, reading, semantic=semantic))
    # Blocking findings first, then in rule-table order (stable sort).
    findings.sort(key=lambda f: f.severity != BLOCK)
    return Verdict(tuple(findings))
