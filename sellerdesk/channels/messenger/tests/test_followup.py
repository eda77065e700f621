"""After a Messenger delivery is stored: echoes of the page's messages (ours matched, another
tool's shown as our side, never twice), read receipts marking our messages read, files
downloaded (a dead link said under the message), the buyer's name, and a buyer who writes a
known email joining that customer."""

from __future__ import annotations

import base64
import datetime as dt

from sellerdesk.channels import chat
from sellerdesk.channels.messenger.tests.build_fixtures import from_buyer, from_page
from sellerdesk.channels.messenger.tests.conftest import make_account, post, post_signed
from sellerdesk.channels.messenger.tests.fakes import OTHER_APP_ID, PAGE_ID, PSID, SENT
from sellerdesk.channels.models import RawDelivery
from sellerdesk.conversations.actions import send_reply
from sellerdesk.conversations.models import Attachment, Conversation, Event, Message
from sellerdesk.conversations.tasks import deliver
from sellerdesk.customers.models import Customer, CustomerMerge, Identity
from sellerdesk.lib import clock
from tests.channels.webhookkit import run_worker

LATER = SENT + dt.timedelta(minutes=2)
PROFILE = f"GET /{PSID}"
JANE = {"json": {"first_name": "Jane", "last_name": "Doe", "id": PSID}}
MID_OUT = "m_9Out0reply00000000000000000000000000000000000000000000000000000009"
JPEG = b"\xff\xd8\xff\xe0 a parcel photo"


def follow_up(at=LATER) -> list[str]:
    """What the worker does: process the stored deliveries, then their follow-ups."""
    run_worker(at)
    with clock.frozen(at):
        return [chat.run(pk) for pk in RawDelivery.objects.order_by("pk").values_list("pk", flat=True)]


def test_profile_names_the_customer(client, db, api):
    server = api({PROFILE: [JANE]})
    post(client, make_account(server=server), "text.json")
    assert follow_up() == ["done"]
    assert Customer.objects.get().name == "Jane Doe"
    assert Message.objects.get().sender_name == "Jane Doe"
    (request,) = server.requests()
    assert request["query"] == "fields=first_name%2Clast_name"


def test_profile_refused_leaves_the_customer_unnamed(client, db, api):
    server = api({PROFILE: [{"status": 400, "json": {"error": {"message": "(#230) Requires pages_messaging permission", "code": 230}}}]})
    post(client, make_account(server=server), "text.json")
    assert follow_up() == ["done"]
    assert Customer.objects.get().name == ""


def test_files_are_downloaded_and_a_dead_link_is_shown(client, db, api):
    server = api({PROFILE: [JANE], "GET /cdn/parcel.jpg": [{"base64": base64.b64encode(JPEG).decode(), "content_type": "image/jpeg"}],
                  "GET /cdn/clip": [{"status": 403, "text": "URL signature expired"}]})
    account = make_account(server=server)
    post_signed(client, account, [from_buyer(PSID, PAGE_ID, message={"mid": "m_media1", "text": "see the box", "attachments": [
        {"type": "image", "payload": {"url": f"{server.url}/cdn/parcel.jpg?oh=1"}},
        {"type": "video", "payload": {"url": f"{server.url}/cdn/clip?oh=2"}}]})])
    assert follow_up() == ["done"]
    attachment = Attachment.objects.get()
    assert (attachment.filename, attachment.content_type, bytes(attachment.data), attachment.content_id) == (
        "parcel.jpg", "image/jpeg", JPEG, "messenger-media:m_media1:0")
    message = Message.objects.get()
    assert message.body_text == "see the box\n[image]\n[video]"
    assert message.error == "video not downloaded: Messenger file download refused: HTTP 403 (the link expired)"
    assert Conversation.objects.get().has_problem is True
    # Run again (a retry of the task): nothing fetched twice.
    with clock.frozen(LATER):
        chat.run(RawDelivery.objects.get().pk)
    assert Attachment.objects.count() == 1
    assert [r["path"] for r in server.requests()].count("/cdn/parcel.jpg") == 1


def test_echo_from_another_tool_is_shown_as_our_side_once(client, db, api):
    server = api({PROFILE: [JANE]})
    account = make_account(server=server)
    post(client, account, "text.json")
    post(client, account, "echo.json")
    post(client, account, "echo.json")  # a replay: one row, one message
    follow_up()
    follow_up()  # and the follow-up run twice: still one
    echo = Message.objects.get(direction="out")
    assert (echo.external_id, echo.body_text, echo.delivery_status, echo.flags, echo.sender, echo.sent_at) == (
        "messenger:mid:m_4Ec0echo00000000000000000000000000000000000000000000000000000004",
        "We have asked the carrier; you will hear from us tomorrow.", "sent", ["sent_elsewhere"], PAGE_ID, SENT + dt.timedelta(minutes=1))
    conv = Conversation.objects.get()
    assert (conv.first_response_at, conv.status) == (SENT + dt.timedelta(minutes=1), "pending")
    assert Event.objects.get(kind="reply_sent_elsewhere").data == {"message_id": echo.pk, "app_id": OTHER_APP_ID}
    assert Message.objects.count() == 2


