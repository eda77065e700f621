"""`sellerdesk inbound messenger|instagram FILE ...`: bare webhook bodies (no headers, so nothing
to verify) go through the real receiver and pipeline; a malformed one is stored failed with the field."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from sellerdesk.channels.messenger.tests.build_fixtures import IG_TEXT, M_TEXT
from sellerdesk.channels.messenger.tests.conftest import capture, make_account
from sellerdesk.channels.messenger.tests.fakes import IG_ACCOUNT_ID, PAGE_ID, PSID, SENT
from sellerdesk.channels.models import RawDelivery
from sellerdesk.conversations.models import Message
from sellerdesk.lib import clock


def bare(tmp_path, name: str, obj: str, owner: str, events: list[dict]):
    path = tmp_path / name
    path.write_text(json.dumps({"object": obj, "entry": [{"id": owner, "time": 1762247523401, "messaging": events}]}), encoding="utf-8")
    return path


def run(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    with clock.frozen(SENT):
        call_command("inbound", *map(str, args), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_bare_messenger_body_is_stored_and_processed(db, tmp_path):
    make_account()
    out, _err = run("messenger", bare(tmp_path, "text.json", "page", PAGE_ID, [M_TEXT]), "--json")
    result = json.loads(out)
    assert (result["http_status"], result["status"], result["signature"]) == (200, "processed", "not checked: bare body")
    assert [(m["sender"], m["text"]) for m in result["messages"]] == [(PSID, "My parcel has been stuck in customs for a week")]


def test_many_files_in_one_run_with_a_malformed_one(db, tmp_path):
    make_account("instagram")
    good = bare(tmp_path, "ig.json", "instagram", IG_ACCOUNT_ID, [IG_TEXT])
    broken = bare(tmp_path, "broken.json", "instagram", IG_ACCOUNT_ID, [{**IG_TEXT, "timestamp": "yesterday"}])
    signed = tmp_path / "signed.json"
    signed.write_text(json.dumps(capture("story_mention.json", "instagram")), encoding="utf-8")
    with pytest.raises(CommandError, match="^1 of 3 files were not accepted"):
        run("instagram", good, broken, signed)
    assert list(RawDelivery.objects.order_by("pk").values_list("status", "error")) == [
        ("processed", ""),
        ("failed", "malformed: body: entry.0.messaging.0.timestamp: Input should be a valid integer, unable to parse string as an integer"),
        ("processed", "")]
    assert Message.objects.count() == 2


def test_dashboard_test_delivery_in_the_changes_form_is_read(db, tmp_path):
    """The app dashboard's "Test" button for Instagram sends one message as a change, time in seconds."""
    make_account("instagram").__class__.objects.filter(kind="instagram").update(address="")
    path = tmp_path / "dashboard.json"
    path.write_text(json.dumps({"object": "instagram", "entry": [{"id": "0", "time": 1762247523, "changes": [{"field": "messages", "value": {
        "sender": {"id": "12334"}, "recipient": {"id": "23245"}, "timestamp": "1762247523",
        "message": {"mid": "random_mid", "text": "random_text"}}}]}]}), encoding="utf-8")
    result = json.loads(run("instagram", path, "--json")[0])
    assert (result["status"], [(m["external_id"], m["sender"], m["text"]) for m in result["messages"]]) == (
        "processed", [("instagram:mid:random_mid", "12334", "random_text")])
    assert Message.objects.get().sent_at.isoformat() == "2025-11-04T09:12:03+00:00"


def test_events_without_time_or_recipient_are_kept(db, tmp_path):
    make_account()
    path = bare(tmp_path, "odd.json", "page", PAGE_ID, [{"sender": {"id": PSID}, "message": {"mid": "m_odd", "text": None,
                                                                                           "attachments": [{"type": "fallback", "payload": None}]}}])
    result = json.loads(run("messenger", path, "--json")[0])
    assert (result["status"], [m["text"] for m in result["messages"]]) == ("processed", ["[link]"])
    assert Message.objects.get().sent_at == SENT
