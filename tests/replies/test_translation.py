"""Translation and LLM drafts against a local fake provider server (its own process), and the not-configured state."""

import json

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client

from sellerdesk.conversations.models import Event, Message
from sellerdesk.replies.models import GlossaryEntry, MessageTranslation
from tests.replies.conftest import T0
from tests.servers.fakehttp import FakeHttpServer

BUYER_TEXT = "Hallo, ich bin Jana Käufer. Meine Bestellung 302-1234567-1234567 ist nicht angekommen."


def login(username, ui="en"):
    call_command("createagent", username, password=f"pw-{username}-12345", name=username.title(), ui_language=ui, verbosity=0)
    c = Client()
    c.force_login(get_user_model().objects.get(username=username))
    return c


@pytest.fixture
def conv(make_amazon_conv):
    c = make_amazon_conv(language="de")
    Message.objects.create(conversation=c, account=c.account, direction="in", body_text=BUYER_TEXT, language="de",
                           sender="buyer@marketplace.amazon.de", sent_at=T0, created_at=T0)
    return c


@pytest.fixture
def fake():
    servers = []

    def start(routes):
        servers.append(FakeHttpServer(routes).start())
        return servers[-1]

    yield start
    for s in servers:
        s.stop()


def deepl(settings, server):
    settings.TRANSLATION_PROVIDER, settings.TRANSLATION_URL, settings.TRANSLATION_API_KEY = "deepl", server.url, "k-123"


def chat(settings, server):
    settings.TRANSLATION_PROVIDER, settings.TRANSLATION_URL, settings.TRANSLATION_MODEL = "openai", server.url + "/v1", "mt-small"
    settings.LLM_URL, settings.LLM_MODEL, settings.LLM_API_KEY = server.url + "/v1", "draft-small", "llm-key"


def test_not_configured_is_said_plainly(db, conv):
    web = login("anna")
    message = conv.messages.get()
    page = web.get(f"/conversations/{conv.pk}/").content.decode()
    assert f'hx-get="/replies/messages/{message.pk}/translation/"' not in page  # no button that leads nowhere
    html = web.get(f"/replies/messages/{message.pk}/translation/").content.decode()
    assert '<p class="muted">Translation is not configured.</p>' in html
    assert not MessageTranslation.objects.exists()
    response = web.post(f"/replies/conversations/{conv.pk}/draft/", {"text": "mine"})
    assert response.status_code == 422
    assert "Reply drafts are off: no language model is configured." in response.content.decode()
    assert ">mine</textarea>" in response.content.decode()


def test_buyer_message_translated_once_without_personal_data_leaving(db, conv, fake, settings):
    server = fake({"POST /v2/translate": [{"json": {"translations": [{"text": "Hello, I am ⟦0⟧. My order ⟦1⟧ has not arrived."}]}}]})
    deepl(settings, server)
    web = login("anna")
    message = conv.messages.get()
    html = web.get(f"/replies/messages/{message.pk}/translation/").content.decode()
    assert "Hello, I am Jana Käufer. My order 302-1234567-1234567 has not arrived." in html
    assert "Machine translation (deepl); the original is above." in html
    web.get(f"/replies/messages/{message.pk}/translation/")  # shown again: from the stored row
    (request,) = server.requests()
    assert request["headers"]["Authorization"] == "DeepL-Auth-Key k-123"
    assert request["body"] == "text=Hallo%2C+ich+bin+%E2%9F%A60%E2%9F%A7.+Meine+Bestellung+%E2%9F%A61%E2%9F%A7+ist+nicht+angekommen.&target_lang=EN-US&source_lang=DE"
    assert Event.objects.get(kind="message_translated").data == {"message_id": message.pk, "language": "en", "provider": "deepl"}


