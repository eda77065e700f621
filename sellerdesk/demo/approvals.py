"""A refund above the approval limit, waiting in the supervisor's queue (docs/templates.md).

María asks to refund Lucía's returned order (demo mail support-es-refund.eml) with the reply
that announces it, through `replies.approvals.request_approval` as the web form does. Nothing
is requested when the conversation already has a request, or when the configured limit
(SELLERDESK_APPROVAL_REFUND_LIMIT) is so high that the refund would be approved, and its reply
sent, at once.
"""

from __future__ import annotations

from decimal import Decimal

from django.contrib.auth import get_user_model

from sellerdesk.conversations.models import Message
from sellerdesk.replies import approvals
from sellerdesk.replies.models import Approval

MESSAGE_ID = "<demo-es-1@example.es>"
AMOUNT, CURRENCY = Decimal("64.90"), "EUR"
REASON = ("Return received at our warehouse (UPS 1Z999AA10123456784). Refunding the bottle and the original shipping "
          "because the buyer waited two weeks.")
REPLY = ("Hola Lucía:\n\nGracias por tu paciencia. Hemos recibido la botella devuelta del pedido #4471 y te hemos "
         "reembolsado 64,90 € (la botella y el envío original). Verás el importe en tu cuenta en 3-5 días hábiles.\n\n"
         "Disculpa el retraso.\n\nUn saludo,\nMaría\nBright Desk")


def request_pending_refund() -> Approval | None:
    message = Message.objects.filter(external_id=MESSAGE_ID).select_related("conversation").first()
    requester = get_user_model().objects.filter(username="maria").first()
    if message is None or requester is None:
        return None
    conversation = message.conversation
    if Approval.objects.filter(conversation=conversation).exists():
        return None
    if not approvals.needs_approval(Approval.Kind.REFUND, AMOUNT):
        return None
    return approvals.request_approval(conversation, requester, kind=Approval.Kind.REFUND, amount=AMOUNT, currency=CURRENCY,
                                      reason=REASON, reply_text=REPLY)
