"""After a WhatsApp delivery is stored: files downloaded through the Graph API (a failure kept on
the message), replies shown with the message they quote, and status callbacks shown on our own
sent message — forward only, a failure with WhatsApp's reason."""

from __future__ import annotations

import base64
import datetime as dt

from sellerdesk.channels import chat
from sellerdesk.channels.models import RawDelivery
from sellerdesk.channels.whatsapp.tests.build_fixtures import OUR_WAMID, wamid
from sellerdesk.channels.whatsapp.tests.conftest import make_account, post
from sellerdesk.channels.whatsapp.tests.fakes import ACCESS_TOKEN, PHONE_NUMBER_ID, SENT
from sellerdesk.conversations.actions import send_reply
from sellerdesk.conversations.models import Attachment, Conversation, Event, Message
from sellerdesk.conversations.tasks import deliver
from sellerdesk.lib import clock
from tests.channels.webhookkit import run_worker

LATER = SENT + dt.timedelta(seconds=5)
JPEG = b"\xff\xd8\xff\xe0 fake jpeg"


def receive(client, account, *names, at=LATER):
    """POST the captures, process them, run each delivery's follow-up; the follow-ups' outcomes."""
    done = set(RawDelivery.objects.values_list("pk", flat=True))
    for name in names:
        assert post(client, account, name).status_code == 200
    run_worker(at)
    with clock.frozen(at):
        return [chat.run(pk) for pk in RawDelivery.objects.exclude(pk__in=done).order_by("pk").values_list("pk", flat=True)]


def test_picture_is_downloaded_through_its_url_with_the_token(client, db, api):
    files = api({"GET /v/t62.7118-24/3981_n.jpg": [{"base64": base64.b64encode(JPEG).decode(), "content_type": "image/jpeg"}]})
    graph = api({"GET /v21.0/1479537139650973": [{"json": {
        "url": f"{files.url}/v/t62.7118-24/3981_n.jpg?ccb=11-4&oh=01_Q5AaI&oe=68A1B2C3&_nc_sid=5e03e0", "mime_type": "image/jpeg",
        "sha256": "ZmFrZS1zaGEyNTY=", "file_size": 16, "id": "1479537139650973", "messaging_product": "whatsapp"}}]})
    account = make_account(server=graph)
    assert receive(client, account, "image.json") == ["done"]
    attachment = Attachment.objects.get()
    assert (attachment.filename, attachment.content_type, bytes(attachment.data)) == (
        "whatsapp-image-1479537139650973.jpg", "image/jpeg", JPEG)
    (download,) = files.requests()
    assert (download["query"], download["headers"]["Authorization"]) == ("ccb=11-4&oh=01_Q5AaI&oe=68A1B2C3&_nc_sid=5e03e0", f"Bearer {ACCESS_TOKEN}")
    assert receive(client, account, "image.json") == []  # a replay: stored once, nothing to follow up
    assert chat.run(RawDelivery.objects.get().pk) == "done"  # the follow-up run again: nothing fetched again
    assert (len(files.requests()), Attachment.objects.count()) == (1, 1)


def test_document_keeps_its_file_name(client, db, api):
    files = api({"GET /doc": [{"base64": base64.b64encode(b"%PDF-1.7").decode(), "content_type": "application/pdf"}]})
    graph = api({"GET /v21.0/873647839201847": [{"json": {"url": f"{files.url}/doc", "mime_type": "application/pdf"}}]})
    receive(client, make_account(server=graph), "document.json")
    assert list(Attachment.objects.values_list("filename", "content_type")) == [("invoice-1001.pdf", "application/pdf")]


def test_download_failure_keeps_the_message_and_flags_it(client, db, api):
    graph = api({"GET /v21.0/1479537139650973": [{"status": 400, "json": {"error": {
        "message": "Unsupported get request. Object with ID '1479537139650973' does not exist", "type": "GraphMethodException",
        "code": 100, "error_subcode": 33}}}]})
    assert receive(client, make_account(server=graph), "image.json") == ["done"]
    message = Message.objects.get()
    assert (message.body_text, Attachment.objects.count()) == ("[image] The box", 0)
    assert message.error == ("image not downloaded: WhatsApp media lookup refused: 100 Unsupported get request. Object with ID "
                             "'1479537139650973' does not exist: a parameter was refused")
    assert Conversation.objects.get().has_problem is True


def test_unreachable_graph_is_tried_again_later(client, db, api, monkeypatch):
    from sellerdesk.channels.whatsapp.client import WhatsAppClient

    monkeypatch.setattr(WhatsAppClient, "backoff", (0.0, 0.0, 0.0))
    graph = api({"GET /v21.0/1479537139650973": [{"status": 502, "text": "Bad Gateway"}]})
    assert receive(client, make_account(server=graph), "image.json") == ["retrying"]
    assert (Message.objects.get().error, Attachment.objects.count()) == ("", 0)


