"""The compliance rule table in the UI: every rule explained, its examples run, and a box to try a text."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import get_language

from sellerdesk.replies.compliance import SendContext, check, rules
from sellerdesk.replies.compliance.engine import CHANNEL_NAMES
from sellerdesk.replies.compliance.examples import failures


def _ui_language() -> str:
    return "zh-hans" if (get_language() or "").startswith("zh") else "en"


@login_required
def compliance_rules(request):
    lang = _ui_language()
    channel = request.GET.get("channel", "amazon")
    text = request.GET.get("text", "")
    marketplace = request.GET.get("marketplace", "").strip().upper()[:2]
    verdict = None
    if text.strip():
        verdict = check(text, channel=channel, context=SendContext(marketplace=marketplace))
    table = [
        {
            "rule": rule,
            "title": rule.titles[lang],
            "explanation": rule.explanations[lang],
            "channels": ", ".join("*" if c == "*" else CHANNEL_NAMES.get(c, c) for c in rule.channels),
            "failures": failures(rule),
        }
        for rule in rules()
    ]
    findings = [(f, *f.localised(lang)) for f in verdict.findings] if verdict else []
    return render(request, "replies/compliance_rules.html", {
        "table": table,
        "channels": sorted(c for c in CHANNEL_NAMES if c != "email") + ["email"],
        "channel": channel,
        "text": text,
        "marketplace": marketplace,
        "verdict": verdict,
        "findings": findings,
    })
