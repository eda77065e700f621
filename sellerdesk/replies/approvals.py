"""Approvals: refunds and credits above the limit, and policy exceptions, wait for a supervisor.

The reply announcing the refund is part of the request: it is checked now
(template markers, platform rules) and sent only when a supervisor approves,
as the agent who wrote it. Every step writes one Event.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.db import transaction

from sellerdesk.accounts.roles import is_supervisor
from sellerdesk.conversations import actions as conv_actions
from sellerdesk.conversations.actions import ActionError
from sellerdesk.conversations.events import record
from sellerdesk.lib import clock
from sellerdesk.replies.models import Approval

Kind = Approval.Kind
Status = Approval.Status


def refund_limits() -> tuple[Decimal | None, dict[str, Decimal]]:
    """SELLERDESK_APPROVAL_REFUND_LIMIT: "50" (the same number in any currency), or per currency
    with an optional default for the others: "USD 50, EUR 45, JPY 7500, 50"."""
    default, by_currency = None, {}
    for part in str(settings.APPROVAL_REFUND_LIMIT).split(","):
        words = part.split()
        try:
            if len(words) == 1:
                default = Decimal(words[0])
            elif len(words) == 2 and len(words[0]) == 3 and words[0].isalpha():
                by_currency[words[0].upper()] = Decimal(words[1])
            else:
                raise InvalidOperation
        except (InvalidOperation, ValueError):
            raise ActionError(f"SELLERDESK_APPROVAL_REFUND_LIMIT is not a number or “CUR amount” list: {settings.APPROVAL_REFUND_LIMIT!r}") from None
    return default, by_currency


def refund_limit(currency: str = "") -> Decimal | None:
    """The limit for a refund in `currency`; None: no limit known for it (every such refund waits)."""
    default, by_currency = refund_limits()
    return by_currency.get((currency or "").upper(), default)


def limit_text() -> str:
    """The limit as the agent reads it, always with its currency: "USD 50, EUR 45" or "50 (any currency)"."""
    from django.utils.translation import gettext as _

    default, by_currency = refund_limits()
    parts = [f"{cur} {amount}" for cur, amount in by_currency.items()]
    if default is not None:
        parts.append(_("%(amount)s in any other currency") % {"amount": default} if by_currency
                     else _("%(amount)s in the refund's own currency") % {"amount": default})
    return ", ".join(parts)


def needs_approval(kind: str, amount: Decimal | None, currency: str = "") -> bool:
    if kind == Kind.EXCEPTION:
        return True
    if amount is None:
        return False
    limit = refund_limit(currency)
    return limit is None or amount > limit


def _check_request(conversation, kind: str, amount, reason: str, reply_text: str) -> None:
    if kind not in Kind.values:
        raise ActionError("Choose refund, credit or policy exception.")
    if kind in (Kind.REFUND, Kind.CREDIT) and (amount is None or amount <= 0):
        raise ActionError("A refund or credit needs an amount above zero.")
    if not reason.strip():
        raise ActionError("Say why (the supervisor reads this).")
    if reply_text.strip():
        from sellerdesk.replies.compliance import assert_sendable

        # The supervisor approves a text that can actually go out.
        assert_sendable(conversation, reply_text)


def request_approval(conversation, user, *, kind: str, amount: Decimal | None, currency: str, reason: str, reply_text: str = "") -> Approval:
    """Store the request. Under the limit (refund/credit) it is approved at once and the reply sent."""
    reason, reply_text = (reason or "").strip(), (reply_text or "").strip()
    _check_request(conversation, kind, amount, reason, reply_text)
    with transaction.atomic():
        now = clock.now()
        approval = Approval.objects.create(
            conversation=conversation, kind=kind, amount=amount, currency=(currency or "").upper()[:3], reason=reason,
            reply_text=reply_text, requested_by=user, requested_at=now,
        )
        if needs_approval(kind, amount, approval.currency):
            record("approval_requested", conversation=conversation, actor=user, approval_id=approval.pk, what=kind,
                   amount=str(amount) if amount is not None else None, currency=approval.currency)
            return approval
        approval.status = Status.APPROVED
        approval.decided_at = now
        approval.comment = "within the limit"
        if reply_text:
            approval.sent_message = conv_actions.send_reply(conversation, user, reply_text)
        approval.save()
        record("approval_not_needed", conversation=conversation, actor=user, approval_id=approval.pk, what=kind,
               amount=str(amount), currency=approval.currency, limit=str(refund_limit(approval.currency)))
        return approval


def _pending(approval_id: int) -> Approval:
    # Lock only the approval row: PostgreSQL refuses FOR UPDATE on the nullable side of a join (requested_by).
    approval = Approval.objects.select_for_update(of=("self",)).select_related("conversation", "requested_by").get(pk=approval_id)
    if approval.status != Status.PENDING:
        raise ActionError("This request has been decided already.")
    return approval


def _decided(approval: Approval, status: str, supervisor, comment: str) -> Approval:
    """The pending approval, locked, with the decision set (saved by the caller)."""
    approval = _pending(approval.pk)
    approval.status = status
    approval.decided_by = supervisor
    approval.decided_at = clock.now()
    approval.comment = (comment or "").strip()
    return approval


def approve(approval: Approval, supervisor, comment: str = "") -> Approval:
    if not is_supervisor(supervisor):
        raise ActionError("Only a supervisor can approve.")
    with transaction.atomic():
        approval = _decided(approval, Status.APPROVED, supervisor, comment)
        if approval.reply_text:
            # Sent as the agent who wrote it; the platform rules are checked again at this moment.
            approval.sent_message = conv_actions.send_reply(approval.conversation, approval.requested_by or supervisor, approval.reply_text)
        approval.save()
        record("approval_approved", conversation=approval.conversation, actor=supervisor, approval_id=approval.pk,
               comment=approval.comment, message_id=approval.sent_message_id)
    return approval


def reject(approval: Approval, supervisor, comment: str) -> Approval:
    if not is_supervisor(supervisor):
        raise ActionError("Only a supervisor can reject.")
    comment = (comment or "").strip()
    if not comment:
        raise ActionError("Say why the request is rejected (the agent reads this).")
    with transaction.atomic():
        approval = _decided(approval, Status.REJECTED, supervisor, comment)
        approval.save()
        record("approval_rejected", conversation=approval.conversation, actor=supervisor, approval_id=approval.pk, comment=comment)
    return approval
