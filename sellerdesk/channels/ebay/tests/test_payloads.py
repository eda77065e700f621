"""A notification eBay's declared models refuse: 400 naming the field, stored failed, shown on Problems."""

from __future__ import annotations

import json

import pytest

from tests.channels.build_fixtures import ebay_signature
from tests.channels.webhookkit import assert_refused_as_malformed, capture


def _signed(payload: dict) -> dict:
    body = json.dumps(payload, separators=(",", ":"))
    return {"headers": {"Content-Type": "application/json", "X-EBAY-SIGNATURE": ebay_signature(body.encode())}, "body": body}


@pytest.mark.parametrize(("change", "reason"), [
    (lambda p: p["notification"]["data"].update(messageId={"id": 1}),
     "NEW_MESSAGE: data: messageId: Value error, an id must be a number or a string"),
    (lambda p: p["notification"]["data"].pop("senderUsername"), "NEW_MESSAGE: data: senderUsername: Field required"),
    (lambda p: p["notification"]["data"].update(createdDate="05/11/2026"),
     "NEW_MESSAGE: data: createdDate: Input should be a valid datetime or date, invalid character in year"),
    (lambda p: p["notification"].update(data=["not", "an", "object"]), "notification: notification.data: Input should be a valid dictionary"),
])
def test_a_notification_its_model_refuses_is_400_naming_the_field(client, hook_url, agent, change, reason):
    payload = json.loads(capture("ebay", "message_new.json")["body"])
    change(payload)
    assert_refused_as_malformed(client, hook_url, _signed(payload), agent, reason)
