"""Two agents on one conversation, and one action on many conversations."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from django.test import Client

from sellerdesk.conversations.models import Conversation, Event, Message
from sellerdesk.replies.models import ReplyTemplate
from tests.web.conftest import T0, make_agent


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()


@pytest.fixture
def li(db):
    return make_agent("li", name="Li Qiang")


def client_of(user):
    c = Client()
    c.force_login(user)
    return c


def test_viewing_and_replying_are_shown_to_the_other(web, li, make_conv):
    conv = make_conv()
    other = client_of(li)
    assert web.post(f"/conversations/{conv.pk}/presence/").content.decode().strip() == ""
    other.post(f"/conversations/{conv.pk}/presence/", {"text": ""})
    answer = web.post(f"/conversations/{conv.pk}/presence/").content.decode()
    assert '<span class="presence presence-viewing" role="status">Li Qiang is viewing</span>' in answer
    other.post(f"/conversations/{conv.pk}/presence/", {"text": "Dear Jane, "})
    assert "Li Qiang is replying" in web.post(f"/conversations/{conv.pk}/presence/").content.decode()
    other.post("/language/", {"language": "zh-hans"})
    assert "Anna Schmidt 正在查看" in other.post(f"/conversations/{conv.pk}/presence/").content.decode()
    page = web.get(f"/conversations/{conv.pk}/").content.decode()
    assert f'hx-post="/conversations/{conv.pk}/presence/" hx-trigger="load, every 10s"' in page


def test_warning_before_sending_when_someone_replied_meanwhile(web, agent, li, make_conv, email_account):
    conv = make_conv()
    Message.objects.create(conversation=conv, account=email_account, direction="in", sender="jane@buyer.example", body_text="Hi",
                           external_id="<in1@buyer.example>", sent_at=T0, created_at=T0)
    page = web.get(f"/conversations/{conv.pk}/").content.decode()
    seen = re.search(r'name="seen_upto" value="(\d+)"', page).group(1)
    client_of(li).post(f"/conversations/{conv.pk}/reply/", {"text": "It ships today.", "seen_upto": seen})
    refused = web.post(f"/conversations/{conv.pk}/reply/", {"text": "It ships tomorrow.", "seen_upto": seen})
    assert refused.status_code == 422
    html = refused.content.decode()
    assert "Li Qiang replied meanwhile: read it above, then press Send again to send yours anyway." in html
    assert "It ships tomorrow." in html  # the text is kept
    assert Message.objects.filter(direction="out").count() == 1
    seen_now = re.search(r'name="seen_upto" value="(\d+)"', html).group(1)
    assert web.post(f"/conversations/{conv.pk}/reply/", {"text": "It ships tomorrow.", "seen_upto": seen_now}).status_code == 302
    assert Message.objects.filter(direction="out").count() == 2


def test_bulk_assign_snooze_resolve(web, agent, li, make_conv):
    a, b, c = make_conv("A"), make_conv("B"), make_conv("C")
    page = web.get("/bulk/").content.decode()
    assert page.count('name="ids"') == 3
    web.post("/bulk/apply/", {"ids": [a.pk, b.pk], "action": "assign", "assignee": li.pk})
    assert list(Conversation.objects.order_by("pk").values_list("assignee", flat=True)) == [li.pk, li.pk, None]
    assert Event.objects.filter(kind="assigned", actor=agent).count() == 2
    web.post("/bulk/apply/", {"ids": [c.pk], "action": "snooze", "snooze": "4h"})
    web.post("/bulk/apply/", {"ids": [a.pk, b.pk], "action": "resolve"})
    assert list(Conversation.objects.order_by("pk").values_list("status", flat=True)) == ["resolved", "resolved", "snoozed"]
    response = web.post("/bulk/apply/", {"ids": [a.pk], "action": "resolve"}, follow=True)
    assert f"#{a.pk} skipped: already resolved" in response.content.decode()


def test_macro_sends_a_filled_template_then_resolves_and_assigns(web, agent, li, make_conv, email_account):
    convs = [make_conv(f"Order {i}") for i in range(2)]
    for i, conv in enumerate(convs):
        Message.objects.create(conversation=conv, account=email_account, direction="in", sender="jane@buyer.example", body_text="Hi",
                               external_id=f"<in{i}@buyer.example>", sent_at=T0, created_at=T0)
    template = ReplyTemplate.objects.create(key="macro-test", language="en", category="thanks", title="Thanks",
                                            body="Hello {{ customer_first_name }}, thank you!", created_at=T0, updated_at=T0)
    web.post("/bulk/apply/", {"ids": [c.pk for c in convs], "action": "macro", "template": template.pk, "status": "resolved",
                              "assignee": li.pk})
    sent = list(Message.objects.filter(direction="out").order_by("id").values_list("conversation", "body_text"))
    assert sent == [(convs[0].pk, "Hello Jane, thank you!"), (convs[1].pk, "Hello Jane, thank you!")]
    assert list(Conversation.objects.order_by("pk").values_list("status", "assignee")) == [("resolved", li.pk), ("resolved", li.pk)]


def test_macro_skips_a_conversation_the_template_cannot_fill(web, make_conv, email_account):
    conv = make_conv()
    Message.objects.create(conversation=conv, account=email_account, direction="in", sender="jane@buyer.example", body_text="Hi",
                           external_id="<in9@buyer.example>", sent_at=T0, created_at=T0)
    template = ReplyTemplate.objects.create(key="needs-order", language="en", category="thanks", title="Tracking",
                                            body="Your parcel: {{ tracking_number }}", created_at=T0, updated_at=T0)
    response = web.post("/bulk/apply/", {"ids": [conv.pk], "action": "macro", "template": template.pk}, follow=True)
    assert f"#{conv.pk} skipped: the template needs tracking_number for this conversation" in response.content.decode()
    assert not Message.objects.filter(direction="out").exists()
