"""Finding 8: answers to hostile request parameters — no reflected HTML, no server errors."""

import base64

from django.test import Client

from sellerdesk.api import tokens
from sellerdesk.channels.models import ChannelAccount
from sellerdesk.conversations.models import Attachment, Conversation, Message
from sellerdesk.customers.models import Customer
from sellerdesk.lib import clock
from sellerdesk.replies.models import GlossaryEntry

PAYLOAD = '<script>alert("x")</script>'


def test_language_switch_does_not_reflect_html(db):
    response = Client().post("/language/", {"language": PAYLOAD})
    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert b"<script>" not in response.content
    assert response.content.decode() == "Unknown language; choose one of en, zh-hans."


def test_glossary_delete_with_a_non_numeric_id_is_refused_not_a_server_error(web):
    entry = GlossaryEntry.objects.create(source_language="en", term="refund", target_language="de", translation="Erstattung")
    response = web.post("/replies/glossary/", {"delete": "1 OR 1=1"})
    assert response.status_code == 404
    assert GlossaryEntry.objects.filter(pk=entry.pk).exists()


def _conversation():
    account = ChannelAccount.objects.create(kind="email", name="Support", address="support@shop.example")
    customer = Customer.objects.create(name="Jane", email="jane@buyer.example", created_at=clock.now())
    return Conversation.objects.create(channel="email", account=account, customer=customer, subject="Hello",
                                       created_at=clock.now(), last_message_at=clock.now())


def test_api_refuses_a_content_type_with_line_breaks(agent):
    conv = _conversation()
    _, key = tokens.issue(agent, "attack", ["read", "reply"])
    api = Client(HTTP_AUTHORIZATION=f"Bearer {key}")
    payload = {"text": "Here is the label.", "files": [{
        "filename": "label.txt", "content_type": "text/plain\r\nSet-Cookie: sessionid=stolen",
        "data_base64": base64.b64encode(b"label").decode()}]}
    response = api.post(f"/api/v1/conversations/{conv.pk}/reply", payload, content_type="application/json")
    assert response.status_code == 422
    assert Message.objects.filter(conversation=conv).count() == 0


def test_attachment_with_a_broken_content_type_downloads_as_bytes(web):
    conv = _conversation()
    message = Message.objects.create(conversation=conv, account=conv.account, direction=Message.Direction.INBOUND,
                                     sender="jane@buyer.example", body_text="see file", sent_at=clock.now(),
                                     created_at=clock.now())
    file = Attachment.objects.create(message=message, filename="x.txt", content_type="text/html\r\nSet-Cookie: a=b",
                                     size=5, data=b"hello")
    response = web.get(f"/attachments/{file.pk}/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/octet-stream"
    assert "Set-Cookie" not in response.headers
    assert response.content == b"hello"
