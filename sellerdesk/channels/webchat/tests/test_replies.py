"""Answers going back: the bot's tracking answer, an agent's reply to the widget, by email when the
visitor left; photos with their limits; the stream's backlog; the set-up page."""

import datetime as dt
import json

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from django_tasks_db.models import DBTaskResult

from sellerdesk.channels.models import ChannelAccount, RawDelivery
from sellerdesk.channels.webchat import bot
from sellerdesk.channels.webchat.models import ChatEvent, ChatVisitor
from sellerdesk.conversations import actions
from sellerdesk.conversations.models import Conversation
from sellerdesk.conversations.tasks import deliver
from sellerdesk.customers.models import Customer, Identity
from sellerdesk.lib import clock
from sellerdesk.orders.models import Order
from tests.servers.conftest_plugin import smtp_server  # noqa: F401  (fixture)

from .chatkit import STORE, process_waiting, say, start

pytestmark = pytest.mark.django_db
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 100


@pytest.fixture
def agent(db):
    call_command("createagent", "anna", password="agent-password", name="Anna", verbosity=0)
    return get_user_model().objects.get(username="anna")


@pytest.fixture
def order(db):
    now = clock.now()
    buyer = Customer.objects.create(name="Mia", email="mia@buyer.example", created_at=now)
    Identity.objects.create(customer=buyer, kind="email", value="mia@buyer.example")
    return Order.objects.create(platform="shopify", number="#1042", customer=buyer, created_at=now,
                                tracking=[{"id": "1", "company": "DHL", "number": "JD0141", "url": "https://dhl.example/JD0141", "status": "in transit"}])


def identify(client, chat, token, **fields):
    return client.post(f"/chat/{chat.pk}/identify", {"t": token, **fields}, HTTP_ORIGIN=STORE)


def test_tracking_is_told_only_with_the_order_and_its_buyers_email(client, chat, order):
    token = start(client, chat, lang="de")
    assert identify(client, chat, token, order="1042").json() == {"email": "", "order": "#1042", "order_known": True}
    say(client, chat, token, "Wo ist meine Bestellung? Wann kommt mein Paket?", client_id="1", lang="de")
    process_waiting()
    conv = Conversation.objects.get()
    assert conv.order == order  # linked for the agent at once
    raw = RawDelivery.objects.get()
    assert conv.intent == "order_status"
    # A number alone tells nothing: a person answers (no FAQ module here).
    assert bot.turn(raw.pk) == "handed over"
    ChatVisitor.objects.update(handed_over_at=None)
    assert identify(client, chat, token, email="MIA@buyer.example").json()["email"] == "mia@buyer.example"
    assert ChatVisitor.objects.get().order_verified is True
    assert bot.turn(raw.pk) == "answered"
    line = ChatEvent.objects.filter(kind="bot").get()
    assert line.text == ("Bestellung #1042 wurde mit DHL versendet, Sendungsnummer JD0141 (Status: in transit). "
                         "https://dhl.example/JD0141")
    conv.refresh_from_db()
    assert conv.status == "pending"
    out = conv.messages.get(direction="out")
    assert (out.is_automated, out.delivery_status, out.body_text) == (True, "sent", line.text)


def test_an_agents_reply_reaches_the_widget_and_the_bot_goes_quiet(client, chat, agent, django_capture_on_commit_callbacks):
    token = start(client, chat)
    say(client, chat, token, "Can I pay by invoice?", client_id="1")
    process_waiting()
    conv = Conversation.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        reply = actions.send_reply(conv, agent, "Yes, invoices are fine.")
    # Delivered in the sending request itself: nothing queued for the worker.
    reply.refresh_from_db()
    assert reply.delivery_status == "sent"
    assert not DBTaskResult.objects.filter(task_path__endswith="deliver_message").exists()
    line = ChatEvent.objects.get(kind="agent")
    assert (line.text, line.name, line.message_id) == ("Yes, invoices are fine.", "Anna", reply.pk)
    assert ChatVisitor.objects.get().handed_over_at is not None
    say(client, chat, token, "Thanks!", client_id="2")
    process_waiting()
    assert bot.turn(RawDelivery.objects.order_by("-pk").first().pk) == "person"
    # Sent once: a second delivery attempt adds no line.
    assert deliver(reply.pk) == "sent"
    assert ChatEvent.objects.filter(kind="agent").count() == 1


