"""The widget's endpoints over HTTP (Django's test client), the intake and the bot's turn."""

import json

import pytest

from sellerdesk.channels.models import RawDelivery
from sellerdesk.channels.webchat import bot
from sellerdesk.channels.webchat.models import ChatEvent, ChatVisitor
from sellerdesk.conversations.models import Conversation, Message

from .chatkit import STORE, process_waiting, say, start

pytestmark = pytest.mark.django_db


def test_other_origins_are_refused_before_anything_is_stored(client, chat):
    r = client.post(f"/chat/{chat.pk}/visitor", {"lang": "en"}, HTTP_ORIGIN="https://evil.example")
    assert r.status_code == 403
    assert "Access-Control-Allow-Origin" not in r
    assert ChatVisitor.objects.count() == 0
    token = start(client, chat)
    r = say(client, chat, token, "hello", origin="https://evil.example")
    assert r.status_code == 403
    assert RawDelivery.objects.count() == 0
    # A host name alone allows https on that host, not http, not other hosts' subdomains.
    assert client.get(f"/chat/{chat.pk}/config", HTTP_ORIGIN="https://shop.example").status_code == 200
    assert client.get(f"/chat/{chat.pk}/config", HTTP_ORIGIN="http://shop.example").status_code == 403
    assert client.get(f"/chat/{chat.pk}/config", HTTP_ORIGIN="https://a.shop.example").status_code == 403


