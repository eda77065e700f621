"""Audit the stored template library: every active template, on every channel it can be sent on.

A template for one channel ("amazon") is checked on that channel; a template for
any channel ("") on every channel that has text rules (or the channels asked for).
Templates are rendered with sample values first — once as if the parcel was
delivered and once not, so both branches of a condition are read — with the
channel itself as the `channel` value, so a branch for another platform is not
held against this one.
"""

from __future__ import annotations

import re

from sellerdesk.replies.compliance.bulk import summarise, text_rules
from sellerdesk.replies.compliance.engine import check
from sellerdesk.replies.compliance.loader import default_rules
from sellerdesk.replies.compliance.model import SendContext

_MARKERS = re.compile(r"\[\[\w+\]\]")


def rule_channels() -> list[str]:
    """Channels with at least one rule about the text (rules about files alone do not count), in a stable order."""
    names = {c for r in default_rules() for c in r.channels if c != "*"}
    return sorted(c for c in names if any(r.check != "attachments" for r in text_rules(c)))


def _texts(template, channel: str) -> tuple[list[str], str]:
    from sellerdesk.replies.templating.render import render
    from sellerdesk.replies.templating.variables import sample_values

    texts = []
    for delivered in (True, False):
        values = {**sample_values(template.language, delivered=delivered), "channel": channel}
        rendered = render(template.body, values)
        if rendered.error:
            return [], rendered.error
        # [[answer]]-style gaps are for the agent to fill; they say nothing about the rules
        text = _MARKERS.sub(" ", rendered.text)
        if text not in texts:
            texts.append(text)
    return texts, ""


def audit_templates(channels: list[str] | None = None, *, semantic: bool = True) -> dict:
    """{"rows": [...], "summary": {...}} with one row per (template, channel)."""
    from sellerdesk.replies.models import ReplyTemplate
    from sellerdesk.replies.templating.variables import sample_values

    wanted = channels or rule_channels()
    rows = []
    for template in ReplyTemplate.objects.filter(is_active=True).order_by("key", "language", "channel"):
        targets = [template.channel] if template.channel else wanted
        for channel in targets:
            if channels and channel not in channels:
                continue
            row_id = f"{template.key}[{template.language}/{template.channel or 'any'}]"
            row = {"id": row_id, "template": template.pk, "channel": channel}
            texts, error = _texts(template, channel)
            if error:
                rows.append({**row, "status": "error", "rules": [], "error": f"{row_id}: does not render: {error}"})
                continue
            sample = sample_values(template.language)
            ctx = SendContext(marketplace=sample["marketplace"], buyer_country=sample["buyer_country"], order_number=sample["order_number"])
            findings = {}
            for text in texts:
                for f in check(text, channel=channel, context=ctx, rules=text_rules(channel), semantic=semantic).findings:
                    findings.setdefault((f.rule_id, f.excerpt), f)
            statuses = {f.severity for f in findings.values()}
            status = "blocked" if "block" in statuses else "warned" if statuses else "clean"
            rows.append({
                **row,
                "status": status,
                "rules": list(dict.fromkeys(f.rule_id for f in findings.values())),
                "findings": [f.as_dict() for f in findings.values()],
            })
    summary = summarise(rows)
    summary["by_channel"] = {
        c: {s: sum(1 for r in rows if r["channel"] == c and r["status"] == s) for s in ("blocked", "warned", "clean", "error")}
        for c in sorted({r["channel"] for r in rows})
    }
    return {"rows": rows, "summary": summary}
