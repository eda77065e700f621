"""A webhook TikTok Shop's declared models refuse: 400 naming the field, stored failed, shown on Problems."""

from __future__ import annotations

import json

import pytest

from tests.channels.build_fixtures import tiktok_sign
from tests.channels.webhookkit import assert_refused_as_malformed, capture


def _signed(payload: dict) -> dict:
    body = json.dumps(payload, separators=(",", ":"))
    return {"headers": {"Content-Type": "application/json", "Authorization": tiktok_sign(body.encode())}, "body": body}


@pytest.mark.parametrize(("change", "reason"), [
    (lambda p: p["data"].update(create_time="yesterday"),
     "type 14: data: create_time: Value error, a time must be whole seconds since 1970 (Unix time)"),
    (lambda p: p["data"].pop("message_id"), "type 14: data: message_id: Field required"),
    (lambda p: p["data"].update(sender="BUYER"), "type 14: data: sender: Input should be a valid dictionary or instance of Sender"),
    (lambda p: p["data"].update(conversation_id=None), "type 14: data: conversation_id: Value error, an id must be a number or a string"),
])
def test_a_webhook_its_model_refuses_is_400_naming_the_field(client, hook_url, agent, change, reason):
    payload = json.loads(capture("tiktok", "new_message.json")["body"])
    change(payload)
    assert_refused_as_malformed(client, hook_url, _signed(payload), agent, reason)
