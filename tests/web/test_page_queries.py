"""Exact query counts of the inbox, its "Load more", the API list and a long conversation: they do not
grow with the rows, and the counts per status come from the counters, not a COUNT over the table."""

from __future__ import annotations

import datetime as dt
import re

from django.db import connection
from django.test.utils import CaptureQueriesContext

from sellerdesk.conversations.models import Conversation, Message
from sellerdesk.conversations.queries import PAGE_SIZE
from sellerdesk.web.thread import THREAD_WINDOW
from tests.web.conftest import T0, row_ids

# session, user with their agent profile, security gate, agents list, the page's rows with their previews, counts per
# status (the counters), the navigation's badges (one query; with live updates on, it brings the newest
# message id where the page's live feed starts too)
INBOX_DATED_PAGE = 7
# ... and, when the conversations with a deadline do not fill the page, a second walk for those without one
INBOX_MIXED_PAGE = 8


def _many(make_conv, n: int, *, dated: bool, start: int = 0) -> list[Conversation]:
    return [make_conv(f"c{start + i}", next_deadline_at=T0 + dt.timedelta(minutes=start + i) if dated else None)
            for i in range(n)]


def test_inbox_page_full_of_deadlines_is_one_walk_and_counts_read_the_counters(web, make_conv, now, django_assert_num_queries):
    _many(make_conv, PAGE_SIZE + 5, dated=True)
    web.get("/")  # the first request of a session records it
    with django_assert_num_queries(INBOX_DATED_PAGE):
        html = web.get("/").content.decode()
    assert len(row_ids(html)) == PAGE_SIZE
    with CaptureQueriesContext(connection) as ctx:
        web.get("/?status=all")
    assert not [q for q in ctx.captured_queries if 'COUNT(' in q["sql"].upper() and "conversations_conversation" in q["sql"]
                and "nav" not in q["sql"] and "counted" not in q["sql"]]


def test_inbox_mixed_page_and_load_more_keep_their_counts(web, make_conv, now, django_assert_num_queries):
    dated = _many(make_conv, 30, dated=True)
    undated = _many(make_conv, 60, dated=False, start=100)
    web.get("/")
    with django_assert_num_queries(INBOX_MIXED_PAGE):
        first = web.get("/").content.decode()
    ids = row_ids(first)
    assert ids == [c.pk for c in dated] + [c.pk for c in undated[:PAGE_SIZE - 30]]
    links = re.findall(r'<a class="button" href="/\?([^"]*cursor=[^"]*)"', first)
    assert len(links) == 1
    more = links[0].replace("&amp;", "&")
    # The htmx "Load more" rows: no counts, no navigation; the rows without a deadline by id.
    with django_assert_num_queries(5):
        rest = web.get(f"/?{more}", HTTP_HX_REQUEST="true").content.decode()
    assert row_ids(rest) == [c.pk for c in undated[PAGE_SIZE - 30:]]
    for _ in range(40):  # more rows change nothing
        make_conv("later", next_deadline_at=T0 + dt.timedelta(days=3))
    with django_assert_num_queries(INBOX_DATED_PAGE):
        web.get("/")


def test_api_list_queries_do_not_grow(web, make_conv, now, django_assert_num_queries):
    _many(make_conv, 10, dated=True)
    web.get("/")
    with CaptureQueriesContext(connection) as small:
        assert web.get("/api/v1/conversations?limit=20").status_code == 200
    _many(make_conv, 40, dated=False, start=50)
    # the session and its user (two), the signed-in check of the API, the rows with a deadline, those without one
    assert len(small.captured_queries) == 5
    with django_assert_num_queries(5):
        body = web.get("/api/v1/conversations?limit=20").json()
    assert len(body["items"]) == 20


def test_a_long_conversation_draws_its_latest_messages_and_offers_the_rest(web, make_conv, now, django_assert_num_queries):
    conv = make_conv("long")
    at = T0 - dt.timedelta(days=30)
    for i in range(THREAD_WINDOW + 20):
        Message.objects.create(conversation=conv, account=conv.account, direction="in" if i % 2 == 0 else "note",
                               body_text=f"message number {i}", sent_at=at + dt.timedelta(minutes=i),
                               created_at=at + dt.timedelta(minutes=i))
    web.get("/")
    # session, user with profile, gate, conversation (with whether it has claims), identities, earlier, messages,
    # attachments, agents, the nav badges, the CSAT survey
    with django_assert_num_queries(11):
        html = web.get(f"/conversations/{conv.pk}/").content.decode()
    assert html.count('<article class="msg') == THREAD_WINDOW
    assert "message number 119" in html and "message number 19<" not in html and 'id="thread-cut"' in html
    newest = Message.objects.filter(conversation=conv).order_by("-id").first().pk
    assert f'name="seen_upto" value="{newest}"' in html
    whole = web.get(f"/conversations/{conv.pk}/?all=1").content.decode()
    assert whole.count('<article class="msg') == THREAD_WINDOW + 20
    assert 'id="thread-cut"' not in whole
