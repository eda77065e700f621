"""The agents' live feed (sellerdesk/web/live.py): what an open inbox or conversation page is told."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from sellerdesk.conversations.models import Message
from sellerdesk.web import live
from tests.web.conftest import T0


@pytest.fixture
def live_on(settings):
    settings.LIVE_UPDATES = True
    settings.WEBCHAT_STREAM_SECONDS = 0  # a stream sends what waits, then ends


def write(conv, text: str, direction: str = "in") -> Message:
    return Message.objects.create(conversation=conv, account=conv.account, direction=direction, body_text=text,
                                  body_full=text, sender="jane@buyer.example", sent_at=T0, created_at=T0)


def body(response) -> str:
    return b"".join(response.streaming_content).decode()


def test_a_new_message_is_announced_by_conversation_id_only_to_pages_that_may_see_it(db, agent, make_conv, monkeypatch):
    shown, hidden = make_conv("Shown"), make_conv("Hidden")
    first, second = write(shown, "Where is my parcel?"), write(hidden, "Secret order details")
    third = write(shown, "Any news?", direction="out")
    # The feed asks the inbox's own query which conversations the agent may see.
    from sellerdesk.conversations import queries

    inbox_query = queries.filtered
    monkeypatch.setattr(queries, "filtered", lambda filters, user=None: inbox_query(filters, user).exclude(pk=hidden.pk))
    page = live.Page(agent)
    live.feed.hand_out([(first.pk, shown.pk), (second.pk, hidden.pk), (third.pk, shown.pk)])  # no page open: nothing kept
    live.feed.pages.add(page)
    try:
        live.feed.hand_out([(first.pk, shown.pk), (second.pk, hidden.pk), (third.pk, shown.pk)])
    finally:
        live.feed.leave(page)
    assert page.take(0) == {shown.pk: third.pk}
    assert page.take(0) == {}
    assert live._event({shown.pk: third.pk}, third.pk).decode() == (
        f'id: {third.pk}\ndata: {{"conversations": [{shown.pk}], "newest": [{third.pk}]}}\n\n')


def test_a_page_that_reconnects_hears_what_came_after_its_last_event(web, make_conv, live_on, monkeypatch):
    a, b = make_conv("A"), make_conv("B")
    seen = write(a, "first")
    later_a, later_b = write(a, "second"), write(b, "third")
    from sellerdesk.channels.webchat.live import hub

    monkeypatch.setattr(hub, "try_open", lambda: False)  # past the stream budget: what waits, then "come back in 10 s"
    response = web.get("/live/", HTTP_LAST_EVENT_ID=str(seen.pk))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/event-stream; charset=utf-8"
    newest = max(later_a.pk, later_b.pk)
    event = {"conversations": sorted([a.pk, b.pk]), "newest": [later_a.pk if a.pk < b.pk else later_b.pk,
                                                                later_b.pk if a.pk < b.pk else later_a.pk]}
    assert body(response) == f"retry: 10000\n\nid: {newest}\ndata: {json.dumps(event)}\n\n"


def test_an_open_stream_takes_a_slot_of_the_stream_budget_and_gives_it_back(web, make_conv, live_on, monkeypatch):
    from sellerdesk.channels.webchat.live import hub

    monkeypatch.setattr(live.Feed, "_watch", lambda self: None)  # the watcher thread would share the test database

    before = hub.streams
    response = web.get(f"/live/?after={write(make_conv(), 'hello').pk}")
    assert hub.streams == before + 1
    assert body(response) == "retry: 1000\n\n"  # nothing new; the stream's time (0 s here) is up
    response.close()
    assert hub.streams == before


def test_the_feed_is_for_signed_in_agents_only(db, live_on):
    response = Client().get("/live/")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_with_live_updates_off_the_feed_says_204_and_pages_open_none(web, make_conv, settings):
    settings.LIVE_UPDATES = False
    conv = make_conv()
    assert web.get("/live/").status_code == 204
    assert 'id="live-feed"' not in web.get("/").content.decode()
    assert 'id="live-feed"' not in web.get(f"/conversations/{conv.pk}/").content.decode()


def test_inbox_and_conversation_pages_open_the_feed_after_the_newest_message(web, make_conv, live_on):
    conv = make_conv()
    newest = write(conv, "hello").pk
    expected = f'<div id="live-feed" hidden data-url="/live/?after={newest}"></div>'
    assert expected in web.get("/").content.decode()
    assert expected in web.get(f"/conversations/{conv.pk}/").content.decode()
    # A list swapped in by htmx keeps the page's stream: it opens none.
    assert 'id="live-feed"' not in web.get("/", HTTP_HX_REQUEST="true").content.decode()


def test_a_page_opened_on_an_empty_desk_hears_the_first_message_after_a_reconnect(web, make_conv, live_on, monkeypatch):
    from sellerdesk.channels.webchat.live import hub

    monkeypatch.setattr(hub, "try_open", lambda: False)
    conv = make_conv()
    first = write(conv, "the very first message")
    response = web.get("/live/?after=0")  # the page was drawn before it came
    assert body(response) == f'retry: 10000\n\nid: {first.pk}\ndata: {{"conversations": [{conv.pk}], "newest": [{first.pk}]}}\n\n'
    assert body(web.get("/live/")) == "retry: 10000\n\n"  # no starting point: nothing to catch up


def test_the_feeds_start_comes_with_the_navigation_badges(web, make_conv, live_on, django_assert_num_queries):
    from tests.web.test_page_queries import INBOX_MIXED_PAGE  # one conversation, no deadline: both walks

    conv = make_conv()
    write(conv, "hello")
    web.get("/")
    # The same queries with the live feed on as off: its start id is read in the badges' query.
    with django_assert_num_queries(INBOX_MIXED_PAGE):
        html = web.get("/").content.decode()
    assert 'id="live-feed"' in html
