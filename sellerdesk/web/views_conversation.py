"""One conversation: the page, and the agent actions on it (all through conversations.actions)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import formats, timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import get_language, gettext_noop
from django.views.decorators.http import require_GET, require_POST

from sellerdesk.collision.meanwhile import replies_since
from sellerdesk.conversations import actions
from sellerdesk.conversations.models import Attachment
from sellerdesk.lib import clock, contenttype
from sellerdesk.channels import lookups as order_lookups
from sellerdesk.web import live, lookups, notices, numbers, uploads
from sellerdesk.web.access import agent_timezone, agent_view, can_write
from sellerdesk.web.forms import AssignForm, NoteForm, ReplyForm, SnoozeForm
from sellerdesk.web.snooze import snooze_until
from sellerdesk.web.thread import get_conversation, page_context

# ActionError texts, listed so the translation catalogue carries them.
ACTION_ERRORS = (
    gettext_noop("The reply is empty."),
    gettext_noop("The note is empty."),
    gettext_noop("Snooze time must be in the future."),
    gettext_noop("No buyer message is waiting for an answer."),
    gettext_noop("Not sent: %(names)s is larger than %(mb)s MB."),
)


def _render(request, conv, *, status=200, errors=None, reply_text="", note_text=""):
    agents = lookups.active_agents()
    live_url = live.page_feed_url(request)  # before the thread is read: nothing falls between
    context = page_context(conv, clock.now(), whole=request.GET.get("all") == "1")
    context.update(
        agents=agents,
        assign_form=AssignForm(initial={"assignee": str(conv.assignee_id or "")}, agents=agents),
        errors=errors or {},
        reply_text=reply_text,
        note_text=note_text,
        can_write=can_write(request.user),
        live_url=live_url,
    )
    partial = request.htmx and not request.htmx.history_restore_request
    return render(request, "web/_conversation.html" if partial else "web/conversation.html", context, status=status)


def _done(request, conv, notice: str):
    messages.success(request, notice)
    if request.htmx:
        return _render(request, get_conversation(conv.pk))
    return redirect("web:conversation", pk=conv.pk)


def _refused(request, conv, field: str, text: str, **kept):
    return _render(request, get_conversation(conv.pk), status=422, errors={field: text}, **kept)


@require_GET
@agent_view
def conversation(request, pk: int):
    return _render(request, get_conversation(pk))


@uploads.upload_limit(lambda: settings.REPLY_FILE_MAX_BYTES)
@require_POST
@agent_view
def reply(request, pk: int):
    conv = get_conversation(pk)
    form = ReplyForm(request.POST)
    form.is_valid()
    text, resolve = form.cleaned_data.get("text", ""), form.cleaned_data.get("resolve", False)
    too_large = uploads.refused(request)
    if too_large:
        exc = actions.FileTooLarge(too_large, settings.REPLY_FILE_MAX_BYTES // 1048576)
        return _refused(request, conv, "reply", exc.localised(get_language()), reply_text=text)
    files = [
        actions.OutgoingFile(f.name, f.content_type or "application/octet-stream", f.read())
        for f in request.FILES.getlist("files")
    ]
    meanwhile = replies_since(conv, request.POST.get("seen_upto", ""), request.user)
    if meanwhile:  # the page drawn again shows their reply; sending again sends this one anyway
        names = ", ".join(sorted({m.sender_name or "?" for m in meanwhile}))
        return _refused(request, conv, "reply", _("%(names)s replied meanwhile: read it above, then press Send again to send yours anyway.")
                        % {"names": names}, reply_text=text)
    try:
        actions.send_reply(conv, request.user, text, resolve=resolve, files=files)
    except actions.ActionError as exc:
        return _refused(request, conv, "reply", exc.localised(get_language()), reply_text=text)
    return _done(request, conv, _("Reply queued for sending; conversation resolved.") if resolve else _("Reply queued for sending."))


@require_POST
@agent_view
def note(request, pk: int):
    conv = get_conversation(pk)
    form = NoteForm(request.POST)
    form.is_valid()
    text = form.cleaned_data.get("note", "")
    try:
        actions.add_note(conv, request.user, text)
    except actions.ActionError as exc:
        return _refused(request, conv, "note", exc.localised(get_language()), note_text=text)
    return _done(request, conv, _("Note added."))


@require_POST
@agent_view
def assign(request, pk: int):
    conv = get_conversation(pk)
    form = AssignForm(request.POST, agents=lookups.active_agents())
    if not form.is_valid():
        return _refused(request, conv, "assign", _("Choose an agent from the list."))
    assignee = form.chosen()
    actions.assign(conv, request.user, assignee)
    if assignee is None:
        return _done(request, conv, _("Unassigned."))
    return _done(request, conv, _("Assigned to %(name)s.") % {"name": assignee.agent.name})


@require_POST
@agent_view
def resolve(request, pk: int):
    conv = get_conversation(pk)
    actions.resolve(conv, request.user)
    return _done(request, conv, _("Resolved."))


@require_POST
@agent_view
def no_response_needed(request, pk: int):
    conv = get_conversation(pk)
    try:
        actions.resolve_no_response_needed(conv, request.user)
    except actions.ActionError as exc:
        return _refused(request, conv, "reply", exc.localised(get_language()))
    return _done(request, conv, _("Resolved; the buyer's messages are marked as needing no response."))


@require_POST
@agent_view
def reopen(request, pk: int):
    conv = get_conversation(pk)
    actions.reopen(conv, request.user)
    return _done(request, conv, _("Reopened."))


@require_POST
@agent_view
def snooze(request, pk: int):
    conv = get_conversation(pk)
    form = SnoozeForm(request.POST)
    if not form.is_valid():
        text = form.errors.get("until", form.errors.get("preset", [""]))[0]
        return _refused(request, conv, "snooze", text or _("Pick a date and time."))
    d = form.cleaned_data
    until = snooze_until(d["preset"], clock.now(), agent_timezone(request.user), d.get("until"))
    try:
        actions.snooze(conv, request.user, until)
    except actions.ActionError as exc:
        return _refused(request, conv, "snooze", exc.localised(get_language()))
    shown = formats.date_format(timezone.localtime(until), "SHORT_DATETIME_FORMAT")
    return _done(request, conv, _("Snoozed until %(time)s.") % {"time": shown})


@require_POST
@agent_view
def look_up_order(request, pk: int):
    """"Look this order up" beside an order number a message names: the platform's order lookup,
    run by the task queue (the page does not wait for the platform)."""
    conv = get_conversation(pk)
    platform, number = request.POST.get("platform", ""), request.POST.get("number", "").strip()
    if platform not in numbers.ORDER_PLATFORMS or not number or len(number) > 64:
        return _refused(request, conv, "lookup", _("Choose an order number from a message."))
    if not numbers.can_look_up(platform):
        return _refused(request, conv, "lookup", _("No %(platform)s order API is set up: add it on the Channels page.")
                        % {"platform": notices.platform_name(platform)})
    order_lookups.lookup_order.enqueue(platform, number, conv.marketplace)
    return _done(request, conv, _("Asked %(platform)s for order %(number)s: reload in a minute to see it.")
                 % {"platform": notices.platform_name(platform), "number": number})


@require_GET
@agent_view
def attachment(request, pk: int):
    file = get_object_or_404(Attachment, pk=pk)
    response = HttpResponse(bytes(file.data), content_type=contenttype.safe(file.content_type))
    response["Content-Disposition"] = content_disposition_header(True, file.filename or f"attachment-{file.pk}")
    response["X-Content-Type-Options"] = "nosniff"
    return response
