"""Instagram webhooks over HTTP (Messenger's receiver, object "instagram"): direct messages,
story replies and mentions, pictures, echoes and read receipts, comments skipped with the
reason, replays, forgeries and malformed events stored and shown."""

from __future__ import annotations

import datetime as dt

from sellerdesk.channels.messenger.tests.conftest import capture, post
from sellerdesk.channels.messenger.tests.fakes import IG_ACCOUNT_ID, IGSID, SENT, VERIFY_TOKEN
from sellerdesk.channels.models import RawDelivery
from sellerdesk.conversations.models import Conversation, Message
from sellerdesk.customers.models import Identity
from tests.channels.webhookkit import assert_refused_as_malformed, run_worker
from tests.channels.webhookkit import post as post_capture

LATER = SENT + dt.timedelta(seconds=5)
MID = "aWdfZAG1faXRlbToxOklHTWVzc2FnZAUlEOjE3ODQxNDAwMDAwMDAwMDAxOjM0MDI4MjM2Njg0MTcxMDMwMTI0NDI1OTY0NjEzNzk"


def test_get_verification(client, ig_account):
    ok = client.get(f"/hooks/instagram/{ig_account.pk}/", {"hub.mode": "subscribe", "hub.verify_token": VERIFY_TOKEN,
                                                           "hub.challenge": "987654"})
    assert (ok.status_code, ok.content) == (200, b"987654")


def test_direct_message_opens_a_conversation(client, ig_account):
    assert post(client, ig_account, "text.json").status_code == 200
    run_worker(LATER)
    conv, msg = Conversation.objects.get(), Message.objects.get()
    assert (conv.channel, conv.thread_key) == ("instagram", f"instagram:{IGSID}")
    assert (msg.external_id, msg.sender, msg.body_text) == (f"instagram:mid:{MID}", IGSID, "Hi! Is the blue dress still available in size M?")
    assert list(Identity.objects.values_list("kind", "value")) == [("social", f"instagram:{IGSID}")]
    assert conv.deadlines.get(policy__key="window-meta-24h").due_at == SENT + dt.timedelta(hours=24)


def test_story_reply_mention_and_picture_read_as_text(client, ig_account):
    for name in ("story_reply.json", "story_mention.json", "image.json"):
        assert post(client, ig_account, name).status_code == 200
    run_worker(LATER)
    assert list(Message.objects.order_by("pk").values_list("body_text", flat=True)) == [
        "[story reply]\nDo you ship this to Canada?", "[story mention]", "[image]"]
    assert Conversation.objects.count() == 1


def test_comments_are_skipped_with_the_reason(client, ig_account):
    assert post(client, ig_account, "comment.json").status_code == 200
    run_worker(LATER)
    assert list(RawDelivery.objects.values_list("status", "error")) == [
        ("ignored", "Instagram comments and other page changes (not handled: direct messages only)")]


def test_replay_forgery_and_malformed(client, ig_account, agent):
    post(client, ig_account, "text.json")
    assert post(client, ig_account, "text.json").json()["duplicate"] is True
    forged = post(client, ig_account, "text_forged.json")
    assert (forged.status_code, forged.json()) == (401, {"error": "bad signature: X-Hub-Signature-256 does not match the body"})
    assert sorted(RawDelivery.objects.values_list("status", flat=True)) == ["received", "rejected"]
    RawDelivery.objects.all().delete()
    assert_refused_as_malformed(client, f"/hooks/instagram/{ig_account.pk}/", capture("text_without_mid.json", "instagram"), agent,
                                "body: entry.0.messaging.0.message.mid: Field required")


def test_page_delivery_on_the_instagram_endpoint_is_refused(client, ig_account):
    response = post_capture(client, f"/hooks/instagram/{ig_account.pk}/", capture("text.json", "messenger"))
    assert (response.status_code, response.json()["error"]) == (
        400, "malformed: object: the delivery is for 'page', this endpoint takes 'instagram'")
    assert IG_ACCOUNT_ID == ig_account.address
