"""Agents correct what triage got wrong; the corrections train the next model (triage-retrain)."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_POST

from sellerdesk.conversations.actions import ActionError
from sellerdesk.conversations.models import Message
from sellerdesk.triage.corrections import record_correction
from sellerdesk.web.access import agent_view
from sellerdesk.web.thread import get_conversation
from sellerdesk.web.views_conversation import _done, _refused

FIELDS = ("intent", "tier", "language", "sentiment")
# triage.corrections.CorrectionRefused texts, listed so the translation catalogue carries them.
CORRECTION_ERRORS = (
    gettext_noop("Cannot correct %(field)s: choose one of %(allowed)s."),
    gettext_noop("%(value)s is not a valid %(field)s: use %(allowed)s."),
)


def current_values(conv) -> dict[str, str]:
    return {"intent": conv.intent or "", "tier": str(conv.tier), "language": conv.language or "", "sentiment": conv.sentiment or ""}


@require_POST
@agent_view
def correct(request, pk: int):
    """Record one correction per field the agent changed, against the latest buyer message."""
    conv = get_conversation(pk)
    message = Message.objects.filter(conversation=conv, direction=Message.Direction.INBOUND).order_by("-created_at", "-id").first()
    if message is None:
        return _refused(request, conv, "triage", _("There is no buyer message to correct."))
    before = current_values(conv)
    wanted = {f: request.POST.get(f, "").strip() for f in FIELDS}
    changed = [f for f in FIELDS if wanted[f] and wanted[f] != before[f]]
    if not changed:
        return _refused(request, conv, "triage", _("Nothing changed: pick the right value first."))
    try:
        with transaction.atomic():  # all fields or none
            for field in changed:
                record_correction(message, field, wanted[field], request.user)
    except ActionError as exc:
        return _refused(request, conv, "triage", exc.localised(get_language()))
    return _done(request, conv, _("Triage corrected; the next model learns from it."))
