"""The conversation page and the agent actions on it: every write goes through conversations.actions."""

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client

from sellerdesk.conversations.models import Attachment, Conversation, Event, Message
from sellerdesk.orders.models import Claim, Order
from tests.web.conftest import T0, make_agent

H = dt.timedelta(hours=1)


@pytest.fixture
def conv(make_conv, customer):
    order = Order.objects.create(platform="amazon", marketplace="US", number="112-3344556-7788990", customer=customer,
                                 currency="USD", total=Decimal("59.99"), items=[{"title": "Steel bottle", "quantity": 2}], created_at=T0)
    c = make_conv("Package never arrived", order=order, language="en", intent="delivery_issue", intent_confidence=0.87,
                  sentiment="negative", tier=1, urgency=80, urgency_reasons=["intent: delivery issue (87%)", "negative sentiment"],
                  next_deadline_at=T0 + 3 * H, deadline_kind="Amazon 24 h")
    Claim.objects.create(platform="amazon", kind="atoz", external_id="AZ-1", order=order, amount=Decimal("59.99"),
                         currency="USD", reason="Item not received", respond_by=T0 + 30 * H, created_at=T0)
    return c


def _message(conv, direction, text="", **fields):
    values = dict(conversation=conv, account=conv.account, direction=direction, body_text=text, body_full=text,
                  sent_at=T0, created_at=T0)
    values.update(fields)
    return Message.objects.create(**values)


