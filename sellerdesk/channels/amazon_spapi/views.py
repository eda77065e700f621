"""Amazon SP-API pages: the set-up page, and the order buttons on a conversation (refresh the order,
message the buyer, request a review)."""

from __future__ import annotations

from django.http import Http404
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_POST

from sellerdesk.channels.amazon_spapi import actions as spapi
from sellerdesk.channels.apiclient import NotConfigured
from sellerdesk.channels.amazon_spapi.forms import SpApiAccountForm
from sellerdesk.channels.base import PermanentSendError, RetryableSendError
from sellerdesk.channels.setup import account_view
from sellerdesk.conversations.actions import ActionError
from sellerdesk.web.access import agent_view
from sellerdesk.web.thread import get_conversation
from sellerdesk.web.views_conversation import _done, _refused

account = account_view(SpApiAccountForm)

# AmazonRefused texts without values, listed so the translation catalogue carries them.
REFUSALS = (
    gettext_noop("A review was already requested for this order; Amazon allows one request per order."),
    gettext_noop("Amazon gives no delivery date for this order yet, so a review cannot be requested."),
    gettext_noop("Amazon does not offer a review request for this order now (already requested, or not eligible)."),
    gettext_noop("The message is empty."),
)


def _amazon_order(conv):
    if conv.order is None or conv.order.platform != "amazon":
        raise Http404("this conversation has no Amazon order")
    return conv.order


def _failed(request, conv, exc: Exception):
    if isinstance(exc, ActionError):
        return _refused(request, conv, "amazon", exc.localised(get_language()))
    if isinstance(exc, NotConfigured):
        return _refused(request, conv, "amazon", str(exc))
    if isinstance(exc, RetryableSendError):
        return _refused(request, conv, "amazon", _("Amazon did not answer; try again later. (%(reason)s)") % {"reason": exc})
    return _refused(request, conv, "amazon", _("Amazon refused: %(reason)s") % {"reason": exc})


@require_POST
@agent_view
def refresh_order(request, pk: int):
    conv = get_conversation(pk)
    order = _amazon_order(conv)
    try:
        spapi.refresh_order(order.number, marketplace=order.marketplace)
    except (ActionError, PermanentSendError, RetryableSendError) as exc:
        return _failed(request, conv, exc)
    return _done(request, conv, _("Order refreshed from Amazon."))


# Messaging API actions that take a text ({"text"}); the others need documents (invoice, warranty...).
TEXT_ACTIONS = ("unexpectedProblem", "confirmDeliveryDetails", "confirmOrderDetails", "confirmCustomizationDetails", "confirmServiceDetails")


@require_POST
@agent_view
def send_message(request, pk: int):
    conv = get_conversation(pk)
    order = _amazon_order(conv)
    action = request.POST.get("action", "")
    if action not in TEXT_ACTIONS:
        return _refused(request, conv, "amazon", _("Choose a reason from the list."))
    try:
        spapi.send_proactive_message(order, action, request.POST.get("text", ""), actor=request.user, conversation=conv)
    except (ActionError, PermanentSendError, RetryableSendError) as exc:
        return _failed(request, conv, exc)
    return _done(request, conv, _("Sent to the buyer through Amazon."))


@require_POST
@agent_view
def request_review(request, pk: int):
    conv = get_conversation(pk)
    order = _amazon_order(conv)
    try:
        spapi.request_review(order, actor=request.user, conversation=conv)
    except (ActionError, PermanentSendError, RetryableSendError) as exc:
        return _failed(request, conv, exc)
    return _done(request, conv, _("Amazon will ask the buyer for a review and seller feedback."))