def test_a_reply_to_a_message_shows_the_quote(client, db, api):
    receive(client, make_account(server=api({})), "text.json", "reply_and_reaction.json")
    reply = Message.objects.get(external_id=f"whatsapp:msg:{wamid(12)}")
    assert (reply.body_text, reply.body_full) == ("Here is a photo of the damage", "> Order #1001 arrived damaged\n\nHere is a photo of the damage")


def _our_reply(client, account, agent):
    receive(client, account, "text.json")
    with clock.frozen(SENT + dt.timedelta(minutes=5)):
        reply = send_reply(Conversation.objects.get(), agent, "A new one ships today.")
        assert deliver(reply.pk) == "sent"
    return reply


def test_delivered_then_read_show_on_our_reply_and_never_go_back(client, db, api, agent):
    graph = api({f"POST /v21.0/{PHONE_NUMBER_ID}/messages": [{"json": {"messages": [{"id": OUR_WAMID}]}}]})
    account = make_account(server=graph)
    reply = _our_reply(client, account, agent)
    later = SENT + dt.timedelta(minutes=10)
    receive(client, account, "status_sent.json", "status_delivered.json", at=later)
    reply.refresh_from_db()
    assert (reply.delivery_status, reply.flags) == ("sent", ["delivered"])
    receive(client, account, "status_read.json", at=later)
    # a late "delivered" (Meta does not keep the order) changes nothing
    RawDelivery.objects.filter(external_id=f"whatsapp:status:{OUR_WAMID}:delivered").delete()
    receive(client, account, "status_delivered.json", at=later)
    reply.refresh_from_db()
    assert (reply.delivery_status, reply.flags) == ("sent", ["read"])
    assert list(Event.objects.filter(kind="message_receipt").values_list("data__status", flat=True)) == ["delivered", "read"]
    client.force_login(agent)
    page = client.get(f"/conversations/{reply.conversation_id}/").content.decode()
    assert '<span class="tag">Read</span>' in page


def test_failed_status_marks_our_reply_failed_with_the_reason(client, db, api, agent):
    graph = api({f"POST /v21.0/{PHONE_NUMBER_ID}/messages": [{"json": {"messages": [{"id": OUR_WAMID}]}}]})
    account = make_account(server=graph)
    reply = _our_reply(client, account, agent)
    receive(client, account, "status_failed.json", "status_read.json", at=SENT + dt.timedelta(minutes=10))
    reply.refresh_from_db()
    assert reply.delivery_status == "failed"
    assert reply.error == ("WhatsApp could not deliver it: 131047 Re-engagement message (Message failed to send because more than 24 hours "
                           "have passed since the customer last replied to this number.): more than 24 hours have passed since the "
                           "buyer's last message: only an approved template can reach them now")
    assert reply.flags == []
    assert Conversation.objects.get().has_problem is True


def test_a_failed_file_after_the_text_fails_the_reply_it_belongs_to(client, db, api, agent):
    from sellerdesk.channels.whatsapp.tests.build_fixtures import body, capture, value
    from sellerdesk.channels.whatsapp.tests.fakes import WA_ID
    from sellerdesk.conversations.actions import OutgoingFile
    from tests.channels.webhookkit import post as post_capture

    file_wamid = "wamid.HBgLMTY1MDU1NTEyMzQVAgARGBJGSUxFUEFSVDAwMDAwMDAwMQA="
    graph = api({f"POST /v21.0/{PHONE_NUMBER_ID}/messages": [{"json": {"messages": [{"id": OUR_WAMID}]}},
                                                             {"json": {"messages": [{"id": file_wamid}]}}],
                 f"POST /v21.0/{PHONE_NUMBER_ID}/media": [{"json": {"id": "7001"}}]})
    account = make_account(server=graph)
    receive(client, account, "text.json")
    with clock.frozen(SENT + dt.timedelta(minutes=5)):
        reply = send_reply(Conversation.objects.get(), agent, "Photo of the label below.",
                           files=[OutgoingFile("label.jpg", "image/jpeg", JPEG)])
        assert deliver(reply.pk) == "sent"
    failed = capture(body(value(statuses=[{"id": file_wamid, "status": "failed", "timestamp": str(int(SENT.timestamp()) + 400),
                                           "recipient_id": WA_ID, "errors": [{"code": 131053, "title": "Media upload error"}]}])))
    with clock.frozen(SENT + dt.timedelta(minutes=10)):
        assert post_capture(client, f"/hooks/whatsapp/{account.pk}/", failed).status_code == 200
    run_worker(SENT + dt.timedelta(minutes=10))
    with clock.frozen(SENT + dt.timedelta(minutes=10)):
        chat.run(RawDelivery.objects.order_by("-pk").values_list("pk", flat=True)[0])
    reply.refresh_from_db()
    assert (reply.external_id, reply.delivery_status) == (f"whatsapp:msg:{OUR_WAMID}", "failed")
    assert reply.error == ("WhatsApp could not deliver it: 131053 Media upload error: WhatsApp could not take the file we uploaded "
                           "(type or size)")
