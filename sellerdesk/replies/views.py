"""The compliance rule table in the UI: every rule explained, its examples run, and a box to try a text."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from sellerdesk.replies.compliance import SendContext, check, rules
from sellerdesk.replies.compliance.engine import CHANNEL_NAMES
from sellerdesk.replies.compliance.examples import failures


def _ui_language() -> str:
    return "zh-hans" if (get_language() or "").startswith("zh") else "en"


def _channels(rule) -> str:
    """"Amazon, Shopify (warns)": where a rule only warns on some of its channels, say so."""
    names = []
    for c in rule.channels:
        name = "*" if c == "*" else CHANNEL_NAMES.get(c, c)
        if rule.on(c).severity != rule.severity:
            name = _("%(channel)s (warns)") % {"channel": name} if rule.on(c).severity == "warn" else name
        names.append(name)
    return ", ".join(names)


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
            "channels": _channels(rule),
            "failures": failures(rule),
            "semantic": any(p.exemplars for p in rule.phrase_sets),
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