def test_preflight_and_cors_headers_name_the_store_only(client, chat):
    r = client.options(f"/chat/{chat.pk}/messages", HTTP_ORIGIN=STORE, HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST")
    assert r.status_code == 204
    assert r["Access-Control-Allow-Origin"] == STORE
    assert r["Access-Control-Allow-Methods"] == "GET, POST"
    assert "Access-Control-Allow-Credentials" not in r
    r = client.get(f"/chat/{chat.pk}/config?lang=de-CH", HTTP_ORIGIN=STORE)
    assert r["Access-Control-Allow-Origin"] == STORE
    assert r.json()["greeting"] == "Hallo! Wie können wir helfen?"
    assert r.json()["online"] is False
    assert not r.cookies


def test_a_message_becomes_a_webchat_conversation_through_the_intake(client, chat):
    token = start(client, chat)
    r = say(client, chat, token, "Do you ship to Canada?", client_id="c1")
    assert r.status_code == 202, r.content
    assert r.json()["line"]["kind"] == "visitor"
    assert r.json()["line"]["text"] == "Do you ship to Canada?"
    assert not r.cookies
    raw = RawDelivery.objects.get()
    assert raw.channel == "webchat" and raw.status == "received"
    # The widget sends again after a network error: nothing new.
    again = say(client, chat, token, "Do you ship to Canada?", client_id="c1")
    assert again.status_code == 200 and again.json()["duplicate"] is True
    assert again.json()["line"]["id"] == r.json()["line"]["id"]
    assert RawDelivery.objects.count() == 1
    assert process_waiting() == ["processed"]
    conv = Conversation.objects.get()
    assert conv.channel == "webchat" and conv.account == chat
    visitor = ChatVisitor.objects.get()
    assert conv.thread_key == f"webchat:{visitor.key}"
    assert list(conv.messages.values_list("direction", "body_text")) == [("in", "Do you ship to Canada?")]
    # A second message joins the same conversation.
    say(client, chat, token, "And to Mexico?", client_id="c2")
    process_waiting()
    assert Conversation.objects.count() == 1
    assert conv.messages.count() == 2


def test_the_bot_hands_over_when_asked_for_a_person(client, chat):
    token = start(client, chat, lang="zh-CN")
    say(client, chat, token, "转人工", client_id="a", lang="zh-CN")
    process_waiting()
    raw = RawDelivery.objects.get()
    assert bot.turn(raw.pk) == "handed over"
    conv = Conversation.objects.get()
    note = conv.messages.get(direction="note")
    assert (note.body_text, note.flags) == ("Chat bot: handed over, the visitor asked for a person.", ["handover:asked"])
    line = ChatEvent.objects.get(kind="system")
    assert line.text == "目前没有客服在线。请留下您的邮箱，我们会通过邮件回复您。"
    assert conv.events.filter(kind="webchat_handover").count() == 1
    # Once with a person, the bot stays quiet.
    say(client, chat, token, "你好？", client_id="b", lang="zh-CN")
    process_waiting()
    assert bot.turn(RawDelivery.objects.order_by("-pk").first().pk) == "person"


def test_the_bots_hand_over_note_is_shown_in_each_agents_own_language(client, chat, settings):
    from django.core.management import call_command
    from django.test import Client

    from sellerdesk.conversations.models import Event

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    say(client, chat, start(client, chat), "The glass of the lamp came in pieces", client_id="a")
    process_waiting()
    conv = Conversation.objects.get()
    # What triage said, made certain: a calm message about a tier-1 topic.
    received = Event.objects.get(conversation=conv, kind="message_received")
    received.data.update(intent="damaged_defective", sentiment="neutral")
    received.save()

    assert bot.turn(RawDelivery.objects.get().pk) == "handed over"
    note = conv.messages.get(direction="note")
    assert (note.body_text, note.flags) == ("Chat bot: handed over, urgent topic (damaged_defective).", ["handover:urgent:damaged_defective"])
    call_command("createagent", "li", password="agent-password", name="Li", verbosity=0)
    agent = Client()
    assert agent.login(username="li", password="agent-password")
    page = agent.get(f"/conversations/{conv.pk}/").content.decode()
    assert "Chat bot: handed over, urgent topic (Damaged / defective)." in page
    agent.post("/language/", {"language": "zh-hans"})
    page = agent.get(f"/conversations/{conv.pk}/").content.decode()
    assert "聊天机器人：已转人工，紧急问题（破损 / 质量问题）。" in page
    assert "handover:" not in page and "Chat bot" not in page  # the flag is no warning; no English left


def test_bad_input_is_refused_with_the_reason(client, chat, settings):
    token = start(client, chat)
    assert say(client, chat, "x" * 10, "hi").status_code == 401
    assert say(client, chat, token, "").status_code == 400
    assert say(client, chat, token, "x" * 5001).json() == {"error": "text: at most 5000 characters", "field": "text"}
    assert client.post(f"/chat/{chat.pk}/identify", {"t": token, "email": "not an email"}, HTTP_ORIGIN=STORE).status_code == 400
    assert RawDelivery.objects.count() == 0
    # A token is valid for its own chat account only.
    from sellerdesk.channels.models import ChannelAccount

    other = ChannelAccount.objects.create(kind="webchat", name="Other", config={"domains": [STORE]})
    assert say(client, other, token, "hi").status_code == 401


def test_stored_deliveries_that_do_not_parse_are_failed_with_the_field(chat):
    from sellerdesk.channels import pipeline

    raw, _ = pipeline.store_delivery(chat, "webchat:x", json.dumps({"visitor": "short", "client_id": "1", "sent_at": "2026-12-01T00:00:00Z"}).encode())
    assert pipeline.process(raw.pk) == "failed"
    raw.refresh_from_db()
    assert raw.error == "malformed: visitor: String should have at least 32 characters"


def test_the_bot_takes_its_turns_in_one_task_queued_when_the_intake_commits(client, chat, django_capture_on_commit_callbacks):
    from django_tasks_db.models import DBTaskResult

    from sellerdesk.channels import pipeline
    from sellerdesk.channels.webchat.tasks import bot_turns

    token = start(client, chat, lang="it")
    say(client, chat, token, "Vorrei parlare con un operatore", client_id="a", lang="it")
    say(client, chat, token, "Grazie", client_id="b", lang="it")
    with django_capture_on_commit_callbacks(execute=True):
        assert pipeline.drain() == {"processed": 2}  # one batch, one transaction
    raws = list(RawDelivery.objects.order_by("pk").values_list("pk", flat=True))
    # The messages are in the inbox; the bot's turns wait in one task, behind the intake's run.
    queued = DBTaskResult.objects.filter(task_path__endswith="bot_turns")
    assert [t.args_kwargs["args"] for t in queued] == [[raws]]
    assert not ChatEvent.objects.filter(kind="system").exists()
    # A chat stored meanwhile queues a run of the intake: the bot's turns left wait behind it.
    with django_capture_on_commit_callbacks(execute=True):
        say(client, chat, token, "Ci siete?", client_id="c", lang="it")
    assert bot_turns.call(raws) == 1
    assert [t.args_kwargs["args"] for t in queued.order_by("enqueued_at")] == [[raws], [raws[1:]]]
    with django_capture_on_commit_callbacks(execute=True):
        assert pipeline.drain() == {"processed": 1}
    assert bot_turns.call(raws[1:]) == 1
    # The first hands over (asked for a person, no one online); the second finds a person has the chat.
    assert list(ChatEvent.objects.filter(kind="system").values_list("text", flat=True)) == [
        "Al momento nessuno del nostro team è in linea. Lasciaci la tua email e ti risponderemo via email."]


def test_the_bot_answers_from_the_faq_list_in_the_visitors_language(client, chat):
    from sellerdesk.faq import actions as faq_actions

    faq_actions.load_starter()
    token = start(client, chat, lang="de")
    say(client, chat, token, "Wie lange dauert der Versand in die Schweiz?", client_id="a", lang="de")
    process_waiting()
    assert bot.turn(RawDelivery.objects.get().pk) == "answered"
    line = ChatEvent.objects.get(kind="bot")
    assert line.text.endswith("Wenn Sie mit einem Menschen sprechen möchten, antworten Sie einfach mit MENSCH – jemand aus unserem Team meldet sich.")
    conv = Conversation.objects.get()
    assert conv.status == "pending"
    assert list(conv.messages.values_list("direction", "is_automated")) == [("in", False), ("out", True)]
    # "MENSCH", the answer's own word for a person, hands the chat over.
    say(client, chat, token, "MENSCH", client_id="b", lang="de")
    process_waiting()
    assert bot.turn(RawDelivery.objects.order_by("-pk").first().pk) == "handed over"
