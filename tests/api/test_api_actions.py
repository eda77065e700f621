import datetime as dt
import json

import pytest
from django.contrib.auth import get_user_model

from sellerdesk.conversations.models import Conversation, Event, Message

T0 = dt.datetime(2026, 11, 23, 12, 0, tzinfo=dt.timezone.utc)


def post(api, conv, action, body=None):
    return api.post(f"/api/v1/conversations/{conv.pk}/{action}", json.dumps(body) if body is not None else "", content_type="application/json")


def events(conv):
    return list(Event.objects.filter(conversation=conv).order_by("id").values_list("kind", "actor__username", "data"))


@pytest.fixture
def conv(make_conv):
    c = make_conv(next_deadline_at=T0 + dt.timedelta(hours=4), deadline_kind="Tier 3 target")
    Message.objects.create(
        conversation=c, account=c.account, direction="in", sender="jane@buyer.example", subject="Where is my order?",
        body_text="Where is it?", external_id="<q1@buyer.example>", sent_at=T0, created_at=T0,
    )
    return c


def test_reply_queues_an_outbound_message_and_records_the_event(api, now, conv):
    r = post(api, conv, "reply", {"text": "It ships today."})
    assert r.status_code == 201
    out = Message.objects.get(conversation=conv, direction="out")
    assert r.json() == {
        "id": out.pk, "direction": "out", "sender": "support@shop.example", "sender_name": "agent1",
        "subject": "Re: Where is my order?", "body_text": "It ships today.", "body_full": "It ships today.",
        "external_id": out.external_id, "in_reply_to": "<q1@buyer.example>", "language": "", "is_automated": False,
        "delivery_status": "queued", "error": "", "flags": [], "sent_at": "2026-11-23T12:00:00Z",
        "created_at": "2026-11-23T12:00:00Z", "attachments": [],
    }
    assert out.external_id.startswith(f"<sd-{conv.pk}.")
    assert (out.body_text, out.delivery_status, out.recipients, out.author.username) == ("It ships today.", "queued", ["jane@buyer.example"], "agent1")
    assert events(conv) == [("reply_sent", "agent1", {"message_id": out.pk, "resolve": False})]
    conv.refresh_from_db()
    assert (conv.status, conv.next_deadline_at, conv.first_response_at) == ("pending", None, T0)


def test_reply_can_resolve(api, now, conv):
    r = post(api, conv, "reply", {"text": "Refunded.", "resolve": True})
    assert r.status_code == 201
    conv.refresh_from_db()
    assert conv.status == "resolved"
    assert events(conv)[0][2]["resolve"] is True


@pytest.mark.parametrize(
    "body, reason",
    [({"text": "   "}, "Value error, must not be empty"), ({}, "Field required"), ({"text": 5}, "Input should be a valid string")],
)
def test_bad_reply_names_the_field_and_sends_nothing(api, conv, body, reason):
    r = post(api, conv, "reply", body)
    assert r.status_code == 422
    assert r.json() == {"detail": "Invalid input: text.", "errors": [{"field": "text", "location": "body", "reason": reason}]}
    assert Message.objects.filter(direction="out").count() == 0
    assert events(conv) == []


def test_malformed_json_is_400(api, conv):
    r = api.post(f"/api/v1/conversations/{conv.pk}/reply", "{text:", content_type="application/json")
    assert r.status_code == 400
    assert r.json() == {"detail": "Cannot parse request body", "errors": []}


def test_note(api, now, conv):
    r = post(api, conv, "notes", {"text": "Buyer is a reseller."})
    assert r.status_code == 201
    note = Message.objects.get(direction="note")
    assert r.json()["id"] == note.pk
    assert (r.json()["direction"], r.json()["body_text"], r.json()["delivery_status"]) == ("note", "Buyer is a reseller.", "sent")
    assert events(conv) == [("note_added", "agent1", {"message_id": note.pk})]
    conv.refresh_from_db()
    assert conv.status == "open"  # a note is not an answer


def test_assign_and_unassign(api, now, conv, agent):
    bob = get_user_model().objects.create_user("bob", password="x" * 10)
    r = post(api, conv, "assign", {"assignee_id": bob.pk})
    assert r.status_code == 200
    assert r.json()["assignee"] == {"id": bob.pk, "username": "bob", "name": "bob"}
    r = post(api, conv, "assign", {"assignee_id": None})
    assert r.status_code == 200
    assert r.json()["assignee"] is None
    assert events(conv) == [
        ("assigned", "agent1", {"assignee": bob.pk, "previous": None, "by": "agent"}),
        ("assigned", "agent1", {"assignee": None, "previous": bob.pk, "by": "agent"}),
    ]


def test_assign_to_unknown_or_inactive_user_is_422(api, conv):
    ghost = get_user_model().objects.create_user("ghost", password="x" * 10, is_active=False)
    for uid in (ghost.pk, 987654):
        r = post(api, conv, "assign", {"assignee_id": uid})
        reason = f"No active user with id {uid}."
        assert r.status_code == 422
        assert r.json() == {"detail": reason, "errors": [{"field": "assignee_id", "location": "body", "reason": reason}]}
    r = post(api, conv, "assign", {})
    assert r.status_code == 422
    assert r.json()["errors"] == [{"field": "assignee_id", "location": "body", "reason": "Field required"}]
    assert events(conv) == []


