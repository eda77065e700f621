"""The agents' live feed: which conversations have a new message, pushed to the open inbox and
conversation pages (server-sent events, GET /live/), so a chat line shows without a reload.

One watcher thread of the web server reads the new message rows of all processes (the worker's
intake, the bot, other agents' replies) with one query whatever the number of open pages: on
PostgreSQL when their commit notifies it (lib/newrows.py), at most every
SELLERDESK_WEBCHAT_POLL_SECONDS; on SQLite at that interval — the widget's stream mechanism (channels/webchat/live.py),
whose thread budget it shares. An event names conversation ids only, never content, and only
those the agent's inbox may show (`visible_ids`, the inbox's own query); the page then reloads
its list or thread through the usual views, which apply their own rules again.

Off with SELLERDESK_LIVE_UPDATES=0: the pages then refresh every 60 s as before (browser tests
that wait for the network to be idle run that way).
"""

from __future__ import annotations

import json
import logging
import threading
import time

from django.conf import settings
from django.db import close_old_connections, connection
from django.http import HttpResponse, StreamingHttpResponse

from sellerdesk.lib.newrows import NewIds, listener
from sellerdesk.web.access import agent_view

log = logging.getLogger(__name__)
IDLE_STOP_SECONDS = 30
BACKLOG_ROWS = 500


def visible_ids(user, ids) -> set[int]:
    """The conversations among `ids` that this agent's inbox may show."""
    from sellerdesk.conversations.queries import InboxFilters, filtered

    if not ids:
        return set()
    return set(filtered(InboxFilters(status="all"), user).filter(pk__in=list(ids)).values_list("pk", flat=True))


class Page:
    """One open page's stream: conversations with news since it last took them."""

    def __init__(self, user):
        self.user = user
        self.ready = threading.Event()
        self.news: dict[int, int] = {}  # conversation id -> newest message id
        self.lock = threading.Lock()

    def give(self, news: dict[int, int]) -> None:
        with self.lock:
            for conversation, message in news.items():
                self.news[conversation] = max(message, self.news.get(conversation, 0))
        self.ready.set()

    def take(self, timeout: float) -> dict[int, int]:
        self.ready.wait(timeout)
        with self.lock:
            news, self.news = self.news, {}
            self.ready.clear()
        return news


class Feed:
    def __init__(self):
        self.lock = threading.Lock()
        self.pages: set[Page] = set()
        self.thread: threading.Thread | None = None

    def join(self, user) -> Page:
        page = Page(user)
        with self.lock:
            self.pages.add(page)
            if self.thread is None or not self.thread.is_alive():
                self.thread = threading.Thread(target=self._watch, name="inbox-live-watcher", daemon=True)
                self.thread.start()
        return page

    def leave(self, page: Page) -> None:
        with self.lock:
            self.pages.discard(page)

    def hand_out(self, rows) -> None:
        """New (message id, conversation id) rows to the open pages whose agent may see them."""
        news: dict[int, int] = {}
        for message, conversation in rows:
            news[conversation] = max(message, news.get(conversation, 0))
        with self.lock:
            pages = list(self.pages)
        by_user: dict[int, set[int]] = {}
        for page in pages:
            if page.user.pk not in by_user:  # one query per agent, however many pages they have open
                by_user[page.user.pk] = visible_ids(page.user, news)
            mine = {c: m for c, m in news.items() if c in by_user[page.user.pk]}
            if mine:
                page.give(mine)

    def _watch(self) -> None:
        from sellerdesk.conversations.models import Message

        woken = listener.subscribe(Message._meta.db_table)
        new = NewIds(Message.objects.order_by("-id").values_list("id", flat=True).first() or 0)
        idle_since = None
        try:
            while True:
                with self.lock:
                    open_pages = bool(self.pages)
                if not open_pages:
                    idle_since = idle_since or time.monotonic()
                    if time.monotonic() - idle_since > IDLE_STOP_SECONDS:
                        with self.lock:
                            if not self.pages:
                                self.thread = None
                                return
                    time.sleep(settings.WEBCHAT_POLL_SECONDS)
                    continue
                idle_since = None
                read_at = time.monotonic()
                try:
                    fresh = new.read(Message.objects.order_by("id").values_list("id", "conversation_id"), read_at)
                    if fresh:
                        self.hand_out(fresh)
                except Exception:
                    log.exception("inbox live watcher: reading new messages failed")
                    close_old_connections()
                    time.sleep(1)
                    continue
                listener.pause(woken, read_at, settings.WEBCHAT_POLL_SECONDS, busy=bool(fresh))
        finally:
            listener.unsubscribe(Message._meta.db_table, woken)
            connection.close()


