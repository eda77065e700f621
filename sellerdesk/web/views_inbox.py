"""The inbox: conversations by deadline, filters, counts per status, keyset "Load more"."""

from __future__ import annotations

import dataclasses

from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Substr
from django.http import QueryDict
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _

from sellerdesk.conversations import counts as conversation_counts
from sellerdesk.conversations.models import Conversation, Message
from sellerdesk.conversations.queries import BadCursor, InboxFilters, decode_cursor, filtered, inbox_page
from sellerdesk.lib import clock
from sellerdesk.search import highlight
from sellerdesk.search import query as search_query
from sellerdesk.web import inbox_rows, labels, live, lookups, search_rows
from sellerdesk.web.access import agent_view
from sellerdesk.web.forms import InboxFilterForm
from sellerdesk.web.timeleft import patterns, time_left_state, time_left_text

PREVIEW_CHARS = 300
ROW_RELATED = ("customer",)  # what a row shows (web/inbox_rows.py); not the order, and the assignee's name by id


def _preview():
    """The start of a conversation's latest buyer message (a subquery for each row of the page)."""
    latest = (
        Message.objects.filter(conversation=OuterRef("pk"), direction=Message.Direction.INBOUND)
        .order_by("-created_at", "-id")
        .values("body_text")[:1]
    )
    return Substr(Subquery(latest), 1, PREVIEW_CHARS)


def _previews(items) -> dict[int, str]:
    """Each row's preview as one line: read with the rows (`inbox_page(annotate=...)`), else in one query."""
    if all(hasattr(c, "preview") for c in items):
        return {c.pk: _one_line(c.preview or "") for c in items}
    rows = Conversation.objects.filter(pk__in=[c.pk for c in items]).annotate(preview=_preview()).values_list("pk", "preview")
    return {pk: _one_line(text or "") for pk, text in rows}


def _check_cursor(cursor: str) -> None:
    if cursor:
        deadline, _pk = decode_cursor(cursor)
        if deadline is not None and deadline.tzinfo is None:
            raise BadCursor("naive time in cursor")


def _one_line(text: str) -> str:
    # A greeting alone ("Hi,") says nothing: the opening lines run together as one.
    return " ".join(text.split())


def _counts(filters: InboxFilters, user) -> dict[str, int]:
    """Conversations per status for the other filters: from the counters (a few rows, not the table),
    unless a text filter that no counter knows (a subject typed as is) narrows them."""
    counts = {status: 0 for status in labels.STATUSES}
    if filters.q:
        qs = filtered(dataclasses.replace(filters, status="all"), user).order_by().values_list("status").annotate(n=Count("pk"))
        counts.update(dict(qs))
    else:
        assignee = {"": None, "me": getattr(user, "pk", None), "none": 0}.get(filters.assignee)
        if assignee is None and filters.assignee not in ("", "me"):
            assignee = int(filters.assignee)
        counts.update(conversation_counts.by_status(
            channel=filters.channel, assignee=assignee, tier=filters.tier, language=filters.language))
    counts["all"] = sum(counts.values())
    return counts


def _query(params: dict, **changes) -> str:
    q = QueryDict(mutable=True)
    for key, value in {**params, **changes}.items():
        if value not in (None, ""):
            q[key] = value
    return q.urlencode()


def _folders(base: str, params: dict, counts: dict) -> list[dict]:
    folders = [(code, label, labels.STATUS_HELP[code]) for code, label in labels.STATUSES.items()]
    folders.append(("all", _("All"), _("Every status")))
    return [
        {"code": code, "label": label, "help": help_text, "count": counts[code], "url": f"{base}?{_query(params, status=code)}"}
        for code, label, help_text in folders
    ]


def _rows(items, now) -> list[dict]:
    previews = _previews(items) if items else {}
    texts = patterns()  # translated once for the page, not per row
    return [
        {
            "c": c,
            "badge": labels.channel_badge(c.channel, c.marketplace),
            "preview": previews.get(c.pk, ""),
            "state": time_left_state(c, now),
            "left": time_left_text(c.next_deadline_at, now, texts),
        }
        for c in items
    ]