def test_a_reply_sent_from_the_web_server_goes_to_the_open_stream_at_its_commit(client, chat, agent, django_capture_on_commit_callbacks):
    from sellerdesk.channels.webchat.live import Waiter, hub

    token = start(client, chat)
    say(client, chat, token, "Can I pay by invoice?", client_id="1")
    process_waiting()
    conv = Conversation.objects.get()
    visitor = ChatVisitor.objects.get()
    waiter = Waiter(visitor.pk)  # an open stream of this visitor (without the watcher thread)
    with hub.lock:
        hub.waiters.setdefault(visitor.pk, set()).add(waiter)
    try:
        with django_capture_on_commit_callbacks(execute=True):  # the reply's commit, then the line's
            reply = actions.send_reply(conv, agent, "Yes, invoices are fine.")
            assert waiter.take(0) == []  # nothing before the commit
    finally:
        hub.leave(waiter)
    line = ChatEvent.objects.get(kind="agent", message=reply)
    (pushed,) = waiter.take(0)
    assert (pushed["id"], pushed["kind"], pushed["text"], pushed["name"]) == (line.pk, "agent", "Yes, invoices are fine.", "Anna")
    waiter.give(dict(pushed))  # the watcher's own read of the same row later: not sent twice
    assert waiter.take(0) == []


def test_a_visitor_who_left_gets_the_answer_by_email(client, chat, agent, smtp_server, django_capture_on_commit_callbacks):
    mail = ChannelAccount(kind="email", name="Support", address="support@shop.example", config={"smtp": smtp_server.smtp_config()})
    mail.credentials = {"smtp_password": smtp_server.password}
    mail.save()
    token = start(client, chat, lang="fr")
    identify(client, chat, token, email="leo@buyer.example")
    say(client, chat, token, "Avez-vous la taille M ?", client_id="1", lang="fr")
    process_waiting()
    conv = Conversation.objects.get()
    ChatVisitor.objects.update(last_seen_at=clock.now() - dt.timedelta(minutes=5))  # the page was closed
    with django_capture_on_commit_callbacks(execute=True):
        reply = actions.send_reply(conv, agent, "Oui, la taille M est en stock.")
    # The line waits in the widget; the mail is the worker's job.
    assert ChatEvent.objects.get(kind="agent").message_id == reply.pk
    assert DBTaskResult.objects.filter(task_path__endswith="deliver_message", args_kwargs__args=[reply.pk]).count() == 1
    assert smtp_server.received == []
    assert deliver(reply.pk) == "sent"
    [received] = smtp_server.received
    assert received.rcpt_tos == ["leo@buyer.example"]
    assert received.message.get_content().strip() == "Oui, la taille M est en stock."
    assert ChatEvent.objects.get(kind="agent").text == "Oui, la taille M est en stock."  # and waits in the widget


def test_photos_pass_with_their_type_and_size_checked(client, chat, settings):
    settings.WEBCHAT_PHOTO_MAX_BYTES = 1000
    token = start(client, chat)
    from django.core.files.uploadedfile import SimpleUploadedFile

    r = say(client, chat, token, "", client_id="p1", photo=SimpleUploadedFile("box.png", PNG, content_type="image/png"))
    assert r.status_code == 202, r.content
    assert r.json()["line"]["files"] == [{"name": "box.png", "type": "image/png"}]
    r = say(client, chat, token, "", client_id="p2", photo=SimpleUploadedFile("big.png", PNG + b"\x00" * 1000, content_type="image/png"))
    assert (r.status_code, r.json()["code"]) == (413, "size")
    r = say(client, chat, token, "", client_id="p3", photo=SimpleUploadedFile("x.png", b"<svg onload=alert(1)>", content_type="image/png"))
    assert (r.status_code, r.json()["code"]) == (415, "type")
    assert process_waiting() == ["processed"]
    [att] = Conversation.objects.get().messages.get().attachments.all()
    assert (att.filename, att.content_type, bytes(att.data)) == ("box.png", "image/png", PNG)
    # A photo alone goes to a person.
    assert bot.turn(RawDelivery.objects.get().pk) == "handed over"


def test_rate_limit_per_visitor(client, chat, settings):
    settings.WEBCHAT_VISITOR_PER_MINUTE = 2
    token = start(client, chat)
    assert [say(client, chat, token, f"m{i}", client_id=str(i)).status_code for i in range(3)] == [202, 202, 429]
    assert RawDelivery.objects.count() == 2


def test_rate_limit_per_address_for_new_visitors(client, chat, settings):
    settings.WEBCHAT_IP_PER_MINUTE = 2
    codes = [client.post(f"/chat/{chat.pk}/visitor", {}, HTTP_ORIGIN=STORE).status_code for _ in range(3)]
    assert codes == [201, 201, 429]


