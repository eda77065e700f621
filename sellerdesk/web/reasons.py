"""Words stored in English by triage and the SLA engine, shown in the UI language.

Triage keeps its urgency reasons ("intent: delivery issue (87%)", "A-to-z claim") and the SLA
engine its deadline names ("Amazon 24 h", "Urgent 1 h") as English text, which the API also
returns; the web UI reads them back through the catalogue here. Text it does not recognise
(a policy an admin named) is shown as it is.
"""

from __future__ import annotations

import re

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from sellerdesk.triage import relabel
from sellerdesk.web import labels

# Cue and claim reasons (triage/data/cues.json labels, triage.priority.CLAIMS).
FIXED = {
    "A-to-z claim": gettext_lazy("A-to-z claim"),
    "chargeback": gettext_lazy("chargeback"),
    "eBay case": gettext_lazy("eBay case"),
    "payment dispute": gettext_lazy("payment dispute"),
    "negative feedback": gettext_lazy("negative feedback"),
    "return request": gettext_lazy("return request"),
    "PayPal dispute": gettext_lazy("PayPal dispute"),
    "marketplace case": gettext_lazy("marketplace case"),
    "threat to report the seller": gettext_lazy("threat to report the seller"),
    "legal threat": gettext_lazy("legal threat"),
    "bad review threat": gettext_lazy("bad review threat"),
    "asks for a manager": gettext_lazy("asks for a manager"),
    "anger": gettext_lazy("anger"),
    "negative sentiment": gettext_lazy("negative sentiment"),
    "VIP": gettext_lazy("VIP"),
    "needs a human: unsure": gettext_lazy("needs a human: unsure"),
}
_INTENT = re.compile(r"^intent: (.+) \((\d+%)\)$")
_DECIDED = re.compile(rf"^intent: (.+) \(({'|'.join(map(re.escape, relabel.DECIDERS))})\)$")
_UNSURE = re.compile(r"^needs a human: unsure \((.+)\)$")
_TIER1 = re.compile(r"^possible tier-1 problem(?:: (.+))? \((\d+%)\)$")
_VALUE = re.compile(r"^high-value customer \((.+)\)$")
_TIER_SET = re.compile(r"^tier set by an agent: (\d)$")


def _intent(words: str) -> str:
    return labels.label(labels.INTENTS, words.replace(" ", "_"))


def _intent_list(text: str) -> list[str]:
    """Split "wrong or missing item or delivery issue" into intents: a name may itself hold " or "."""
    words = text.split(" or ")
    out, i = [], 0
    while i < len(words):
        two = f"{words[i]}_or_{words[i + 1]}".replace(" ", "_") if i + 1 < len(words) else ""
        if two in labels.INTENTS:
            out.append(_intent(two))
            i += 2
        else:
            out.append(_intent(words[i]))
            i += 1
    return out


def reason_text(reason: str) -> str:
    if reason in FIXED:
        return str(FIXED[reason])
    if m := _DECIDED.match(reason):
        if m[2] == relabel.BY_AGENT:
            return _("intent: %(intent)s (corrected by an agent)") % {"intent": _intent(m[1])}
        return _("intent: %(intent)s (second opinion of the language model)") % {"intent": _intent(m[1])}
    if m := _INTENT.match(reason):
        return _("intent: %(intent)s (%(confidence)s)") % {"intent": _intent(m[1]), "confidence": m[2]}
    if m := _UNSURE.match(reason):
        return _("needs a human: unsure (%(options)s)") % {"options": pgettext("list separator", ", ").join(_intent_list(m[1]))}
    if m := _TIER1.match(reason):
        if m[1]:
            return _("possible tier-1 problem: %(cause)s (%(probability)s)") % {"cause": _intent(m[1]), "probability": m[2]}
        return _("possible tier-1 problem (%(probability)s)") % {"probability": m[2]}
    if m := _VALUE.match(reason):
        return _("high-value customer (%(value)s)") % {"value": m[1]}
    if m := _TIER_SET.match(reason):
        return _("tier set by an agent: %(tier)s") % {"tier": m[1]}
    return reason


# Pieces of the shipped deadline names (sla.presets labels), longest first.
DEADLINE_WORDS = [
    ("First response", gettext_lazy("First response")),
    ("first response", gettext_lazy("first response")),
    ("Next response", gettext_lazy("Next response")),
    ("Reply window", gettext_lazy("Reply window")),
    ("Review recovery", gettext_lazy("Review recovery")),
    ("business days", gettext_lazy("business days")),
    ("respond-by", gettext_lazy("respond-by")),
    ("Chargeback", gettext_lazy("Chargeback")),
    ("Urgent", gettext_lazy("Urgent")),
    ("Amazon", gettext_lazy("Amazon")),
]
_WORDS = re.compile("|".join(re.escape(w) for w, _t in DEADLINE_WORDS))


def deadline_name(kind: str) -> str:
    """"Urgent 1 h" -> "紧急 1 h": the shipped names' words translated, numbers and names kept."""
    table = {w: t for w, t in DEADLINE_WORDS}
    return _WORDS.sub(lambda m: str(table[m[0]]), kind or "")