@agent_view
def inbox(request):
    agents = lookups.agent_names()
    form = InboxFilterForm(request.GET, agents=agents, channels=lookups.inbox_channels())
    base = reverse("web:inbox")
    # Read before the list: a message written meanwhile reaches the page through its feed.
    context = {"form": form, "rows": [], "folders": [], "error": "", "live_url": live.page_feed_url(request)}
    status = 200
    if form.is_valid():
        d = form.cleaned_data
        params = {k: d[k] for k in ("status", "channel", "assignee", "tier", "lang", "q")}
        filters = InboxFilters(status=d["status"], channel=d["channel"], assignee=d["assignee"], tier=d["tier"], language=d["lang"], q=d["q"])
        jump = search_query.order_conversation(d["q"]) if d["q"] and not d["cursor"] else None
        if jump is not None:  # an order or tracking number: straight to its conversation
            return _redirect(request, reverse("web:conversation", args=[jump]))
        result = search_query.search(d["q"], filters, request.user) if d["q"] else None
        if result is not None:
            return _search_page(request, context, result, filters, params, base, dict(agents))
        try:
            _check_cursor(d["cursor"])
            page = inbox_page(filters, user=request.user, cursor=d["cursor"] or None, related=ROW_RELATED,
                              annotate={"preview": _preview()})
        except BadCursor:
            page, status = None, 400
            context["error"] = _("This “Load more” link is not valid any more; reload the inbox.")
        if page is not None:
            now = clock.now()
            context.update(
                rows=_rows(page.items, now),
                more_url=f"{base}?{_query(params, cursor=page.next_cursor)}" if page.next_cursor else "",
                list_url=f"{base}?{_query(params)}",
                params=params,
            )
            if not (request.htmx and d["cursor"]):  # "Load more" adds rows only: no folders, no counts
                context["counts"] = _counts(filters, request.user)
                context["folders"] = _folders(base, params, context["counts"])
    else:
        status = 400
    context["status"] = form.cleaned_data.get("status", "open") if form.is_valid() else "open"
    inbox_rows.draw(context["rows"], status=context["status"], agents=dict(agents))
    if request.htmx and not request.htmx.history_restore_request:
        template = "web/_inbox_rows.html" if request.GET.get("cursor") else "web/_inbox_list.html"
    else:
        template = "web/inbox.html"
    response = render(request, template, context, status=status)
    patch_vary_headers(response, ("HX-Request",))
    return response


def _redirect(request, url: str):
    if request.htmx:  # a 302 would be followed by the browser's request itself; htmx navigates
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return HttpResponseRedirect(url)


def _search_page(request, context, result, filters, params, base, agents: dict[int, str]):
    """Search results: ranked (not by deadline), the status folders counting the matches."""
    now = clock.now()
    q = filters.q
    hits = result.for_status(filters.status)
    items = search_rows.conversations(hits)
    rows = _rows(items, now)
    marks = search_rows.snippets(hits, q, {r["c"].pk: r["preview"] for r in rows})
    for r in rows:
        r["subject_marked"] = highlight.marked(r["c"].subject, q)
        r["preview_marked"] = marks[r["c"].pk]["snippet"]
        r["matches"] = marks[r["c"].pk]["matches"]
    inbox_rows.draw(rows, status=filters.status, searching=True, agents=agents)
    counts = {status: 0 for status in labels.STATUSES}
    counts.update(result.counts())
    counts["all"] = len(result.hits)
    context.update(
        rows=rows, counts=counts, params=params, searching=True, list_url=f"{base}?{_query(params)}",
        more_url="", shown=len(rows), found=len(hits),
    )
    context["folders"] = _folders(base, params, counts)
    context["status"] = filters.status
    template = "web/_inbox_list.html" if request.htmx and not request.htmx.history_restore_request else "web/inbox.html"
    response = render(request, template, context)
    patch_vary_headers(response, ("HX-Request",))
    return response
