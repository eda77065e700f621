"""The events a rule can start from. `events.emit(name, ...)` is called with one of these names."""

from django.utils.translation import gettext_lazy as _

EVENTS = {
    "message.received": _("Buyer message received (after triage)"),
    "reply.sent": _("Reply sent to the buyer"),
    "conversation.assigned": _("Conversation assigned"),
    "conversation.resolved": _("Conversation resolved"),
    "conversation.reopened": _("Conversation reopened"),
    "order.created": _("Order created"),
    "order.shipped": _("Order shipped"),
    "order.delivered": _("Order delivered"),
    "order.tracking_exception": _("Tracking exception"),
    "order.refunded": _("Order refunded"),
    "return.requested": _("Return requested"),
    "claim.opened": _("Claim opened"),
    "sla.warning": _("SLA warning"),
    "sla.breach": _("SLA breached"),
    "csat.answered": _("CSAT survey answered"),
}

# Events about an order: a rule on them finds the order's latest conversation, if it has one.
ORDER_EVENTS = {"order.created", "order.shipped", "order.delivered", "order.tracking_exception", "order.refunded", "return.requested"}
