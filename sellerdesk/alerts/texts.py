"""The words of an alert, in the reader's language: one line per alert, a title for a batch."""

from __future__ import annotations

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sellerdesk.alerts.models import Kind

KIND_LABELS = {
    Kind.ESCALATION: gettext_lazy("Escalation"),
    Kind.BREACH: gettext_lazy("SLA breach"),
    Kind.CLAIM: gettext_lazy("Claim opened"),
    Kind.SEND_FAILED: gettext_lazy("Reply not sent"),
    Kind.APPROVAL: gettext_lazy("Approval waiting"),
}


def kind_label(kind: str) -> str:
    return str(KIND_LABELS.get(kind, kind))


def line(item: dict) -> str:
    """One sentence about one alert (in the active language)."""
    from sellerdesk.web import labels

    kind, conv = item.get("kind"), item.get("conversation")
    about = _("conversation #%(id)s") % {"id": conv} if conv else ""
    if item.get("subject"):
        about += f" “{item['subject'][:80]}”"
    if kind == Kind.ESCALATION:
        stage = _("overdue") if item.get("stage") == "breach" else _("close to its deadline")
        return _("Escalated to you: %(about)s is %(stage)s (%(deadline)s).") % {"about": about, "stage": stage, "deadline": item.get("label", "")}
    if kind == Kind.BREACH:
        return _("Deadline missed: %(deadline)s on %(about)s.") % {"deadline": item.get("label", ""), "about": about}
    if kind == Kind.CLAIM:
        claim = labels.label(labels.CLAIMS, item.get("claim_kind", ""))
        text = _("%(claim)s opened on %(about)s.") % {"claim": claim, "about": about}
        if item.get("amount"):
            text += " " + _("Amount: %(amount)s %(currency)s.") % {"amount": item["amount"], "currency": item.get("currency", "")}
        return text
    if kind == Kind.SEND_FAILED:
        return _("Your reply on %(about)s was not sent: %(error)s") % {"about": about, "error": item.get("error", "")[:200]}
    if kind == Kind.APPROVAL:
        what = {"refund": _("A refund"), "credit": _("A credit")}.get(item.get("what"), _("A policy exception"))
        amount = f" ({item['amount']} {item.get('currency', '')})".rstrip() if item.get("amount") else ""
        return _("%(what)s%(amount)s waits for your approval on %(about)s.") % {"what": what, "amount": amount, "about": about}
    return about


def title(items: list[dict]) -> str:
    if len(items) == 1:
        return f"SellerDesk · {kind_label(items[0]['kind'])}"
    return "SellerDesk · " + _("%(count)s alerts") % {"count": len(items)}


def link(item: dict) -> str:
    conv = item.get("conversation")
    return f"{settings.BASE_URL.rstrip('/')}/conversations/{conv}/" if conv else settings.BASE_URL


def render(items: list[dict], language: str) -> tuple[str, list[tuple[str, str]]]:
    """(title, [(line, link), ...]) in `language`."""
    with translation.override(language):
        return title(items), [(line(i), link(i)) for i in items]
