"""Calls as the widget makes them: from the store's origin, the token in each form."""

from __future__ import annotations

from sellerdesk.channels import pipeline
from sellerdesk.channels.models import RawDelivery

STORE = "http://store.example:8123"


def start(client, chat, origin: str = STORE, lang: str = "en") -> str:
    r = client.post(f"/chat/{chat.pk}/visitor", {"lang": lang}, HTTP_ORIGIN=origin)
    assert r.status_code == 201, r.content
    return r.json()["token"]


def say(client, chat, token: str, text: str, *, client_id: str = "", origin: str = STORE, **extra):
    data = {"t": token, "text": text, "lang": extra.pop("lang", "en"), "page": "http://store.example:8123/p/1"}
    if client_id:
        data["id"] = client_id
    data.update(extra)
    return client.post(f"/chat/{chat.pk}/messages", data, HTTP_ORIGIN=origin)


def process_waiting() -> list[str]:
    """What the worker's intake does with waiting deliveries."""
    ids = list(RawDelivery.objects.filter(status=RawDelivery.Status.RECEIVED).order_by("pk").values_list("pk", flat=True))
    return [pipeline.process(pk) for pk in ids]