def test_echo_of_our_own_reply_is_matched_not_added(client, agent, db, api):
    server = api({PROFILE: [JANE], "POST /me/messages": [{"json": {"recipient_id": PSID, "message_id": MID_OUT}}]})
    account = make_account(server=server)
    post(client, account, "text.json")
    follow_up(SENT + dt.timedelta(seconds=5))
    with clock.frozen(SENT + dt.timedelta(minutes=3)):
        reply = send_reply(Conversation.objects.get(), agent, "It is on its way.")
        assert deliver(reply.pk) == "sent"
    echo = from_page(PSID, PAGE_ID, 181_000, message={"mid": MID_OUT, "is_echo": True, "app_id": 1234567890,
                                                      "metadata": f"sellerdesk:{reply.pk}", "text": "It is on its way."})
    post_signed(client, account, [echo], at=SENT + dt.timedelta(minutes=3))
    follow_up(SENT + dt.timedelta(minutes=4))
    assert list(Message.objects.filter(direction="out").values_list("pk", "external_id")) == [(reply.pk, f"messenger:mid:{MID_OUT}")]
    assert not Event.objects.filter(kind="reply_sent_elsewhere").exists()


def test_echo_before_our_send_was_answered_still_matches_by_metadata(client, agent, db, api):
    server = api({PROFILE: [JANE]})
    account = make_account(server=server)
    post(client, account, "text.json")
    follow_up(SENT + dt.timedelta(seconds=5))
    with clock.frozen(SENT + dt.timedelta(minutes=3)):
        reply = send_reply(Conversation.objects.get(), agent, "It is on its way.")  # queued, not yet delivered
    echo = from_page(PSID, PAGE_ID, 181_000, message={"mid": MID_OUT, "is_echo": True, "metadata": f"sellerdesk:{reply.pk}",
                                                      "text": "It is on its way."})
    post_signed(client, account, [echo], at=SENT + dt.timedelta(minutes=3))
    follow_up(SENT + dt.timedelta(minutes=4))
    reply.refresh_from_db()
    assert (reply.external_id, Message.objects.filter(direction="out").count()) == (f"messenger:mid:{MID_OUT}", 1)


def test_read_receipt_marks_our_messages_read_up_to_the_watermark(client, db, api):
    server = api({PROFILE: [JANE]})
    account = make_account(server=server)
    post(client, account, "text.json")
    post(client, account, "echo.json")  # our side at SENT + 1 min
    late = from_page(PSID, PAGE_ID, 5_400_000, message={"mid": "m_late_echo", "is_echo": True, "text": "One more thing."})
    post_signed(client, account, [late])  # our side at SENT + 90 min, after the watermark
    post(client, account, "read.json")  # read up to SENT + 60 min
    follow_up(SENT + dt.timedelta(hours=3))
    assert dict(Message.objects.filter(direction="out").values_list("external_id", "flags")) == {
        "messenger:mid:m_4Ec0echo00000000000000000000000000000000000000000000000000000004": ["sent_elsewhere", "read"],
        "messenger:mid:m_late_echo": ["sent_elsewhere"]}
    assert Event.objects.filter(kind="buyer_read").count() == 1


def test_buyer_writing_a_known_email_joins_that_customer(client, db, api):
    server = api({PROFILE: [JANE]})
    known = Customer.objects.create(name="Jane Doe", email="jane.doe@example.com", created_at=SENT)
    Identity.objects.create(customer=known, kind="email", value="jane.doe@example.com")
    post(client, make_account(server=server), "batch.json")
    follow_up()
    merge = CustomerMerge.objects.get()
    assert (merge.target_id, merge.reason) == (known.pk, "Messenger buyer named email jane.doe@example.com")
    assert Identity.objects.get(value=f"messenger:{PSID}").customer_id == known.pk


def test_echo_of_a_later_part_without_metadata_is_ours(client, agent, db, api):
    server = api({PROFILE: [JANE], "POST /me/messages": [{"json": {"recipient_id": PSID, "message_id": MID_OUT}},
                                                         {"json": {"recipient_id": PSID, "message_id": "m_part_two"}}]})
    account = make_account(server=server)
    post(client, account, "text.json")
    follow_up(SENT + dt.timedelta(seconds=5))
    long_text = "a" * 2000 + "the second part"
    with clock.frozen(SENT + dt.timedelta(minutes=3)):
        reply = send_reply(Conversation.objects.get(), agent, long_text)
        assert deliver(reply.pk) == "sent"
    echo = from_page(PSID, PAGE_ID, 181_000, message={"mid": "m_part_two", "is_echo": True, "text": "the second part"})
    post_signed(client, account, [echo], at=SENT + dt.timedelta(minutes=3))
    follow_up(SENT + dt.timedelta(minutes=4))
    assert Message.objects.filter(direction="out").count() == 1