def test_reply_translated_into_the_buyers_language_with_the_glossary(db, conv, fake, settings):
    server = fake({"POST /v1/chat/completions": [{"json": {"choices": [{"message": {"content": "Hallo, Ihr ⟦0⟧ wurde heute versandt."}}]}}]})
    chat(settings, server)
    GlossaryEntry.objects.create(source_language="zh", term="保温杯", target_language="de", translation="Thermobecher")
    web = login("li", ui="zh-hans")
    response = web.post(f"/replies/conversations/{conv.pk}/translate/", {"text": "您好，您的保温杯今天已经发货。"})
    assert response.status_code == 200
    assert ">Hallo, Ihr Thermobecher wurde heute versandt.</textarea>" in response.content.decode()
    body = json.loads(server.requests()[0]["body"])
    assert body["model"] == "mt-small"
    assert body["messages"][0]["content"].startswith("Translate the user's text into German.")
    assert body["messages"][1] == {"role": "user", "content": "您好，您的⟦0⟧今天已经发货。"}


def test_a_glossary_term_the_provider_dropped_is_named(db, conv, fake, settings):
    server = fake({"POST /v1/chat/completions": [{"json": {"choices": [{"message": {"content": "Hallo, Ihr Becher wurde versandt."}}]}}]})
    chat(settings, server)
    GlossaryEntry.objects.create(source_language="en", term="thermo mug", target_language="de", translation="Thermobecher")
    web = login("anna")
    html = web.post(f"/replies/conversations/{conv.pk}/translate/", {"text": "Hello, your Thermo Mug was shipped."}).content.decode()
    assert "The translation dropped these glossary terms or details; put them back: Thermobecher" in html


def test_provider_errors_are_explained_and_keep_the_text(db, conv, fake, settings):
    server = fake({"POST /v1/chat/completions": [{"status": 500, "text": "boom"}]})
    chat(settings, server)
    web = login("anna")
    response = web.post(f"/replies/conversations/{conv.pk}/translate/", {"text": "Your parcel was shipped."})
    assert response.status_code == 422
    html = response.content.decode()
    assert "The translation service refused the request (HTTP 500)." in html and ">Your parcel was shipped.</textarea>" in html


def test_llm_draft_is_redacted_checked_and_never_sent(db, conv, fake, settings):
    answer = "Hallo ⟦0⟧, Ihre Bestellung ⟦1⟧ ist unterwegs. Bitte ändern Sie Ihre Bewertung."
    server = fake({"POST /v1/chat/completions": [{"json": {"choices": [{"message": {"content": answer}}]}}]})
    chat(settings, server)
    web = login("anna")
    response = web.post(f"/replies/conversations/{conv.pk}/draft/", {"text": ""})
    html = response.content.decode()
    assert ">Hallo Jana Käufer, Ihre Bestellung 302-1234567-1234567 ist unterwegs. Bitte ändern Sie Ihre Bewertung.</textarea>" in html
    assert '<p class="error">request to change a review “ändern Sie Ihre Bewertung” is not allowed on Amazon</p>' in html
    sent = json.loads(server.requests()[0]["body"])
    assert server.requests()[0]["headers"]["Authorization"] == "Bearer llm-key"
    assert sent["model"] == "draft-small"
    assert sent["messages"][1]["content"] == "Hallo, ich bin ⟦0⟧. Meine Bestellung ⟦1⟧ ist nicht angekommen."
    assert "reply to the buyer's last message in German" in sent["messages"][0]["content"]
    assert not Message.objects.filter(conversation=conv, direction="out").exists()
    assert Event.objects.get(kind="draft_generated").data == {"provider": "openai", "redacted": ["name", "order"], "verdict": "blocked"}


def test_glossary_page_adds_and_deletes_with_events(db):
    web = login("anna")
    assert web.post("/replies/glossary/", {"source_language": "ZH", "term": "保温杯", "target_language": "de", "translation": "Thermobecher"}).status_code == 302
    entry = GlossaryEntry.objects.get()
    assert (entry.source_language, entry.term, entry.target_language, entry.translation) == ("zh", "保温杯", "de", "Thermobecher")
    html = web.get("/replies/glossary/").content.decode()
    assert "<td>保温杯</td>" in html
    web.post("/replies/glossary/", {"term": ""})
    assert "Fill in both languages, the term and its translation." in web.get("/replies/glossary/").content.decode()
    web.post("/replies/glossary/", {"delete": str(entry.pk)})
    assert not GlossaryEntry.objects.exists()
    assert list(Event.objects.filter(kind__startswith="glossary").values_list("kind", flat=True).order_by("id")) == ["glossary_saved", "glossary_deleted"]
