"""A stored web chat delivery (fixtures/) parsed into one message; what does not validate names its field."""

import datetime as dt
import json
from pathlib import Path
from types import SimpleNamespace

import pytest

from sellerdesk.channels.base import MalformedDelivery
from sellerdesk.channels.webchat.parse import parse_delivery

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def raw(body: bytes):
    return SimpleNamespace(body=body)


def test_a_message_with_a_photo():
    [msg] = parse_delivery(raw((FIXTURES / "message_with_photo.json").read_bytes())).messages
    assert msg.external_id == "webchat:0f1e2d3c4b5a69788796a5b4c3d2e1f0:k3x9q1mz4"
    assert (msg.channel, msg.thread_key) == ("webchat", "webchat:0f1e2d3c4b5a69788796a5b4c3d2e1f0")
    assert msg.body_text == "Die Schachtel war beschädigt, siehe Foto."
    assert msg.subject == "Web chat: Die Schachtel war beschädigt, siehe Foto."
    assert (msg.order_number, msg.order_platform) == ("#1042", "shopify")
    assert msg.identities == [("social", "webchat:0f1e2d3c4b5a69788796a5b4c3d2e1f0"), ("email", "jonas@buyer.example")]
    assert msg.sent_at == dt.datetime(2026, 12, 6, 21, 14, 3, 512000, tzinfo=dt.timezone.utc)
    [photo] = msg.attachments
    assert (photo.filename, photo.content_type, photo.data) == ("schachtel.png", "image/png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 16)


@pytest.mark.parametrize("change, reason", [
    ({"photo": {"name": "x.svg", "type": "image/svg+xml", "data": ""}}, "photo.type: String should match pattern"),
    ({"text": "", "photo": None}, "text: empty, and no photo"),
    ({"extra": 1}, "extra: Extra inputs are not permitted"),
    ({"photo": {"name": "x.png", "type": "image/png", "data": "not base64!"}}, "photo.data: not base64"),
])
def test_what_does_not_validate_names_its_field(change, reason):
    data = json.loads((FIXTURES / "message_with_photo.json").read_text()) | change
    with pytest.raises(MalformedDelivery) as err:
        parse_delivery(raw(json.dumps(data).encode()))
    assert str(err.value).startswith(reason)
