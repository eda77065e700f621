"""Agents correct what triage got wrong; the corrections train the next model (triage-retrain)."""

from __future__ import annotations

from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_POST

from sellerdesk.conversations.actions import ActionError
from sellerdesk.triage.corrections import latest_buyer_message, record_corrections
from sellerdesk.web.access import agent_view
from sellerdesk.web.thread import get_conversation
from sellerdesk.web.views_conversation import _done, _refused

FIELDS = ("intent", "tier", "language", "sentiment")
# triage.corrections.CorrectionRefused texts, listed so the translation catalogue carries them.
CORRECTION_ERRORS = (
    gettext_noop("Cannot correct %(name)s: choose one of %(allowed)s."),
    gettext_noop("%(value)s is not a valid %(name)s: use %(allowed)s."),
    gettext_noop("There is no buyer message to correct."),
)


def current_values(conv) -> dict[str, str]:
    return {"intent": conv.intent or "", "tier": str(conv.tier), "language": conv.language or "", "sentiment": conv.sentiment or ""}


@require_POST
@agent_view
def correct(request, pk: int):
    """Record one correction per field the agent changed, against the latest buyer message."""
    conv = get_conversation(pk)
    try:
        message = latest_buyer_message(conv)
    except ActionError as exc:
        return _refused(request, conv, "triage", exc.localised(get_language()))
    before = current_values(conv)
    wanted = {f: request.POST.get(f, "").strip() for f in FIELDS}
    changed = {f: wanted[f] for f in FIELDS if wanted[f] and wanted[f] != before[f]}
    if not changed:
        return _refused(request, conv, "triage", _("Nothing changed: pick the right value first."))
    try:
        record_corrections(message, changed, request.user)
    except ActionError as exc:
        return _refused(request, conv, "triage", exc.localised(get_language()))
    return _done(request, conv, _("Triage corrected; the next model learns from it."))
