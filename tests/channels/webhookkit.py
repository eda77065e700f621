"""Helpers for webhook tests: captured deliveries ({"headers", "body"}) posted over HTTP to the real URL."""

from __future__ import annotations

import json
from pathlib import Path

from sellerdesk.channels import pipeline
from sellerdesk.channels.models import RawDelivery
from sellerdesk.lib import clock

HERE = Path(__file__).resolve().parent
CHANNELS = Path(__file__).resolve().parents[2] / "sellerdesk" / "channels"


def fixtures_dir(channel: str) -> Path:
    """A channel's captured deliveries: in its folder (sellerdesk/channels/<name>/fixtures/)."""
    own = CHANNELS / channel / "fixtures"
    return own if own.is_dir() else HERE / channel / "fixtures"


def capture(channel: str, name: str) -> dict:
    return json.loads((fixtures_dir(channel) / name).read_text(encoding="utf-8"))


def meta(headers: dict) -> dict:
    """Headers as the Django test Client takes them (HTTP_X_SHOPIFY_TOPIC=...)."""
    out = {}
    for name, value in headers.items():
        key = name.upper().replace("-", "_")
        out[key if key in ("CONTENT_TYPE", "CONTENT_LENGTH") else f"HTTP_{key}"] = value
    return out


def post(client, url: str, delivery: dict):
    headers = {k: v for k, v in delivery["headers"].items() if k.lower() != "content-type"}
    content_type = next((v for k, v in delivery["headers"].items() if k.lower() == "content-type"), "application/json")
    body = delivery["body"].encode("utf-8") if isinstance(delivery["body"], str) else delivery["body"]
    return client.post(url, data=body, content_type=content_type, **meta(headers))


def run_worker(now) -> list[str]:
    """What the task worker does with the queued deliveries: process each, oldest first."""
    done = []
    for pk in RawDelivery.objects.filter(status=RawDelivery.Status.RECEIVED).order_by("pk").values_list("pk", flat=True):
        with clock.frozen(now):
            done.append(pipeline.process(pk))
    return done



def assert_refused_as_malformed(client, url: str, delivery: dict, agent, reason: str) -> None:
    """The delivery is answered 400 naming `reason`, stored failed with it (one row, no message), and
    the Problems page shows it."""
    from sellerdesk.conversations.models import Message

    response = post(client, url, delivery)
    assert (response.status_code, response.json()) == (400, {"error": f"malformed: {reason}"})
    raw = RawDelivery.objects.get()
    assert (raw.status, raw.error) == ("failed", f"malformed: {reason}")
    assert Message.objects.count() == 0
    client.force_login(agent)
    assert f"malformed: {reason}" in client.get("/problems/").content.decode()
