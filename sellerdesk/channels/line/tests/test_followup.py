"""After a LINE delivery is stored: the buyer's profile names the customer, files are downloaded
(later when LINE is still preparing them), follows and unfollows are remembered, and a buyer who
writes a known email address joins that customer."""

from __future__ import annotations

import base64
import datetime as dt

from sellerdesk.channels import chat
from sellerdesk.channels.line.tests.conftest import make_account, post
from sellerdesk.channels.line.tests.fakes import SENT, USER_ID
from sellerdesk.channels.models import RawDelivery
from sellerdesk.conversations.actions import send_reply
from sellerdesk.conversations.models import Attachment, Conversation, Event, Message
from sellerdesk.conversations.tasks import deliver
from sellerdesk.customers.models import Customer, CustomerMerge, Identity
from sellerdesk.lib import clock
from tests.channels.webhookkit import run_worker

LATER = SENT + dt.timedelta(seconds=5)
PROFILE = f"GET /v2/bot/profile/{USER_ID}"
SATO = {"json": {"userId": USER_ID, "displayName": "佐藤 花", "language": "ja", "pictureUrl": "https://profile.line-scdn.net/x"}}
PDF = b"%PDF-1.7 receipt"


def receive(client, account, *names):
    for name in names:
        assert post(client, account, name).status_code == 200
    run_worker(LATER)
    with clock.frozen(LATER):
        return [chat.run(pk) for pk in RawDelivery.objects.order_by("pk").values_list("pk", flat=True)]


def test_profile_names_the_customer_and_the_file_is_downloaded(client, db, api):
    server = api({PROFILE: [SATO], "GET /v2/bot/message/444573844083572739/content": [
        {"base64": base64.b64encode(PDF).decode(), "content_type": "application/pdf"}]})
    receive(client, make_account(server=server), "file.json")
    customer = Customer.objects.get()
    assert (customer.name, customer.language) == ("佐藤 花", "ja")
    assert Message.objects.get().sender_name == "佐藤 花"
    attachment = Attachment.objects.get()
    assert (attachment.filename, attachment.content_type, bytes(attachment.data)) == ("receipt.pdf", "application/pdf", PDF)
    assert Event.objects.get(kind="customer_profile_fetched").data == {"customer": customer.pk, "channel": "line", "name": "佐藤 花", "language": "ja"}


def test_content_still_being_prepared_is_fetched_later(client, db, api):
    server = api({PROFILE: [SATO], "GET /v2/bot/message/444573844083572738/content": [{"status": 202, "text": ""}]})
    assert receive(client, make_account(server=server), "image.json") == ["retrying"]
    assert (Attachment.objects.count(), Message.objects.get().error) == (0, "")


def test_content_gone_is_shown_on_the_message(client, db, api):
    server = api({PROFILE: [SATO], "GET /v2/bot/message/444573844083572738/content": [{"status": 404, "json": {"message": "Not found"}}]})
    receive(client, make_account(server=server), "image.json")
    assert Message.objects.get().error == "image not downloaded: LINE content download refused: HTTP 404: Not found"
    assert Conversation.objects.get().has_problem is True


def test_buyer_writing_a_known_email_joins_that_customer(client, db, api):
    server = api({PROFILE: [SATO]})
    known = Customer.objects.create(name="Hana Sato", email="hana.sato@example.jp", created_at=SENT)
    Identity.objects.create(customer=known, kind="email", value="hana.sato@example.jp")
    receive(client, make_account(server=server), "follow_then_text.json")
    merge = CustomerMerge.objects.get()
    assert (merge.target_id, merge.reason) == (known.pk, "LINE buyer named email hana.sato@example.jp")
    assert Conversation.objects.get().customer_id == known.pk
    assert Identity.objects.get(value=f"line:{USER_ID}").customer_id == known.pk
    known.refresh_from_db()
    # Its own name kept; the empty language filled from the chat customer's, which the English
    # message set before the profile came (a profile fills only what is empty).
    assert (known.name, known.language) == ("Hana Sato", "en")


def test_unfollow_refuses_later_replies(client, db, api, agent):
    server = api({PROFILE: [SATO]})
    account = make_account(server=server)
    receive(client, account, "follow_then_text.json", "unfollow.json")
    assert list(Event.objects.filter(kind__in=["buyer_followed", "buyer_unfollowed"]).order_by("pk").values_list("kind", flat=True)) == [
        "buyer_followed", "buyer_unfollowed"]
    with clock.frozen(SENT + dt.timedelta(minutes=5)):
        reply = send_reply(Conversation.objects.get(), agent, "ご連絡ありがとうございます。")
        assert deliver(reply.pk) == "failed"
    reply.refresh_from_db()
    assert reply.error.startswith("the buyer unfollowed (or blocked) the LINE account on 2025-11-04 09:13 UTC")
    assert [r["path"] for r in server.requests()] == [f"/v2/bot/profile/{USER_ID}"]
