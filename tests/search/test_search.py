"""Search on SQLite (FTS5) through the intake, the actions that write text, and the inbox page."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from sellerdesk.conversations import actions
from sellerdesk.search import index
from tests.search.corpus import EXPECTED, found, receive_all


@pytest.fixture
def convs(email_account):
    return receive_all(email_account)


@pytest.mark.parametrize("query", list(EXPECTED))
def test_every_language_and_every_field_is_found(convs, query):
    assert found(query, convs) == EXPECTED[query]


def test_inbox_filters_apply_to_the_matches(convs):
    convs["parcel"].status = "resolved"
    convs["parcel"].save(update_fields=["status"])
    assert found("bottle", convs, status="open") == ["bottle"]
    assert found("bottle", convs, status="resolved") == ["parcel"]
    assert found("bottle", convs, channel="amazon") == []
    assert found("bottle", convs, channel="email") == ["bottle", "parcel"]


def test_replies_and_notes_are_found_once_written(convs, agent):
    actions.add_note(convs["de"], agent, "Kunde bekommt Ersatzflasche, Lagerplatz B7")
    actions.send_reply(convs["ja"], agent, "ご迷惑をおかけしました。交換品を発送します。")
    assert found("lagerplatz", convs) == ["de"]
    assert found("交換品", convs) == ["ja"]


def test_a_later_message_of_the_thread_is_found_and_counts_for_its_conversation(convs, email_account):
    from sellerdesk.conversations.intake import receive_message
    from tests.search.corpus import inbound

    later = inbound(50, "tom@buyer.example", "Tom Hill", "Re: Where is my parcel?", "The bottle arrived broken.", "")
    later.in_reply_to = "<search-4@buyer.example>"
    assert receive_message(email_account, later).conversation.pk == convs["parcel"].pk
    from sellerdesk.search.query import search

    hits = {h.conversation_id: h for h in search("bottle").hits}
    assert (hits[convs["parcel"].pk].score, len(hits[convs["parcel"].pk].message_ids)) == (2, 2)
    assert hits[convs["bottle"].pk].score == 4  # its subject (3) and its message (1)
    assert found("bottle", convs) == ["bottle", "parcel"]
    assert found("broken", convs) == ["parcel"]


def test_tracking_added_to_an_order_finds_its_conversation(convs):
    from sellerdesk.channels.base import OrderUpdate
    from sellerdesk.orders.actions import apply_order_update

    apply_order_update(OrderUpdate(platform="amazon", number="113-4455667-1234567",
                                   tracking=[{"id": "t1", "company": "UPS", "number": "1ZTRACK4242"}]))
    assert found("1ZTRACK4242", convs) == ["bottle"]


def test_an_erased_buyer_is_not_found_by_what_was_erased(convs, agent):
    from sellerdesk.privacy.erase import erase

    erase(convs["zh"].customer, actor=agent)
    assert found("退款", convs) == []
    assert found("李伟", convs) == []
    assert found("订单问题", convs) == []


def test_reindex_command_rebuilds_the_same_index(convs):
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("DELETE FROM search_message")
        cur.execute("DELETE FROM search_conversation")
    assert found("bottle", convs) == []
    call_command("search_reindex", verbosity=0)
    for query, expected in EXPECTED.items():
        assert found(query, convs) == expected, query


def test_inbox_shows_ranked_matches_with_marks(convs, client, agent):
    client.force_login(agent)
    html = client.get("/", {"q": "退款", "status": "all"}).content.decode()
    assert f'data-id="{convs["zh"].pk}"' in html
    assert "包裹还没有到，我想<mark>退款</mark>。" in html
    assert "1 matching conversation, best matches first" in html
    html = client.get("/", {"q": "bottle", "status": "all"}).content.decode()
    assert html.index(f'data-id="{convs["bottle"].pk}"') < html.index(f'data-id="{convs["parcel"].pk}"')
    assert "<b>Leaking <mark>bottle</mark></b>" in html
    assert "Please send a <mark>bottle</mark> of glue too." in html


def test_an_order_number_opens_its_conversation(convs, client, agent):
    client.force_login(agent)
    target = f"/conversations/{convs['bottle'].pk}/"
    response = client.get("/", {"q": " 113-4455667-1234567 "})
    assert (response.status_code, response["Location"]) == (302, target)
    response = client.get("/", {"q": "113-4455667-1234567"}, HTTP_HX_REQUEST="true")
    assert (response.status_code, response["HX-Redirect"]) == (204, target)
    # part of the number, or a number no order has: an ordinary search
    assert client.get("/", {"q": "4455667"}).status_code == 200
    assert client.get("/", {"q": "1Z999AA10123456784"}).status_code == 200


def test_index_batch_writes_conversations_and_messages(convs):
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("SELECT count(*) FROM search_message")
        assert cur.fetchone()[0] == 5
        cur.execute("SELECT count(*) FROM search_conversation")
        assert cur.fetchone()[0] == 5
    assert index.message_terms("Re: x", "body", "", "Re: x") == ["body"]
