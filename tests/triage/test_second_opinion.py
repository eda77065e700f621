"""The language model's second opinion on unsure messages: off by default, redacted, never calmer,
tested against a local fake OpenAI-compatible server in its own process."""

import json

import pytest
from django.core.management import CommandError, call_command
from django_tasks_db.models import DBTaskResult

from sellerdesk.channels import pipeline
from sellerdesk.conversations.models import Event, Message
from sellerdesk.triage import second_opinion
from sellerdesk.triage.corrections import record_correction
from sellerdesk.triage.models import TriageCorrection
from tests.servers.fakehttp import FakeHttpServer

MAIL = (
    "From: Anna Weber <anna@example.de>\r\n"
    "To: support@shop.example\r\n"
    "Subject: Paket\r\n"
    "Message-ID: <so1@example.de>\r\n"
    "Date: Mon, 23 Nov 2026 08:00:00 +0000\r\n"
    "Content-Type: text/plain; charset=utf-8\r\n\r\n"
    "Wann wird meine Bestellung 302-1234567-1234567 verschickt? Antwort bitte an anna.weber@example.de\r\n"
).encode()
TASK = "sellerdesk.triage.second_opinion.check_message"


def answer(content: str) -> dict:
    return {"json": {"choices": [{"message": {"content": content}}]}}


@pytest.fixture
def llm(settings):
    servers = []

    def start(*responses, below=1.01):
        server = FakeHttpServer({"POST /v1/chat/completions": list(responses)}).start()
        servers.append(server)
        settings.TRIAGE_LLM, settings.TRIAGE_LLM_BELOW = True, below
        settings.LLM_URL, settings.LLM_MODEL, settings.LLM_API_KEY = f"{server.url}/v1", "small-model", "k-123"
        return server

    yield start
    for s in servers:
        s.stop()


@pytest.fixture
def received(email_account, triage_model, django_capture_on_commit_callbacks):
    def receive() -> Message:
        raw, _ = pipeline.store_delivery(email_account, "<so1@example.de>", MAIL)
        with django_capture_on_commit_callbacks(execute=True):
            assert pipeline.process(raw.pk) == "processed"
        return Message.objects.get()

    return receive


def test_parse_takes_the_first_json_object_and_refuses_unknown_labels():
    assert second_opinion.parse('```json\n{"intent": "Delivery issue", "sentiment": "negative"}\n```') == second_opinion.Opinion(
        "delivery_issue", "negative"
    )
    assert second_opinion.parse('Sure: {"intent": "refund"}') == second_opinion.Opinion("refund", "")
    with pytest.raises(second_opinion.BadAnswer, match="unknown intent 'late_parcel'"):
        second_opinion.parse('{"intent": "late parcel"}')
    with pytest.raises(second_opinion.BadAnswer, match="no JSON object"):
        second_opinion.parse("delivery_issue")


def test_off_by_default_nothing_is_queued(received, settings):
    assert settings.TRIAGE_LLM is False
    received()
    assert not DBTaskResult.objects.filter(task_path=TASK).exists()


def test_unsure_message_is_asked_redacted_and_a_tier1_answer_brings_the_deadline_forward(received, llm):
    server = llm(answer('{"intent": "delivery_issue", "sentiment": "negative"}'))
    message = received()
    conv = message.conversation
    assert (conv.intent, conv.tier, conv.deadline_kind) == ("order_status", 2, "First response 24 h")
    queued = DBTaskResult.objects.get(task_path=TASK)
    assert queued.args_kwargs["args"] == [message.pk]

    assert second_opinion.check(message.pk) == "changed"

    conv.refresh_from_db()
    assert (conv.intent, conv.tier, conv.deadline_kind) == ("delivery_issue", 1, "Urgent 1 h")
    assert conv.urgency_reasons[0] == "intent: delivery issue (second opinion of the language model)"
    (request,) = server.requests()
    body = json.loads(request["body"])
    assert request["headers"]["Authorization"] == "Bearer k-123"
    assert body["model"] == "small-model"
    sent = body["messages"][1]["content"]
    assert "302-1234567-1234567" not in sent and "anna.weber@example.de" not in sent
    assert sent == "Wann wird meine Bestellung ⟦0⟧ verschickt? Antwort bitte an ⟦1⟧"
    event = Event.objects.get(kind="triage_second_opinion")
    assert event.data == {
        "message_id": message.pk, "model_intent": "order_status", "intent": "delivery_issue", "sentiment": "negative",
        "redacted": ["order", "email"], "applied": True,
    }
    assert not TriageCorrection.objects.exists()  # a model's reading never trains the model


def test_a_calmer_answer_changes_the_label_but_never_the_tier_or_deadline(received, llm):
    llm(answer('{"intent": "feedback_thanks", "sentiment": "positive"}'))
    message = received()
    conv = message.conversation
    due = conv.next_deadline_at
    assert second_opinion.check(message.pk) == "changed"
    conv.refresh_from_db()
    assert (conv.intent, conv.tier, conv.next_deadline_at, conv.deadline_kind) == ("feedback_thanks", 2, due, "First response 24 h")


def test_an_agents_correction_wins_over_the_model(received, llm, django_user_model):
    llm(answer('{"intent": "complaint"}'))
    message = received()
    record_correction(message, "intent", "change_order", django_user_model.objects.create_user("mei", password="long-password"))
    assert second_opinion.check(message.pk) == "stale"
    message.conversation.refresh_from_db()
    assert message.conversation.intent == "change_order"
    assert Event.objects.get(kind="triage_second_opinion").data["applied"] is False


def test_a_failing_model_leaves_the_offline_decision_and_says_why(received, llm):
    llm({"status": 500, "text": "overloaded"})
    message = received()
    assert second_opinion.check(message.pk) == "failed"
    message.conversation.refresh_from_db()
    assert message.conversation.intent == "order_status"
    assert Event.objects.get(kind="triage_second_opinion").data == {
        "message_id": message.pk, "error": "The translation service refused the request (HTTP 500).",
    }


def test_a_sure_message_is_not_asked(received, llm):
    llm(answer('{"intent": "complaint"}'), below=0.0)
    received()
    assert not DBTaskResult.objects.filter(task_path=TASK).exists()


def test_eval_with_second_opinion_needs_the_model_configured(tmp_path, db):
    path = tmp_path / "rows.jsonl"
    path.write_text(json.dumps({"id": "x:1", "text": "where is my parcel", "intent": "order_status"}) + "\n")
    with pytest.raises(CommandError, match="The second opinion is not configured"):
        call_command("triage-eval", str(path), "--second-opinion")


def test_eval_with_second_opinion_counts_what_the_model_changed(tmp_path, llm, triage_model, capsys):
    llm(answer('{"intent": "delivery_issue"}'))
    path = tmp_path / "rows.jsonl"
    path.write_text(json.dumps({"id": "x:1", "text": "where is my parcel", "intent": "delivery_issue"}) + "\n")
    call_command("triage-eval", str(path), "--second-opinion", "--json")
    report = json.loads(capsys.readouterr().out)
    assert report["second_opinion"] == {"asked": 1, "changed": 1, "failed": 0}
    assert report["intent"]["accuracy"] == 1.0
    assert report["tier1"] == {"n_gold": 1, "n_predicted": 1, "recall": 1.0, "precision": 1.0}