feed = Feed()


def _event(news: dict[int, int], last: int) -> bytes:
    """The conversations with news and, in the same order, the id of each one's newest message."""
    ids = sorted(news)
    return f"id: {last}\ndata: {json.dumps({'conversations': ids, 'newest': [news[c] for c in ids]})}\n\n".encode()


class Stream:
    """The body of one page's stream; close() (called by the web server, even if iteration never
    started) gives back the slot in the stream budget."""

    def __init__(self, page: Page | None, backlog: dict[int, int], after: int):
        self.page, self.backlog, self.last = page, backlog, max([after, *backlog.values()])
        self.closed = False

    def __iter__(self):
        yield f"retry: {1000 if self.page else 10000}\n\n".encode()
        if self.backlog:
            yield _event(self.backlog, self.last)
        if self.page is None:
            return
        stop = time.monotonic() + settings.WEBCHAT_STREAM_SECONDS
        while (left := stop - time.monotonic()) > 0:
            news = self.page.take(min(left, 15))
            if news:
                self.last = max(self.last, *news.values())
                yield _event(news, self.last)
            else:
                yield b": ping\n\n"

    def close(self):
        from sellerdesk.channels.webchat.live import hub

        if not self.closed and self.page is not None:
            feed.leave(self.page)
            hub.close()
        self.closed = True


def _backlog(user, after: int | None) -> dict[int, int]:
    """What came after the page's last event (a reconnecting page): conversations and their newest message."""
    from sellerdesk.conversations.models import Message

    if after is None:  # a page gives where it starts; without it there is nothing to catch up
        return {}
    news: dict[int, int] = {}
    for message, conversation in Message.objects.filter(id__gt=after).order_by("id").values_list("id", "conversation_id")[:BACKLOG_ROWS]:
        news[conversation] = max(message, news.get(conversation, 0))
    visible = visible_ids(user, news)
    return {c: m for c, m in news.items() if c in visible}


@agent_view
def live(request):
    """GET /live/?after=<message id>: an event per batch of new messages in conversations this agent
    may see, for SELLERDESK_WEBCHAT_STREAM_SECONDS; the browser reconnects with Last-Event-ID.
    Past the stream budget only what waits is sent, and the browser comes back in 10 s."""
    from sellerdesk.channels.webchat.live import hub

    if not settings.LIVE_UPDATES:
        return HttpResponse(status=204)  # EventSource gives up on 204: the page keeps its 60 s refresh
    try:
        after = int(request.headers.get("Last-Event-ID") or request.GET["after"])
    except (KeyError, ValueError):
        after = None
    page = feed.join(request.user) if hub.try_open() else None  # joined before the backlog is read
    stream = Stream(page, {}, after or 0)
    try:
        stream = Stream(page, _backlog(request.user, after), after or 0)
    except Exception:
        stream.close()
        raise
    if not connection.in_atomic_block:
        connection.close()  # a waiting stream holds a thread, not a database connection
    response = StreamingHttpResponse(stream, content_type="text/event-stream; charset=utf-8")
    response["Cache-Control"] = "no-cache"
    response["X-Accel-Buffering"] = "no"
    return response


def page_feed_url(request) -> str:
    """The feed address a full page (inbox, conversation) opens, starting after what it shows;
    "" for partial renders (htmx swaps keep the page's stream) and with live updates off."""
    from django.urls import reverse

    if not settings.LIVE_UPDATES or (request.htmx and not request.htmx.history_restore_request):
        return ""
    from sellerdesk.web import nav

    # Read now, before the page reads what it shows, with the navigation's badges (one query for both).
    return f"{reverse('web:live')}?after={nav.badges(request)['newest_message']}"
