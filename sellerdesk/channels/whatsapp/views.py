"""WhatsApp pages: the set-up page (the shared one, with its form) and the template reply of a
conversation (its sidebar panel, channels/whatsapp/_conversation.html)."""

from __future__ import annotations

from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sellerdesk.channels.base import PermanentSendError, RetryableSendError
from sellerdesk.channels.setup import account_view
from sellerdesk.channels.whatsapp import templates
from sellerdesk.channels.whatsapp.client import WhatsAppClient
from sellerdesk.channels.whatsapp.forms import WhatsAppAccountForm
from sellerdesk.lib.errors import ActionError
from sellerdesk.web.access import agent_view
from sellerdesk.web.thread import get_conversation
from sellerdesk.web.views_conversation import _done, _refused

account = account_view(WhatsAppAccountForm)


def _whatsapp_conversation(pk: int):
    from django.http import Http404

    conv = get_conversation(pk)
    if conv.account.kind != "whatsapp":
        raise Http404("not a WhatsApp conversation")
    return conv


@require_POST
@agent_view
def send_template(request, pk: int):
    conv = _whatsapp_conversation(pk)
    name, _sep, language = request.POST.get("template", "").partition("|")
    variables = [line.strip() for line in request.POST.get("variables", "").splitlines() if line.strip()]
    try:
        templates.queue_template(conv, request.user, name, language, variables)
    except ActionError as exc:
        return _refused(request, conv, "whatsapp", exc.localised(get_language()))
    return _done(request, conv, _("Template queued for the buyer."))


@require_POST
@agent_view
def refresh_templates(request, pk: int):
    conv = _whatsapp_conversation(pk)
    try:
        count = templates.sync(conv.account, WhatsAppClient(conv.account, sleep=lambda s: None))
    except RetryableSendError as exc:
        return _refused(request, conv, "whatsapp", _("WhatsApp did not answer; try again later. (%(reason)s)") % {"reason": exc})
    except PermanentSendError as exc:
        return _refused(request, conv, "whatsapp", _("WhatsApp refused: %(reason)s") % {"reason": exc})
    return _done(request, conv, _("%(count)s approved templates.") % {"count": count})