def test_page_shows_thread_customer_order_claim_and_triage(web, conv, agent, now):
    inbound = _message(conv, "in", "Where is it?", body_full="Where is it?\n\n> On Monday you wrote:\n> shipped",
                       sender="jane@buyer.example", sender_name="Jane Buyer")
    Attachment.objects.create(message=inbound, filename="photo.jpg", content_type="image/jpeg", size=3, data=b"abc")
    _message(conv, "out", "It ships today.", author=agent, recipients=["jane@buyer.example"], delivery_status="sent")
    _message(conv, "out", "Second try", author=agent, recipients=["jane@buyer.example"], delivery_status="failed",
             error="550 5.1.1 recipient address rejected")
    _message(conv, "note", "Check the warehouse.", author=agent, delivery_status="sent")
    response = web.get(f"/conversations/{conv.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Package never arrived</h1>" in html
    assert '<span class="tl tl-amber" data-deadline="2026-11-23T23:00:00+08:00">3 h 0 min left</span>' in html
    assert '<span class="muted">Amazon 24 h · due 11/23/2026 11 p.m.</span>' in html
    assert '<article class="msg msg-inbound"' in html
    assert '<div class="body">Where is it?</div>' in html
    assert '<summary>Show full text (quoted and signature)</summary><div class="body">Where is it?\n\n&gt; On Monday you wrote:\n&gt; shipped</div>' in html
    att = Attachment.objects.get()
    assert f'<a href="/attachments/{att.pk}/">📎 photo.jpg</a> <span class="muted">3\xa0bytes</span>' in html
    assert '<span class="dlv dlv-sent" data-delivery="sent">Sent</span>' in html
    assert '<span class="dlv dlv-failed" data-delivery="failed">Failed</span>' in html
    assert '<p class="error">Not sent: 550 5.1.1 recipient address rejected</p>' in html
    assert '<article class="msg msg-note"' in html
    assert '<span class="kind">Internal note</span> <span class="from">Anna Schmidt</span>' in html
    assert f'<p class="big"><a href="/customers/{conv.customer_id}/" id="customer-link">Jane Buyer</a></p>' in html
    assert "<dt>Country</dt><dd>Germany</dd>" in html
    assert "<dt>Language</dt><dd>German</dd>" in html
    assert '<p class="big mono">112-3344556-7788990</p>' in html
    assert "<li>2 × Steel bottle</li>" in html
    assert "<h2>A-to-z Guarantee claim</h2>" in html
    assert '<span class="tl tl-green" data-deadline="2026-11-25T02:00:00+08:00">1 d 6 h left</span>' in html
    assert '<dd>Delivery issue <span class="muted">(87%)</span></dd>' in html
    assert "<dt>Sentiment</dt><dd>Negative</dd>" in html
    assert "<li>negative sentiment</li>" in html


def test_earlier_conversations_of_the_customer(web, conv, make_conv, now):
    old = make_conv("Old question", status="resolved")
    html = web.get(f"/conversations/{conv.pk}/").content.decode()
    assert f'<li><a href="/conversations/{old.pk}/">Old question</a> <span class="st st-resolved">Resolved</span>' in html


def test_missing_conversation_is_404(web, db):
    assert web.get("/conversations/999999/").status_code == 404


def test_html_only_message_is_sanitised(web, conv, now):
    _message(conv, "in", "", body_full="", body_html='<p onclick="x()">Hi <b>there</b><script>alert(1)</script><img src="https://t.example/p.gif"></p>')
    html = web.get(f"/conversations/{conv.pk}/").content.decode()
    assert '<div class="body html"><p>Hi <b>there</b></p></div>' in html
    assert "alert(1)" not in html


def _events(conv):
    return list(Event.objects.filter(conversation=conv).values_list("kind", flat=True).order_by("id"))


def test_reply_is_queued_and_waits_on_the_buyer(web, conv, agent, now):
    _message(conv, "in", "Where is it?", sender="jane@buyer.example", external_id="<m1@buyer.example>")
    response = web.post(f"/conversations/{conv.pk}/reply/", {"text": "It ships today.", "resolve": ""}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.strip().startswith('<div id="conv" class="conv"')
    assert '<p class="notice success" role="status">Reply queued for sending.</p>' in html
    assert '<span class="dlv dlv-queued" data-delivery="queued">Queued</span>' in html
    reply = Message.objects.get(direction="out")
    assert (reply.body_text, reply.author, reply.recipients, reply.delivery_status) == ("It ships today.", agent, ["jane@buyer.example"], "queued")
    assert Conversation.objects.get(pk=conv.pk).status == "pending"
    assert _events(conv) == ["reply_sent"]


def test_send_and_resolve(web, conv, now):
    response = web.post(f"/conversations/{conv.pk}/reply/", {"text": "Done.", "resolve": "1"})
    assert response.status_code == 302
    assert response["Location"] == f"/conversations/{conv.pk}/"
    assert Conversation.objects.get(pk=conv.pk).status == "resolved"
    assert Event.objects.get(conversation=conv).data == {"message_id": Message.objects.get().pk, "resolve": True}


def test_empty_reply_is_refused_inline_and_nothing_is_written(web, conv, now):
    response = web.post(f"/conversations/{conv.pk}/reply/", {"text": "   "}, HTTP_HX_REQUEST="true")
    assert response.status_code == 422
    assert '<p class="error" role="alert">The reply is empty.</p>' in response.content.decode()
    assert Message.objects.count() == 0
    assert _events(conv) == []


def test_action_errors_are_translated(web, conv, now):
    web.post("/language/", {"language": "zh-hans"})
    response = web.post(f"/conversations/{conv.pk}/reply/", {"text": ""}, HTTP_HX_REQUEST="true")
    assert response.status_code == 422
    assert '<p class="error" role="alert">回复内容为空。</p>' in response.content.decode()


def test_note(web, conv, agent, now):
    response = web.post(f"/conversations/{conv.pk}/note/", {"note": "Call the carrier."}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    note = Message.objects.get()
    assert (note.direction, note.body_text, note.author) == ("note", "Call the carrier.", agent)
    assert _events(conv) == ["note_added"]
    assert Conversation.objects.get(pk=conv.pk).status == "open"


def test_empty_note_is_refused(web, conv, now):
    response = web.post(f"/conversations/{conv.pk}/note/", {"note": ""}, HTTP_HX_REQUEST="true")
    assert response.status_code == 422
    assert '<p class="error" role="alert">The note is empty.</p>' in response.content.decode()


def test_assign_and_unassign(web, conv, agent, now):
    other = make_agent("yuki", name="Yuki Tanaka")
    response = web.post(f"/conversations/{conv.pk}/assign/", {"assignee": str(other.pk)}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "Assigned to Yuki Tanaka." in response.content.decode()
    assert Conversation.objects.get(pk=conv.pk).assignee == other
    web.post(f"/conversations/{conv.pk}/assign/", {"assignee": ""})
    assert Conversation.objects.get(pk=conv.pk).assignee is None
    assert list(Event.objects.filter(conversation=conv).values_list("kind", "data__assignee")) == [("assigned", other.pk), ("assigned", None)]


def test_assign_to_unknown_agent_is_refused(web, conv, now):
    response = web.post(f"/conversations/{conv.pk}/assign/", {"assignee": "424242"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 422
    assert '<p class="error" role="alert">Choose an agent from the list.</p>' in response.content.decode()
    assert _events(conv) == []


def test_resolve_and_reopen(web, conv, now):
    web.post(f"/conversations/{conv.pk}/resolve/")
    assert Conversation.objects.get(pk=conv.pk).status == "resolved"
    html = web.get(f"/conversations/{conv.pk}/").content.decode()
    assert f'hx-post="/conversations/{conv.pk}/reopen/"' in html
    web.post(f"/conversations/{conv.pk}/reopen/")
    assert Conversation.objects.get(pk=conv.pk).status == "open"
    assert _events(conv) == ["resolved", "conversation_reopened"]


@pytest.mark.parametrize(
    "data, until",
    [
        ({"preset": "1h"}, T0 + H),
        ({"preset": "4h"}, T0 + 4 * H),
        # 20:00 in Shanghai: tomorrow 9:00 there is 01:00 UTC.
        ({"preset": "tomorrow"}, dt.datetime(2026, 11, 24, 1, 0, tzinfo=dt.timezone.utc)),
        ({"preset": "custom", "until": "2026-11-25T10:30"}, dt.datetime(2026, 11, 25, 2, 30, tzinfo=dt.timezone.utc)),
    ],
)
def test_snooze(web, conv, now, data, until):
    response = web.post(f"/conversations/{conv.pk}/snooze/", data, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    conv.refresh_from_db()
    assert (conv.status, conv.snoozed_until) == ("snoozed", until)
    assert Event.objects.get(conversation=conv).data == {"until": until.isoformat()}


def test_snooze_in_the_past_is_refused(web, conv, now):
    response = web.post(f"/conversations/{conv.pk}/snooze/", {"preset": "custom", "until": "2026-11-20T10:00"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 422
    assert '<p class="error" role="alert">Snooze time must be in the future.</p>' in response.content.decode()
    assert Conversation.objects.get(pk=conv.pk).status == "open"


def test_custom_snooze_needs_a_time(web, conv, now):
    response = web.post(f"/conversations/{conv.pk}/snooze/", {"preset": "custom"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 422
    assert '<p class="error" role="alert">Pick a date and time.</p>' in response.content.decode()


def test_read_only_agents_cannot_write(conv, now):
    viewer = make_agent("viewer", role="readonly")
    client = Client()
    client.force_login(viewer)
    page = client.get(f"/conversations/{conv.pk}/").content.decode()
    assert 'id="reply-form"' not in page
    assert client.post(f"/conversations/{conv.pk}/reply/", {"text": "hi"}).status_code == 403
    assert client.post(f"/conversations/{conv.pk}/resolve/").status_code == 403
    assert _events(conv) == []


def test_attachment_download(web, conv, now):
    msg = _message(conv, "in", "see photo")
    att = Attachment.objects.create(message=msg, filename="Rechnung März.pdf", content_type="application/pdf", size=5, data=b"%PDF-")
    response = web.get(f"/attachments/{att.pk}/")
    assert response.status_code == 200
    assert response.content == b"%PDF-"
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == "attachment; filename*=utf-8''Rechnung%20M%C3%A4rz.pdf"


def test_attachment_needs_login(conv, now):
    msg = _message(conv, "in", "x")
    att = Attachment.objects.create(message=msg, filename="a.txt", content_type="text/plain", size=1, data=b"a")
    assert Client().get(f"/attachments/{att.pk}/").status_code == 302


def test_conversation_queries_do_not_grow_with_messages(web, conv, agent, make_conv, now, django_assert_num_queries):
    first = _message(conv, "in", "one", sender="jane@buyer.example")
    Attachment.objects.create(message=first, filename="a.txt", content_type="text/plain", size=1, data=b"a")
    web.get("/")  # the first request of a session records it (the Security page's list)
    # session, user with profile, security gate, the nav badges (problems and unread alerts in one query; with live
    # updates on, the newest message id where the live feed starts too), conversation (with whether it has claims), identities,
    # claims (this one has a claim; without, the list is not read: test_page_queries.py), earlier, messages,
    # attachments, agents, the CSAT survey, the order's shipments (tracking timeline); the newest message id
    # of the send warning comes from the thread read
    with django_assert_num_queries(13):
        assert web.get(f"/conversations/{conv.pk}/").status_code == 200
    for i in range(15):
        m = _message(conv, "out" if i % 2 else "note", f"text {i}", author=make_agent(f"a{i}"))
        Attachment.objects.create(message=m, filename=f"{i}.txt", content_type="text/plain", size=1, data=b"a")
        make_conv(f"earlier {i}")
    with django_assert_num_queries(13):
        html = web.get(f"/conversations/{conv.pk}/").content.decode()
    assert html.count('<article class="msg') == 16


def test_a_reply_the_platform_rules_block_is_refused_inline(web, amazon_account, customer, now):
    """Amazon buyer messages must not carry outside links: the refusal shows next to the reply box."""
    conv = Conversation.objects.create(channel="amazon", account=amazon_account, marketplace="US", customer=customer,
                                       subject="Where is it?", created_at=T0, last_message_at=T0)
    text = "Please order again at https://myshop.example/deal"
    response = web.post(f"/conversations/{conv.pk}/reply/", {"text": text}, HTTP_HX_REQUEST="true")
    assert response.status_code == 422
    html = response.content.decode()
    assert (
        '<p class="error" role="alert">Not sent: link to https://myshop.example/deal is not allowed on Amazon: '
        "only carrier tracking pages and Amazon order pages may be linked.</p>"
    ) in html
    assert f">{text}</textarea>" in html  # the agent's text is kept to fix it
    assert Message.objects.count() == 0
    assert _events(conv) == []


def test_a_blocked_reply_is_explained_in_the_agents_language(db, amazon_account, customer, now):
    """An agent whose UI speaks Chinese reads the rule's own Chinese reason, not the English one."""
    client = Client()
    client.force_login(make_agent("li"))
    client.post("/language/", {"language": "zh-hans"})
    conv = Conversation.objects.create(channel="amazon", account=amazon_account, marketplace="US", customer=customer,
                                       subject="Where is it?", created_at=T0, last_message_at=T0)
    response = client.post(f"/conversations/{conv.pk}/reply/", {"text": "Order again at https://myshop.example/deal"},
                           HTTP_HX_REQUEST="true")
    assert response.status_code == 422
    assert (
        '<p class="error" role="alert">未发送：Amazon 不允许链接 https://myshop.example/deal：只能链接承运商物流跟踪页面和亚马逊订单页面。</p>'
    ) in response.content.decode()
    assert Message.objects.count() == 0


def test_no_response_needed_resolves_and_flags_only_the_unanswered_messages(web, make_conv, agent, now):
    """A thank-you after our reply: the button resolves and leaves just that message out of the metrics."""
    conv = make_conv(next_deadline_at=T0 + dt.timedelta(hours=20), deadline_kind="Amazon 24 h")
    first = _message(conv, "in", "Where is my order?", created_at=T0 - dt.timedelta(hours=3))
    _message(conv, "out", "It ships today.", author=agent, created_at=T0 - dt.timedelta(hours=2), delivery_status="sent")
    thanks = _message(conv, "in", "Thanks a lot!", created_at=T0 - dt.timedelta(hours=1))

    response = web.post(f"/conversations/{conv.pk}/no-response/", HTTP_HX_REQUEST="true")

    assert response.status_code == 200
    assert "Resolved; the buyer&#x27;s messages are marked as needing no response." in response.content.decode()
    conv.refresh_from_db()
    assert (conv.status, conv.next_deadline_at) == ("resolved", None)
    assert Message.objects.get(pk=thanks.pk).flags == ["no_response_needed"]
    assert Message.objects.get(pk=first.pk).flags == []
    assert list(Event.objects.filter(conversation=conv).values_list("kind", "data")) == [
        ("resolved", {"no_response_needed": [thanks.pk]})
    ]
    response = web.post(f"/conversations/{conv.pk}/no-response/", HTTP_HX_REQUEST="true")
    assert response.status_code == 422
    assert "No buyer message is waiting for an answer." in response.content.decode()


def test_reply_with_files_stores_them_for_sending(web, conv, now):
    from django.core.files.uploadedfile import SimpleUploadedFile

    _message(conv, "in", "Photo of the label please", sender="jane@buyer.example")
    label = SimpleUploadedFile("label 退货.pdf", b"%PDF-1.4 label", content_type="application/pdf")
    photo = SimpleUploadedFile("box.jpg", b"\xff\xd8\xff jpeg", content_type="image/jpeg")
    response = web.post(f"/conversations/{conv.pk}/reply/", {"text": "Here is the label.", "files": [label, photo]},
                        HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    reply = Message.objects.get(direction="out")
    assert list(reply.attachments.order_by("id").values_list("filename", "content_type", "size")) == [
        ("label 退货.pdf", "application/pdf", 14), ("box.jpg", "image/jpeg", 8),
    ]
    assert Event.objects.get(conversation=conv, kind="reply_sent").data == {
        "message_id": reply.pk, "resolve": False, "files": ["label 退货.pdf", "box.jpg"],
    }
    assert 'name="files" multiple' in response.content.decode()


def test_files_amazon_forbids_or_too_big_are_refused(web, amazon_account, customer, now, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    conv = Conversation.objects.create(channel="amazon", account=amazon_account, marketplace="US", customer=customer,
                                       subject="Invoice?", created_at=T0, last_message_at=T0)
    script = SimpleUploadedFile("invoice.exe", b"MZ", content_type="application/octet-stream")
    response = web.post(f"/conversations/{conv.pk}/reply/", {"text": "Invoice attached.", "files": [script]}, HTTP_HX_REQUEST="true")
    assert response.status_code == 422
    assert "files of type .exe may not be attached" in response.content.decode()
    settings.REPLY_FILE_MAX_BYTES = 1024 * 1024
    big = SimpleUploadedFile("scan.pdf", b"%" * (1024 * 1024 + 1), content_type="application/pdf")
    response = web.post(f"/conversations/{conv.pk}/reply/", {"text": "Invoice attached.", "files": [big]}, HTTP_HX_REQUEST="true")
    assert response.status_code == 422
    assert '<p class="error" role="alert">Not sent: scan.pdf is larger than 1 MB.</p>' in response.content.decode()
    assert Message.objects.count() == 0
