"""The bell, the list of one's alerts, one's alert settings, and the admins' chat robots."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_POST

from sellerdesk.accounts.models import Team
from sellerdesk.alerts import actions, chat, texts
from sellerdesk.alerts.models import ChatWebhook, Delivery, Kind, Notification, Preference
from sellerdesk.conversations.actions import ActionError
from sellerdesk.web.access import agent_view

PAGE = 50


def unread_count(user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


@agent_view
def bell(request):
    """The bell alone (htmx polls it every minute)."""
    return render(request, "alerts/_bell.html", {"unread": unread_count(request.user)})


@agent_view
def notifications(request):
    """Newest first, by keyset (?before=<id>)."""
    qs = Notification.objects.filter(recipient=request.user).order_by("-id")
    before = request.GET.get("before", "")
    if before.isdigit():
        qs = qs.filter(pk__lt=int(before))
    rows = list(qs[: PAGE + 1])
    more = len(rows) > PAGE
    rows = rows[:PAGE]
    for n in rows:
        n.text = texts.line(n.data)
        n.label = texts.kind_label(n.kind)
    context = {"rows": rows, "more": rows[-1].pk if more else None, "unread": unread_count(request.user)}
    return render(request, "alerts/notifications.html", context)


@agent_view
def open_notification(request, pk: int):
    """Follow an alert: marked read, then its conversation."""
    n = get_object_or_404(Notification, pk=pk, recipient=request.user)
    if n.read_at is None and request.method == "POST":
        actions.mark_read(request.user, [n.pk])
    if request.method != "POST":
        return redirect("alerts:list")
    return redirect("web:conversation", pk=n.conversation_id) if n.conversation_id else redirect("alerts:list")


@require_POST
@agent_view
def read_all(request):
    changed = actions.mark_read(request.user)
    messages.success(request, _("%(count)s alerts marked read.") % {"count": changed})
    return redirect("alerts:list")


def _time(value: str) -> dt.time | None:
    value = (value or "").strip()
    if not value:
        return None
    try:
        return dt.time.fromisoformat(value)
    except ValueError:
        raise ActionError(gettext_noop("Quiet hours are times like 22:00.")) from None


@agent_view
def preferences(request):
    pref = Preference.objects.filter(user=request.user).first() or Preference.default(request.user)
    if request.method == "POST":
        try:
            pref = actions.save_preferences(
                request.user, in_app=request.POST.getlist("in_app"), email=request.POST.getlist("email"),
                quiet_start=_time(request.POST.get("quiet_start")), quiet_end=_time(request.POST.get("quiet_end")))
        except ActionError as exc:
            messages.error(request, exc.localised(request.LANGUAGE_CODE))
        else:
            messages.success(request, _("Alert settings saved."))
            return redirect("alerts:preferences")
    rows = [{"kind": k, "label": texts.kind_label(k), "in_app": k in pref.in_app, "email": k in pref.email} for k in Kind.values]
    return render(request, "alerts/preferences.html", {"rows": rows, "pref": pref})


@agent_view(admin=True)
def webhooks(request):
    hooks = list(ChatWebhook.objects.select_related("team").order_by("name", "pk"))
    for h in hooks:
        h.kind_labels = [texts.kind_label(k) for k in h.kinds]
    recent = Delivery.objects.filter(webhook__isnull=False).select_related("webhook").order_by("-id")[:30]
    context = {"hooks": hooks, "recent": recent, "platforms": ChatWebhook.Platform.choices, "teams": Team.objects.order_by("name"),
               "kinds": [(k, texts.kind_label(k)) for k in Kind.values]}
    return render(request, "alerts/webhooks.html", context)


@require_POST
@agent_view(admin=True)
def webhook_save(request, pk: int | None = None):
    p = request.POST
    hook = get_object_or_404(ChatWebhook, pk=pk) if pk else None
    team = Team.objects.filter(pk=p.get("team")).first() if p.get("team", "").isdigit() else None
    try:
        actions.save_webhook(request.user, name=p.get("name", ""), platform=p.get("platform", ""), url=p.get("url", ""),
                             secret=p.get("secret", ""), kinds=p.getlist("kinds"), team=team, language=p.get("language", ""),
                             webhook=hook)
    except ActionError as exc:
        messages.error(request, exc.localised(request.LANGUAGE_CODE))
    else:
        messages.success(request, _("Chat robot saved."))
    return redirect("alerts:webhooks")


@require_POST
@agent_view(admin=True)
def webhook_delete(request, pk: int):
    actions.delete_webhook(request.user, get_object_or_404(ChatWebhook, pk=pk))
    messages.success(request, _("Chat robot deleted."))
    return redirect("alerts:webhooks")


@require_POST
@agent_view(admin=True)
def webhook_test(request, pk: int):
    """Post a test message now and say what the platform answered."""
    hook = get_object_or_404(ChatWebhook, pk=pk)
    title = _("SellerDesk test message")
    try:
        chat.post(hook.platform, hook.target, title, [(_("Alerts from SellerDesk will arrive here."), request.build_absolute_uri("/"))])
    except chat.SendFailed as exc:
        result = _("Failed: %(error)s") % {"error": exc}
        ok = False
    else:
        result, ok = _("Sent. Check the chat."), True
    if request.htmx:
        return HttpResponse(f'<span class="{"ok-text" if ok else "error-text"}">{_escape(result)}</span>')
    (messages.success if ok else messages.error)(request, result)
    return redirect("alerts:webhooks")


def _escape(text: str) -> str:
    from django.utils.html import escape

    return escape(text)
