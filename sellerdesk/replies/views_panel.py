"""The replies panel of a conversation: suggested templates (insert with one key) and approval requests."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from sellerdesk.conversations.actions import ActionError
from sellerdesk.conversations.models import Conversation
from sellerdesk.replies import actions, approvals, scope
from sellerdesk.replies.forms import ApprovalForm
from sellerdesk.replies.models import Approval, ReplyTemplate
from sellerdesk.replies.templating.render import markers, render as render_body
from sellerdesk.replies.templating.suggest import buyer_language, suggest
from sellerdesk.replies.templating.variables import values_for
from sellerdesk.replies.translation.providers import drafts_configured, translation_configured
from sellerdesk.web.access import agent_view, can_write

REASON_LABELS = {"intent": gettext_lazy("matches the intent"), "language": gettext_lazy("buyer's language"), "channel": gettext_lazy("channel tone"),
                 "store": gettext_lazy("this store's own")}


def _conversation(pk: int) -> Conversation:
    return get_object_or_404(Conversation.objects.select_related("customer", "order", "account"), pk=pk)


def _panel_context(request, conv, **extra):
    query = request.GET.get("q", "") if request.method == "GET" else ""
    order = conv.order
    context = {
        "conv": conv,
        "q": query,
        "language": buyer_language(conv),
        "suggestions": [(s, [str(REASON_LABELS[r]) for r in s.reasons]) for s in suggest(conv, query=query)],
        "approvals": list(conv.approvals.select_related("requested_by", "decided_by").order_by("-requested_at")[:5]),
        "approval_form": ApprovalForm(initial={"currency": order.currency if order else ""}),
        "limit": approvals.limit_text(),
        "can_write": can_write(request.user),
        # Buttons for adapters that are not set up would only lead to "not configured".
        "translation_on": translation_configured(),
        "drafts_on": drafts_configured(),
    }
    context.update(extra)
    return context


@require_GET
@agent_view
def panel(request, pk: int):
    conv = _conversation(pk)
    template = "replies/_suggestions.html" if request.GET.get("part") == "list" else "replies/_panel_body.html"
    return render(request, template, _panel_context(request, conv))


@require_POST
@agent_view
def insert(request, pk: int, template_pk: int):
    """Fill the template for this conversation and put it into the reply box (after what is there)."""
    conv = _conversation(pk)
    template = get_object_or_404(ReplyTemplate.objects.filter(scope.for_store(conv.account_id)), pk=template_pk, is_active=True)
    result = render_body(template.body, values_for(conv, request.user, template.language))
    current = (request.POST.get("text") or "").rstrip()
    if result.error:
        return render(request, "replies/_insert.html", {"text": current, "error": _("This template cannot be used: %(error)s") % {"error": result.error}}, status=422)
    actions.record_use(template, conv, request.user)
    text = f"{current}\n\n{result.text}" if current else result.text
    return render(request, "replies/_insert.html", {"text": text, "unfilled": markers(result.text), "template": template})


@require_POST
@agent_view
def request_approval(request, pk: int):
    conv = _conversation(pk)
    form = ApprovalForm(request.POST)
    error = ""
    if not form.is_valid():
        error = "; ".join(f"{form.fields[name].label}: {' '.join(errs)}" for name, errs in form.errors.items())
    else:
        d = form.cleaned_data
        try:
            approval = approvals.request_approval(conv, request.user, kind=d["kind"], amount=d["amount"], currency=d["currency"],
                                                  reason=d["reason"], reply_text=d["text"])
        except ActionError as exc:
            error = _(str(exc))
        else:
            if approval.status == Approval.Status.APPROVED:
                notice = _("Within the limit: no approval needed; the reply was queued for sending.") if approval.sent_message_id else _("Within the limit: no approval needed.")
            else:
                notice = _("Sent to a supervisor for approval. The reply goes out when it is approved.")
            messages.success(request, notice)
            # The whole conversation changes (a reply may have gone out): reload it.
            url = reverse("web:conversation", args=[conv.pk])
            if request.htmx:
                response = HttpResponse(status=204)
                response["HX-Redirect"] = url
                return response
            return redirect(url)
    return render(request, "replies/_panel_body.html", _panel_context(request, conv, approval_error=error), status=422)
