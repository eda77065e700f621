"""Problems: failed raw deliveries (visible, readable, processed again) and replies that failed."""

import datetime as dt

from django.test import Client

from sellerdesk.channels.models import RawDelivery
from sellerdesk.conversations.models import Conversation, Message
from tests.web.conftest import T0

GOOD_MAIL = b"From: Jane Buyer <jane@buyer.example>\r\nSubject: Lid is broken\r\nMessage-ID: <lid-1@buyer.example>\r\n\r\nThe lid arrived broken.\r\n"


def _failed(account, external_id, body, error, minutes_ago):
    return RawDelivery.objects.create(
        channel="email", account=account, external_id=external_id, body=body, status="failed", error=error,
        attempts=1, received_at=T0 - dt.timedelta(minutes=minutes_ago),
    )


def test_failed_deliveries_newest_first_with_their_error(web, email_account, now):
    old = _failed(email_account, "<old@x>", b"x", "malformed: no From header", 60)
    new = _failed(email_account, "<new@x>", b"y", "malformed: bad charset", 5)
    RawDelivery.objects.create(channel="email", account=email_account, external_id="<ok@x>", body=b"z", status="processed", received_at=T0)
    response = web.get("/problems/")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.index(f'id="raw-{new.pk}"') < html.index(f'id="raw-{old.pk}"')
    assert 'id="raw-' + str(old.pk + 2) not in html
    assert '<p class="error">malformed: bad charset</p>' in html
    assert "<span>Support</span>" in html
    assert "<time>11/23/2026 7:55 p.m.</time>" in html  # agent's zone, Asia/Shanghai
    assert '<span class="badge" id="problem-count" title="Failed deliveries and failed replies">2</span>' in html


def test_raw_bytes_are_shown_decoded_with_replacement(web, email_account, now):
    raw = _failed(email_account, "<bin@x>", b"Subject: caf\xe9 <b>\r\n\r\nbody", "malformed: no From header", 1)
    response = web.get(f"/problems/deliveries/{raw.pk}/", HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert '<pre class="raw">Subject: caf\ufffd &lt;b&gt;\r\n\r\nbody</pre>' in response.content.decode()
    full = web.get(f"/problems/deliveries/{raw.pk}/").content.decode()
    assert "<h1>Raw delivery #%d</h1>" % raw.pk in full


def test_process_again_turns_a_fixed_delivery_into_a_conversation(web, email_account, now):
    raw = _failed(email_account, "<lid-1@buyer.example>", GOOD_MAIL, "malformed: parser bug", 1)
    response = web.post(f"/problems/deliveries/{raw.pk}/process/", HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert response.content.decode().strip() == '<span class="ok-text">✓ Processed.</span>'
    raw.refresh_from_db()
    assert (raw.status, raw.error, raw.attempts) == ("processed", "", 1)
    conv = Conversation.objects.get()
    assert conv.subject == "Lid is broken"
    assert Message.objects.get().body_text == "The lid arrived broken."


def test_process_again_shows_the_new_error(web, email_account, now):
    raw = _failed(email_account, "<bad@x>", b"Subject: x\r\n\r\nno sender", "malformed: no From header", 1)
    response = web.post(f"/problems/deliveries/{raw.pk}/process/", HTTP_HX_REQUEST="true")
    assert response.content.decode().strip() == (
        '<span class="error-text">Failed again: malformed: no From header, and no Sender, Reply-To or Return-Path to take it from</span>')
    assert Conversation.objects.count() == 0


def test_failed_replies_are_listed(web, make_conv, now):
    conv = make_conv("Wrong colour")
    msg = Message.objects.create(
        conversation=conv, account=conv.account, direction="out", body_text="Sorry", recipients=["jane@buyer.example"],
        delivery_status="failed", error="550 5.1.1 recipient address rejected", sent_at=T0, created_at=T0,
    )
    Message.objects.create(conversation=conv, account=conv.account, direction="out", body_text="ok", delivery_status="sent", sent_at=T0, created_at=T0)
    html = web.get("/problems/").content.decode()
    assert f'<a href="/conversations/{conv.pk}/#m{msg.pk}">Wrong colour</a>' in html
    assert '<p class="error">550 5.1.1 recipient address rejected</p>' in html
    assert html.count('<article class="problem-card" id="msg-') == 1
    assert '<span class="badge" id="problem-count" title="Failed deliveries and failed replies">1</span>' in html


def test_no_problems(web, now):
    html = web.get("/problems/").content.decode()
    assert "Nothing failed. Every delivery was processed." in html
    assert 'id="problem-count"' not in html


def test_read_only_cannot_process_again(email_account, now):
    from tests.web.conftest import make_agent

    raw = _failed(email_account, "<r@x>", GOOD_MAIL, "e", 1)
    client = Client()
    client.force_login(make_agent("viewer", role="readonly"))
    assert client.post(f"/problems/deliveries/{raw.pk}/process/").status_code == 403
    assert RawDelivery.objects.get(pk=raw.pk).status == "failed"
