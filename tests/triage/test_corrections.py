import datetime as dt

import pytest
from django.contrib.auth import get_user_model

from sellerdesk.conversations.actions import ActionError
from sellerdesk.conversations.models import Event
from sellerdesk.triage.corrections import record_correction, training_rows
from sellerdesk.triage.models import TriageCorrection


@pytest.fixture
def user(db):
    return get_user_model().objects.create_user("mei", password="long-password")


def test_intent_correction_is_stored_applied_and_logged(inbound_message, user):
    correction = record_correction(inbound_message, "intent", "delivery_issue", user)
    stored = TriageCorrection.objects.get()
    assert stored == correction
    assert (stored.field, stored.old_value, stored.new_value, stored.user) == ("intent", "order_status", "delivery_issue", user)
    conv = inbound_message.conversation
    conv.refresh_from_db()
    assert (conv.intent, conv.intent_confidence) == ("delivery_issue", 1.0)
    event = Event.objects.get(kind="triage_corrected")
    assert event.actor == user
    assert event.data == {"message_id": inbound_message.pk, "field": "intent", "old": "order_status", "new": "delivery_issue"}


def test_tier_correction_brings_the_deadline_forward(inbound_message, user):
    assert (inbound_message.conversation.tier, inbound_message.conversation.deadline_kind) == (2, "First response 24 h")
    record_correction(inbound_message, "tier", 1, user)
    conv = inbound_message.conversation
    conv.refresh_from_db()
    assert conv.tier == 1
    assert conv.next_deadline_at == dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC)
    assert conv.deadline_kind == "Urgent 1 h"


def test_language_correction_updates_message_and_conversation(inbound_message, user):
    record_correction(inbound_message, "language", "NL", user)
    inbound_message.refresh_from_db()
    inbound_message.conversation.refresh_from_db()
    assert (inbound_message.language, inbound_message.conversation.language) == ("nl", "nl")
    assert TriageCorrection.objects.get().old_value == "de"


def test_bad_values_are_refused_and_nothing_is_stored(inbound_message, user):
    with pytest.raises(ActionError, match="'late' is not a valid intent"):
        record_correction(inbound_message, "intent", "late", user)
    with pytest.raises(ActionError, match="Cannot correct 'colour'"):
        record_correction(inbound_message, "colour", "red", user)
    assert TriageCorrection.objects.count() == 0
    assert Event.objects.filter(kind="triage_corrected").count() == 0


def test_latest_intent_correction_becomes_a_training_row(inbound_message, user):
    record_correction(inbound_message, "intent", "complaint", user)
    record_correction(inbound_message, "intent", "delivery_issue", user)
    record_correction(inbound_message, "sentiment", "negative", user)
    assert training_rows() == [
        {
            "id": f"correction:{inbound_message.pk}",
            "text": "Können Sie mir sagen, wann meine Bestellung verschickt wird?",
            "lang": "de",
            "intent": "delivery_issue",
            "sentiment": "negative",
            "source": "correction",
        }
    ]
