"""What a visitor's message and an agent's reply cost the web server, in queries: pinned, so that a
change that adds reads to every chat line shows here (bench/chat_reply_profile.py lists them)."""

import json

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection
from django.test import Client

from sellerdesk.api import tokens
from sellerdesk.channels.models import RawDelivery
from sellerdesk.channels.webchat.models import ChatEvent, ChatVisitor
from sellerdesk.conversations.models import Conversation, Event
from sellerdesk.sla.models import Deadline

from .chatkit import process_waiting, say, start

pytestmark = pytest.mark.django_db
# The token (with user and profile); the conversation, then locked with its account; the buyer's
# last message; the reply; its SLA clock read and closed; the conversation; the search index (2);
# the event; then the line for the widget: the visitor, the line if written already, the
# attachments, the line, "handed over", "sent" and its event; the automation switch and rules;
# with the statements of the two transactions (the reply, then its delivery). The search
# index is one statement on PostgreSQL (an upsert), two on SQLite (its FTS table: delete, insert).
REPLY_QUERIES = {"sqlite": 24, "postgresql": 23}[connection.vendor]
# The account; the visitor; the raw delivery (in a savepoint), the widget's line, "last seen" (one
# transaction); whether a run of the intake is queued already.
MESSAGE_QUERIES = 10


@pytest.fixture
def api(db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("createagent", "anna", password="agent-password", name="Anna", verbosity=0)
    _, key = tokens.issue(get_user_model().objects.get(username="anna"), "tests", ["read", "reply"])
    return Client(HTTP_AUTHORIZATION=f"Bearer {key}")


def reply(api, conv, text):
    return api.post(f"/api/v1/conversations/{conv.pk}/reply", json.dumps({"text": text}), content_type="application/json")


def test_a_visitors_message_costs_a_fixed_number_of_queries(client, chat, django_assert_num_queries,
                                                            django_capture_on_commit_callbacks):
    token = start(client, chat)
    with django_capture_on_commit_callbacks(execute=True):
        say(client, chat, token, "First line.", client_id="1")  # the intake's run is queued from here on

    with django_assert_num_queries(MESSAGE_QUERIES), django_capture_on_commit_callbacks(execute=True):
        r = say(client, chat, token, "Do you ship to Canada?", client_id="2")

    assert r.status_code == 202, r.content
    line = ChatEvent.objects.get(client_id="2")
    assert r.json() == {"duplicate": False, "line": {
        "id": line.pk, "kind": "visitor", "text": "Do you ship to Canada?", "name": "", "client_id": "2", "files": [],
        "at": line.created_at.isoformat()}}
    assert RawDelivery.objects.filter(external_id__endswith=":2", status="received").count() == 1


def test_a_reply_through_the_api_costs_a_fixed_number_of_queries(client, chat, api, django_assert_num_queries,
                                                                  django_capture_on_commit_callbacks):
    for n in range(2):
        say(client, chat, start(client, chat), f"Do you ship to Canada? ({n})", client_id="1")
    process_waiting()
    first, second = Conversation.objects.order_by("pk")
    with django_capture_on_commit_callbacks(execute=True):
        assert reply(api, first, "Warm-up answer.").status_code == 201  # per-process caches filled
    assert Deadline.objects.filter(conversation=second, closed_at__isnull=True).exists()  # a clock the reply meets

    with django_assert_num_queries(REPLY_QUERIES), django_capture_on_commit_callbacks(execute=True):
        r = reply(api, second, "Yes, we ship to Canada.")

    assert r.status_code == 201, r.content
    assert (r.json()["direction"], r.json()["attachments"]) == ("out", [])
    out = second.messages.get(direction="out")
    line = ChatEvent.objects.get(message=out)
    assert (out.delivery_status, line.kind, line.text, line.name) == ("sent", "agent", "Yes, we ship to Canada.", "Anna")
    assert ChatVisitor.objects.get(pk=line.visitor_id).handed_over_at is not None
    kinds = list(Event.objects.filter(conversation=second, kind__in=["reply_sent", "message_delivered"]).order_by("pk").values_list("kind", flat=True))
    assert kinds == ["reply_sent", "message_delivered"]
    assert not Deadline.objects.filter(conversation=second, metric="first_response", closed_at__isnull=True).exists()


def test_the_bot_turns_of_one_task_ask_once_whether_an_agent_is_online(db, django_assert_num_queries):
    from sellerdesk.channels.webchat import presence

    with presence.one_reading():
        with django_assert_num_queries(1):  # no agent seen lately: one read says so
            assert presence.agents_online(fresh=True) is False
        with django_assert_num_queries(0):
            assert presence.agents_online(fresh=True) is False
    with django_assert_num_queries(1):  # outside a task's turns, a fresh read reads again
        assert presence.agents_online(fresh=True) is False
