"""The supervisor's approval queue: approve or reject with a comment."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_POST

from sellerdesk.conversations.actions import ActionError
from sellerdesk.replies import approvals, queries
from sellerdesk.replies.forms import DecisionForm
from sellerdesk.replies.models import Approval
from sellerdesk.web.access import agent_view

# ActionError texts of approvals and templates, listed so the catalogue carries them.
ACTION_ERRORS = (
    gettext_noop("Choose refund, credit or policy exception."),
    gettext_noop("A refund or credit needs an amount above zero."),
    gettext_noop("Say why (the supervisor reads this)."),
    gettext_noop("This request has been decided already."),
    gettext_noop("Only a supervisor can approve."),
    gettext_noop("Only a supervisor can reject."),
    gettext_noop("Say why the request is rejected (the agent reads this)."),
    gettext_noop("A template with this key, language and channel exists already."),
)


@agent_view
def queue(request):
    recent = Approval.objects.exclude(status=Approval.Status.PENDING).select_related("conversation", "requested_by", "decided_by").order_by("-decided_at", "-id")[:20]
    return render(request, "replies/approvals.html", {
        "pending": list(queries.pending_approvals()),
        "recent": list(recent),
        "can_decide": approvals.is_supervisor(request.user),
        "limit": approvals.limit_text(),
    })


@require_POST
@agent_view
def decide(request, pk: int, decision: str):
    if not approvals.is_supervisor(request.user):
        raise PermissionDenied("Only supervisors decide approvals.")
    approval = get_object_or_404(Approval, pk=pk)
    form = DecisionForm(request.POST)
    form.is_valid()
    comment = form.cleaned_data.get("comment", "")
    try:
        if decision == "approve":
            approvals.approve(approval, request.user, comment)
            messages.success(request, _("Approved."))
        else:
            approvals.reject(approval, request.user, comment)
            messages.success(request, _("Rejected."))
    except ActionError as exc:
        messages.error(request, _(str(exc)))
    return redirect("replies:approvals")
