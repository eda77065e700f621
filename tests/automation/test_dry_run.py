"""`sellerdesk automation-dry-run`: one JSON line per row, nothing written or sent."""

import json

import pytest
from django.core.management import CommandError, call_command

from sellerdesk.automation.models import Fire
from sellerdesk.conversations.models import Message

ORDER = {"number": "#5001", "status": "shipped", "carrier": "DHL", "tracking_number": "00340434161094015902", "tracking_status": "in_transit"}


def _run(tmp_path, rows, *args):
    path = tmp_path / "rows.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    out = tmp_path / "out.txt"
    with out.open("w") as f:
        call_command("automation_dry_run", str(path), *args, "--json", stdout=f)
    return [json.loads(line) for line in out.read_text().splitlines()]


def test_each_row_gets_its_rules_stops_and_preview(db, tmp_path):
    rows = [
        {"id": "wismo", "text": "Hi, where is my order #5001? When will it arrive?", "order": ORDER},
        {"id": "angry", "text": "Where is my order?? This is a scam, I want my money back or I file a chargeback!", "order": ORDER},
        {"id": "no-order", "text": "Hi, where is my order? When will it arrive?"},
        {"id": "given", "text": "x", "order": ORDER,
         "triage": {"intent": "order_status", "intent_confidence": 0.6, "tier": 2, "sentiment": "neutral", "language": "fr"}},
    ]
    wismo, angry, no_order, given = _run(tmp_path, rows)
    assert [f["key"] for f in wismo["fired"]] == ["where-is-my-order"]
    [fired] = wismo["fired"]
    assert (fired["outcome"], fired["actions"]) == ("sent", [{"type": "reply", "template": "automation.wismo", "language": "en"}])
    assert wismo["previews"][0]["text"].startswith("Hello,\n\nThank you for your message about order #5001. The latest status from DHL")
    assert wismo["previews"][0]["text"].endswith("simply reply HUMAN and a member of our team will answer.")
    assert angry["tier"] == 1
    assert angry["fired"] == [] or angry["fired"][0]["outcome"] == "blocked"
    assert not [p for p in angry["previews"]]
    assert no_order["fired"] == []
    [g] = given["fired"]
    assert (g["outcome"], g["stopped_by"]) == ("blocked", ["condition:triage_sure"])
    assert given["language"] == "fr"
    assert not Fire.objects.exists() and not Message.objects.exists()


def test_rules_from_a_file(db, tmp_path):
    rules = tmp_path / "rules.json"
    rules.write_text(json.dumps([{"key": "tag-returns", "name": "Tag returns", "event": "message.received",
                                  "definition": {"conditions": [{"type": "text_contains", "params": {"words": ["return"]}}],
                                                 "actions": [{"type": "tag", "params": {"name": "returns"}}]}}]))
    [row] = _run(tmp_path, [{"id": 7, "text": "How do I return this lamp?"}], "--rules", str(rules))
    assert row["fired"] == [{"rule": "tag-returns", "key": "tag-returns", "name": "Tag returns", "version": 1, "outcome": "done",
                             "delay_minutes": 0, "actions": [{"type": "tag", "name": "returns"}], "stopped_by": []}]


def test_a_bad_rules_file_names_the_field(db, tmp_path):
    rules = tmp_path / "rules.json"
    rules.write_text(json.dumps({"key": "bad", "event": "message.received", "definition": {"actions": [{"type": "fly"}]}}))
    with pytest.raises(CommandError, match=r"bad: actions\[0\].type"):
        _run(tmp_path, [{"id": 1, "text": "x"}], "--rules", str(rules))
