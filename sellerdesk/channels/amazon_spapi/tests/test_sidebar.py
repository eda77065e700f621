"""The Amazon order buttons on a conversation, over HTTP as an agent, against the fake SP-API."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sellerdesk.channels import pipeline
from sellerdesk.channels.email.inbound import message_id_of
from sellerdesk.conversations.models import Conversation, Event
from sellerdesk.lib import clock
from sellerdesk.channels.amazon_spapi.tests.test_spapi import (BUYER, BUYER_JSON, GET_ORDER, ITEMS, ITEMS_PAGE_2, LWA, ORDER, ORDER_JSON, TOKEN,
                                                     account_for, review_routes)

MAIL = Path(__file__).resolve().parents[2] / "email" / "fixtures" / "amazon_us_inquiry.eml"


def amazon_conversation(email_account, when) -> Conversation:
    raw = MAIL.read_bytes()
    row, _ = pipeline.store_delivery(email_account, message_id_of(raw), raw, channel="email")
    with clock.frozen(when):
        pipeline.process(row.pk)
    return Conversation.objects.get()


def test_buttons_refresh_the_order(client, db, api, agent, email_account):
    now = dt.datetime(2026, 11, 4, 9, 15, tzinfo=dt.timezone.utc)
    conv = amazon_conversation(email_account, now)
    server = api({LWA: [TOKEN], GET_ORDER: [ORDER_JSON], ITEMS: [ITEMS_PAGE_2], BUYER: [BUYER_JSON]})
    account_for(server)
    client.force_login(agent)
    page = client.get(f"/conversations/{conv.pk}/").content.decode()
    assert "Refresh order from Amazon" in page and "Request a review" in page
    with clock.frozen(now):
        response = client.post(f"/channels/amazon_spapi/conversations/{conv.pk}/refresh-order/")
    assert response.status_code == 302
    conv.order.refresh_from_db()
    assert (conv.order.number, conv.order.status, conv.order.items[0]["sku"]) == (ORDER, "Shipped", "TEA-GREEN")


def test_review_outside_the_window_is_shown_to_the_agent(client, db, api, agent, email_account):
    later = dt.datetime(2026, 12, 15, 9, 0, tzinfo=dt.timezone.utc)
    conv = amazon_conversation(email_account, later)
    account_for(api(review_routes()))
    client.force_login(agent)
    with clock.frozen(later):
        response = client.post(f"/channels/amazon_spapi/conversations/{conv.pk}/request-review/")
    assert response.status_code == 422
    assert "A review can be requested from 2026-10-30 07:00 to 2026-11-28 06:59 UTC only." in response.content.decode()
    assert not Event.objects.filter(kind="amazon_review_requested").exists()


def test_without_sp_api_the_agent_is_told_it_is_not_configured(client, db, agent, email_account):
    conv = amazon_conversation(email_account, dt.datetime(2026, 11, 4, 9, 15, tzinfo=dt.timezone.utc))
    client.force_login(agent)
    response = client.post(f"/channels/amazon_spapi/conversations/{conv.pk}/refresh-order/")
    assert response.status_code == 422
    assert "not configured: Amazon SP-API needs the account (Channels → + Amazon SP-API)" in response.content.decode()


def test_no_buttons_on_other_orders(client, db, agent, email_account):
    conv = amazon_conversation(email_account, dt.datetime(2026, 11, 4, 9, 15, tzinfo=dt.timezone.utc))
    conv.order.platform = "shopify"
    conv.order.save()
    client.force_login(agent)
    assert "Refresh order from Amazon" not in client.get(f"/conversations/{conv.pk}/").content.decode()
    assert client.post(f"/channels/amazon_spapi/conversations/{conv.pk}/refresh-order/").status_code == 404


def test_admin_sets_up_sp_api_without_a_webhook(db):
    from sellerdesk.channels.amazon_spapi.tests.test_spapi import CLIENT_ID, CLIENT_SECRET, REFRESH_TOKEN
    from tests.channels.test_setup_pages import login

    from sellerdesk.channels.models import ChannelAccount

    admin = login("boss", "admin")
    assert "+ Amazon SP-API" in admin.get("/channels/").content.decode()
    response = admin.post("/channels/amazon_spapi/new/", {"name": "Amazon US", "address": "", "marketplace": "us", "is_active": "on",
                                                          "marketplace_id": "", "client_id": CLIENT_ID, "client_secret": CLIENT_SECRET,
                                                          "refresh_token": REFRESH_TOKEN})
    account = ChannelAccount.objects.get(kind="amazon_spapi")
    assert response.status_code == 302
    assert (account.marketplace, account.credentials) == ("US", {"client_id": CLIENT_ID, "client_secret": CLIENT_SECRET, "refresh_token": REFRESH_TOKEN})
    page = admin.get(f"/channels/amazon_spapi/{account.pk}/").content.decode()
    assert "webhook-url" not in page and REFRESH_TOKEN not in page
    assert f'href="/channels/amazon_spapi/{account.pk}/"' in admin.get("/channels/").content.decode()


def test_agent_messages_the_buyer_through_amazon(client, db, api, agent, email_account):
    import json

    from sellerdesk.channels.amazon_spapi.tests.test_spapi import MSG_ACTIONS, SEND_PATH, hal

    now = dt.datetime(2026, 11, 4, 9, 15, tzinfo=dt.timezone.utc)
    conv = amazon_conversation(email_account, now)
    server = api({LWA: [TOKEN], MSG_ACTIONS: [hal("unexpectedProblem")], "POST " + SEND_PATH.replace("confirmDeliveryDetails", "unexpectedProblem"): [
        {"status": 201, "json": {}}]})
    account_for(server)
    client.force_login(agent)
    with clock.frozen(now):
        refused = client.post(f"/channels/amazon_spapi/conversations/{conv.pk}/message/", {"action": "unexpectedProblem", "text": "Write to jane@shop-example.com"})
    assert refused.status_code == 422 and "is not allowed on Amazon" in refused.content.decode()
    text = "The carrier reports a delay of two days; your parcel is safe and on its way."
    with clock.frozen(now):
        response = client.post(f"/channels/amazon_spapi/conversations/{conv.pk}/message/", {"action": "unexpectedProblem", "text": text})
    assert response.status_code == 302
    sent = [r for r in server.requests() if r["method"] == "POST" and "/messages/" in r["path"]]
    assert [json.loads(r["body"]) for r in sent] == [{"text": text}]
    event = Event.objects.get(kind="amazon_message_sent")
    assert (event.conversation_id, event.actor_id, event.data["action"]) == (conv.pk, agent.pk, "unexpectedProblem")
    shown = conv.messages.get(pk=event.data["message_id"])
    assert (shown.direction, shown.delivery_status, shown.body_text, shown.author_id, shown.subject) == (
        "out", "sent", text, agent.pk, "Amazon: unexpectedProblem")
    assert text in client.get(f"/conversations/{conv.pk}/").content.decode()
    assert client.post(f"/channels/amazon_spapi/conversations/{conv.pk}/message/", {"action": "invoice", "text": text}).status_code == 422