def test_resolve_then_reopen(api, now, conv):
    r = post(api, conv, "resolve")
    assert r.status_code == 200
    assert (r.json()["status"], r.json()["next_deadline_at"], r.json()["time_left_seconds"]) == ("resolved", None, None)
    r = post(api, conv, "reopen")
    assert r.status_code == 200
    assert r.json()["status"] == "open"
    assert [e[:2] for e in events(conv)] == [("resolved", "agent1"), ("conversation_reopened", "agent1")]


def test_snooze_until_a_future_time(api, now, conv):
    r = post(api, conv, "snooze", {"until": "2026-11-24T09:00:00+08:00"})
    assert r.status_code == 200
    assert r.json()["status"] == "snoozed"
    conv.refresh_from_db()
    assert conv.snoozed_until == dt.datetime(2026, 11, 24, 1, 0, tzinfo=dt.timezone.utc)
    assert events(conv) == [("snoozed", "agent1", {"until": "2026-11-24T09:00:00+08:00"})]


def test_snooze_in_the_past_is_422_with_the_reason(api, now, conv):
    r = post(api, conv, "snooze", {"until": "2026-11-23T11:59:59Z"})
    reason = "Snooze time must be in the future."
    assert r.status_code == 422
    assert r.json() == {"detail": reason, "errors": [{"field": "until", "location": "body", "reason": reason}]}
    conv.refresh_from_db()
    assert conv.status == "open"
    assert events(conv) == []


@pytest.mark.parametrize(
    "until, reason",
    [("2026-11-24T09:00:00", "Input should have timezone info"), ("tomorrow", "Input should be a valid datetime or date, input is too short")],
)
def test_snooze_needs_an_aware_datetime(api, now, conv, until, reason):
    r = post(api, conv, "snooze", {"until": until})
    assert r.status_code == 422
    assert r.json() == {"detail": "Invalid input: until.", "errors": [{"field": "until", "location": "body", "reason": reason}]}


@pytest.mark.parametrize("action, body", [("reply", {"text": "x"}), ("notes", {"text": "x"}), ("assign", {"assignee_id": None}), ("resolve", None), ("reopen", None), ("snooze", {"until": "2030-01-01T00:00:00Z"})])
def test_actions_on_unknown_conversation_are_404(api, action, body):
    r = api.post(f"/api/v1/conversations/31337/{action}", json.dumps(body) if body else "", content_type="application/json")
    assert r.status_code == 404
    assert r.json() == {"detail": "Conversation 31337 not found.", "errors": []}
    assert Event.objects.count() == 1  # only the token's issue event from the fixture


@pytest.mark.parametrize(
    "action, body, field, reason",
    [
        ("reply", {"text": "x", "resolve": 0}, "resolve", "Input should be a valid boolean"),
        ("reply", {"text": "x", "resolve": "yes"}, "resolve", "Input should be a valid boolean"),
        ("assign", {"assignee_id": "5"}, "assignee_id", "Input should be a valid integer"),
        ("assign", {"assignee_id": 0}, "assignee_id", "Input should be greater than or equal to 1"),
    ],
)
def test_no_lax_coercion_of_booleans_and_ids(api, conv, action, body, field, reason):
    r = post(api, conv, action, body)
    assert r.status_code == 422
    assert r.json() == {"detail": f"Invalid input: {field}.", "errors": [{"field": field, "location": "body", "reason": reason}]}
    assert events(conv) == []


def test_triage_correction_changes_the_conversation_and_is_stored(api, now, conv):
    from sellerdesk.triage.models import TriageCorrection

    Conversation.objects.filter(pk=conv.pk).update(intent="order_status", tier=2, language="en", sentiment="neutral")
    r = post(api, conv, "triage", {"intent": "delivery_issue", "tier": 1})
    assert r.status_code == 200
    assert (r.json()["intent"], r.json()["tier"]) == ("delivery_issue", 1)
    assert list(TriageCorrection.objects.order_by("id").values_list("field", "old_value", "new_value")) == [
        ("intent", "order_status", "delivery_issue"), ("tier", "2", "1"),
    ]
    assert [e[0] for e in events(conv)] == ["triage_corrected", "triage_corrected"]


def test_triage_correction_with_a_bad_value_changes_nothing(api, conv):
    from sellerdesk.triage.models import TriageCorrection

    r = post(api, conv, "triage", {"intent": "delivery_issue", "sentiment": "furious"})
    assert r.status_code == 422
    assert r.json()["errors"][0]["field"] == "sentiment"
    assert TriageCorrection.objects.count() == 0
    r = post(api, conv, "triage", {})
    assert r.status_code == 422
    assert r.json()["errors"][0]["field"] == "intent"


def test_reply_with_files_over_the_api(api, now, conv):
    import base64

    label = b"%PDF-1.4 label"
    r = post(api, conv, "reply", {"text": "Label attached.", "files": [
        {"filename": "label.pdf", "content_type": "application/pdf", "data_base64": base64.b64encode(label).decode()},
    ]})
    assert r.status_code == 201
    out = Message.objects.get(conversation=conv, direction="out")
    [att] = out.attachments.all()
    assert r.json()["attachments"] == [{"id": att.pk, "filename": "label.pdf", "content_type": "application/pdf", "size": len(label)}]
    assert bytes(att.data) == label


def test_reply_with_undecodable_file_is_422(api, conv):
    r = post(api, conv, "reply", {"text": "x", "files": [{"filename": "a.pdf", "data_base64": "@@not base64@@"}]})
    assert r.status_code == 422
    assert r.json()["errors"][0]["field"] == "files.0.data_base64"
    assert Message.objects.filter(direction="out").count() == 0