def test_past_the_stream_budget_the_widget_polls(client, chat, settings):
    settings.WEBCHAT_STREAMS = 0
    token = start(client, chat)
    line = say(client, chat, token, "hello", client_id="1").json()["line"]
    r = client.get(f"/chat/{chat.pk}/stream?t={token}&after=0", HTTP_ORIGIN=STORE)
    assert r["Content-Type"] == "text/event-stream; charset=utf-8"
    assert r["Access-Control-Allow-Origin"] == STORE
    body = b"".join(r.streaming_content).decode()
    assert body.startswith("retry: 3000\n\n")
    assert f"id: {line['id']}\n" in body and '"text": "hello"' in body
    r = client.get(f"/chat/{chat.pk}/stream?t={token}", HTTP_ORIGIN=STORE, HTTP_LAST_EVENT_ID=str(line["id"]))
    assert b"".join(r.streaming_content).decode() == "retry: 3000\n\n"


def test_set_up_page_gives_the_script_tag_with_the_real_address(client, chat, settings):
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "desk.example"]
    call_command("createagent", "boss", password="x-password-1", role="admin", verbosity=0)
    client.force_login(get_user_model().objects.get(username="boss"))
    r = client.post("/channels/webchat/new/", {"name": "Store chat", "domains": "shop.example\nhttp://localhost:3000/", "is_active": "on"},
                    HTTP_HOST="desk.example:8443")
    assert r.status_code == 302
    account = ChannelAccount.objects.get(name="Store chat")
    assert account.config["domains"] == ["shop.example", "http://localhost:3000"]
    page = client.get(r["Location"], HTTP_HOST="desk.example:8443").content.decode()
    assert (f'&lt;script src=&quot;http://desk.example:8443/chat/widget.js&quot; data-chat=&quot;{account.pk}&quot; async&gt;&lt;/script&gt;'
            in page)
    bad = client.post("/channels/webchat/new/", {"name": "X", "domains": "https://shop.example/path", "is_active": "on"})
    assert bad.status_code == 422
    assert "Not a domain or origin" in bad.content.decode()


def test_the_script_is_small_and_served_compressed(client):
    r = client.get("/chat/widget.js", HTTP_ACCEPT_ENCODING="gzip")
    assert r["Content-Encoding"] == "gzip"
    assert r["Content-Type"] == "text/javascript; charset=utf-8"
    assert len(r.content) <= 15 * 1024
    assert client.get("/chat/widget.js", HTTP_IF_NONE_MATCH=r["ETag"]).status_code == 304


def test_the_buyers_export_holds_what_they_told_the_chat_and_its_transcript(client, chat, tmp_path):
    import zipfile

    from sellerdesk.privacy.export import export

    token = start(client, chat)
    identify(client, chat, token, email="zoe@buyer.example")
    say(client, chat, token, "My address is 5 Elm Street", client_id="1")
    process_waiting()
    say(client, chat, start(client, chat), "Someone else", client_id="1")
    process_waiting()
    customer = Identity.objects.get(kind="email", value="zoe@buyer.example").customer
    counts = export(customer, tmp_path / "export.zip")
    with zipfile.ZipFile(tmp_path / "export.zip") as zf:
        chat_data = json.loads(zf.read("webchat.json"))
        readme = zf.read("README.txt").decode()
    visitor = ChatVisitor.objects.get(email="zoe@buyer.example")
    assert [(v["id"], v["email"], v["key"]) for v in chat_data["visitors"]] == [(visitor.pk, "zoe@buyer.example", visitor.key)]
    assert [(line["visitor"], line["kind"], line["text"]) for line in chat_data["lines"]] == [
        (visitor.pk, "visitor", "My address is 5 Elm Street")]
    assert (counts["chat_visitors"], counts["chat_lines"]) == (1, 1)
    assert "webchat.json        what the buyer told the web chat" in readme


def test_erasing_the_buyer_erases_the_chat_transcript_and_visitor(client, chat):
    from sellerdesk.privacy.erase import erase

    token = start(client, chat)
    identify(client, chat, token, email="zoe@buyer.example")
    say(client, chat, token, "My address is 5 Elm Street", client_id="1")
    process_waiting()
    other = start(client, chat)
    say(client, chat, other, "Someone else", client_id="1")
    process_waiting()
    customer = Identity.objects.get(kind="email", value="zoe@buyer.example").customer
    result = erase(customer)
    assert result.counts["chat_visitors"] == 2  # the visitor and their one line
    assert list(ChatEvent.objects.values_list("text", flat=True)) == ["Someone else"]
    assert ChatVisitor.objects.count() == 1
