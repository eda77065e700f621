"""Presence on a conversation (polled by htmx) and the bulk-action page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sellerdesk.collision import bulk, presence
from sellerdesk.conversations.models import Conversation
from sellerdesk.conversations.queries import BadCursor, InboxFilters, inbox_page
from sellerdesk.web import lookups
from sellerdesk.web.access import agent_view, can_write
from sellerdesk.web.forms import InboxFilterForm
from sellerdesk.web.templatetags.desk import agent_name


@require_POST
@agent_view
def heartbeat(request, pk: int):
    """The conversation page says "I am here" every few seconds; the answer lists the others."""
    conv = get_object_or_404(Conversation, pk=pk)
    typing = bool(request.POST.get("text", "").strip()) and can_write(request.user)
    presence.touch(conv.pk, request.user.pk, agent_name(request.user), presence.REPLYING if typing else presence.VIEWING)
    return render(request, "collision/_presence.html", {"others": presence.others(conv.pk, request.user.pk)})


@agent_view
def bulk_page(request):
    """The inbox's filters, with a box per conversation and the actions for the ticked ones."""
    agents = lookups.agent_names()
    form = InboxFilterForm(request.GET, agents=agents, channels=lookups.inbox_channels())
    rows, more = [], ""
    if form.is_valid():
        d = form.cleaned_data
        filters = InboxFilters(status=d["status"], channel=d["channel"], assignee=d["assignee"], tier=d["tier"], language=d["lang"], q=d["q"])
        try:
            page = inbox_page(filters, user=request.user, cursor=d["cursor"] or None, size=100)
        except BadCursor:
            page = None
        if page is not None:
            rows = page.items
            if page.next_cursor:
                q = request.GET.copy()
                q["cursor"] = page.next_cursor
                more = f"{reverse('collision:bulk')}?{q.urlencode()}"
    from sellerdesk.replies.models import ReplyTemplate

    context = {"rows": rows, "more": more, "agents": agents, "query": request.GET.urlencode(), "can_write": can_write(request.user),
               "templates": ReplyTemplate.objects.filter(is_active=True).order_by("category", "title", "language")}
    return render(request, "collision/bulk.html", context)


@require_POST
@agent_view
def bulk_apply(request):
    p = request.POST
    ids = [int(i) for i in p.getlist("ids") if i.isdigit()][: bulk.MAX]
    back = f"{reverse('collision:bulk')}?{p.get('query', '')}"
    if not ids:
        messages.error(request, _("Tick at least one conversation."))
        return redirect(back)
    action = p.get("action", "")
    User = get_user_model()
    assignee = User.objects.filter(pk=p.get("assignee"), is_active=True).first() if p.get("assignee", "").isdigit() else None
    if action == "assign":
        out = bulk.assign(request.user, ids, assignee)
    elif action == "resolve":
        out = bulk.resolve(request.user, ids)
    elif action == "snooze":
        hours = {"1h": 1, "4h": 4, "1d": 24, "3d": 72}.get(p.get("snooze", ""), 0)
        if not hours:
            messages.error(request, _("Choose how long to snooze."))
            return redirect(back)
        out = bulk.snooze(request.user, ids, hours)
    elif action == "macro":
        template_id = int(p["template"]) if p.get("template", "").isdigit() else None
        macro = bulk.Macro(template_id=template_id, status=p.get("status", ""), assignee=assignee)
        if template_id is None and not macro.status and assignee is None:
            messages.error(request, _("A macro needs a template, a status or an assignee."))
            return redirect(back)
        out = bulk.apply_macro(request.user, ids, macro)
    else:
        messages.error(request, _("Choose an action."))
        return redirect(back)
    messages.success(request, _("Done for %(n)s conversations.") % {"n": len(out.done)})
    for pk, why in out.skipped:
        messages.warning(request, _("#%(id)s skipped: %(why)s") % {"id": pk, "why": why})
    return redirect(back)
