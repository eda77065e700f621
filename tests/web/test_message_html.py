"""Messages written in Python (web/message_html.py) are the markup of web/_message.html, byte for byte,
for every kind of message; messages with numbers or claim boxes are left to the template."""

from __future__ import annotations

import datetime as dt

import pytest
from django.template.loader import get_template
from django.utils import timezone, translation

from sellerdesk.conversations.models import Attachment, Message
from sellerdesk.web.thread import get_conversation, page_context
from tests.web.conftest import T0, make_agent

M = dt.timedelta(minutes=1)


def _message(conv, i, **fields):
    values = dict(conversation=conv, account=conv.account, direction="in", sender="b@x.example", body_text=f"Text {i}",
                  sent_at=T0 + i * M, created_at=T0 + i * M)
    values.update(fields)
    return Message.objects.create(**values)


@pytest.fixture
def thread(make_conv, db):
    anna = make_agent("anna2", name="Anna <S>")
    conv = make_conv("Lamp", channel="ebay", marketplace="DE")
    _message(conv, 0, sender_name="Jane & Co", body_text="Hello <b>there</b>\nsecond line")
    _message(conv, 1, sender_name="", body_text="", body_full="", body_html="<p>Only <img src='http://x'> HTML</p>")
    _message(conv, 2, body_text="", body_full="")  # no text at all
    _message(conv, 3, body_text="Short", body_full="Short\n\n> quoted\n-- \nsig", error="malformed header\nline two",
             flags=["charset-fallback", "read"])
    _message(conv, 4, direction="out", author=anna, sender_name="Shop", recipients=["b@x.example", "<c>@x.example"],
             delivery_status="failed", error="550 mailbox full", flags=["delivered"], body_text="Sorry!")
    _message(conv, 5, direction="out", author=None, sender_name="Auto shop", recipients=[], delivery_status="queued",
             error="timeout", is_automated=True, body_text="We got it")
    _message(conv, 6, direction="note", author=anna, body_text="internal: check stock")
    _message(conv, 7, direction="in", is_automated=True, body_text="Case opened: item_not_received")  # a platform notice
    with_files = _message(conv, 8, body_text="photos attached")
    Attachment.objects.create(message=with_files, filename="lamp <1>.jpg", content_type="image/jpeg", size=123456, data=b"x")
    Attachment.objects.create(message=with_files, filename="", content_type="image/png", size=10, data=b"y")
    _message(conv, 9, body_text="My order 302-1234567-1234567 please")  # numbers: the template draws it
    return conv


@pytest.mark.parametrize("language", ["en", "zh-hans"])
@pytest.mark.parametrize("translation_on", [True, False])
def test_drawn_messages_are_the_templates_markup(thread, now, settings, language, translation_on, monkeypatch):
    monkeypatch.setattr("sellerdesk.web.thread.translation_configured", lambda: translation_on)
    template = get_template("web/_message.html")
    with translation.override(language), timezone.override("Asia/Shanghai"):
        context = page_context(get_conversation(thread.pk), now)
        drawn = [e for e in context["thread"] if e.get("drawn")]
        assert len(drawn) == 9 and len(context["thread"]) == 10
        assert not context["thread"][-1].get("drawn")  # the one naming an order number
        for e in context["thread"]:
            expected = template.render({"e": e, "conv": context["conv"], "translation_on": translation_on, "can_write": True})
            if e.get("drawn"):
                assert e["drawn"] == expected


def test_the_page_shows_both_kinds_in_order(thread, web, now):
    html = web.get(f"/conversations/{thread.pk}/").content.decode()
    ids = [m.pk for m in Message.objects.filter(conversation=thread).order_by("created_at", "id")]
    positions = [html.index(f'id="m{pk}"') for pk in ids]
    assert positions == sorted(positions)
    assert '<span class="from">Jane &amp; Co</span> <span class="addr">&lt;b@x.example&gt;</span>' in html
    assert '<ul class="numbers"' in html
