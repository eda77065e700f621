"""AfterShip Tracking API: create trackings, read them, receive pushes.

Facts (docs/tracking.md, "AfterShip"): header `as-api-key`; `POST /trackings` with {"tracking":
{"tracking_number", "slug"?}} creates one (an existing one answers meta.code 4003: we then read it),
`GET /trackings/{slug}/{number}` reads one; answers are {"meta": {"code", "message", "type"},
"data": {"tracking": {tag, subtag, slug, checkpoints: [{checkpoint_time, message, location,
city, country_name, tag, subtag}]}}}; tags InfoReceived ... AttemptFail, Exception, Expired.
Pushes: {"event": "tracking_update", "event_id", "is_tracking_first_tag", "msg": {tracking}},
signed in `aftership-hmac-sha256` (base64 HMAC-SHA256 of the body with the webhook secret).
Assumed ([U]): 4004 (no such tracking) and 4005/4012 (courier not detected / bad slug) codes.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from urllib.parse import quote

from django.conf import settings

from sellerdesk.channels.apiclient import json_of
from sellerdesk.tracking import kinds
from sellerdesk.tracking.providers.base import (BadSignature, Provider, Scan, Shipped, TrackingError, TrackResult,
                                                parse_time)

EXISTS = 4003
# Slugs of carriers whose platform name is unambiguous; any other carrier is left for AfterShip to detect.
SLUGS = {"usps": "usps", "ups": "ups", "fedex": "fedex", "dhl": "dhl", "dhl express": "dhl"}


class AfterShip(Provider):
    name = "aftership"
    label = "AfterShip"

    def missing(self) -> list[str]:
        return [] if settings.AFTERSHIP_API_KEY else ["SELLERDESK_AFTERSHIP_API_KEY"]

    def _call(self, method: str, path: str, **kwargs) -> tuple[int, dict]:
        if self.missing():
            raise TrackingError("config", "not configured: AfterShip needs SELLERDESK_AFTERSHIP_API_KEY")
        response = self.request(method, settings.AFTERSHIP_URL.rstrip("/") + path,
                                headers={"as-api-key": settings.AFTERSHIP_API_KEY}, **kwargs)
        data = json_of(response)
        data = data if isinstance(data, dict) else {}
        meta = data.get("meta") or {}
        if response.status_code in (401, 403):
            raise TrackingError("config", f"AfterShip refused the API key: HTTP {response.status_code}: {meta.get('message') or response.text[:200]}")
        return response.status_code, data

    def carrier_code(self, carrier: str) -> str:
        return SLUGS.get(carrier.strip().lower(), "")

    def track(self, shipments: list[Shipped]) -> list[TrackResult]:
        return [self._one(s) for s in shipments]

    def _one(self, shipped: Shipped) -> TrackResult:
        body = {"tracking": {"tracking_number": shipped.number, **({"slug": shipped.carrier} if shipped.carrier else {})}}
        status, data = self._call("POST", "/trackings", json=body)
        meta = data.get("meta") or {}
        if status in (200, 201):
            return TrackResult(shipped.number, scans=scans_of((data.get("data") or {}).get("tracking") or {}))
        if meta.get("code") == EXISTS:
            slug = shipped.carrier or ((data.get("data") or {}).get("tracking") or {}).get("slug") or ""
            if slug:
                status, data = self._call("GET", f"/trackings/{quote(slug, safe='')}/{quote(shipped.number, safe='')}")
                if status == 200:
                    return TrackResult(shipped.number, scans=scans_of((data.get("data") or {}).get("tracking") or {}))
                meta = data.get("meta") or {}
        if 400 <= status < 500:
            # This number: the courier is not detected, the number is malformed...
            return TrackResult(shipped.number, error=f"{meta.get('code') or status}: {meta.get('message') or 'refused'}")
        raise TrackingError("permanent", f"AfterShip answered HTTP {status}: {meta.get('message') or ''}".strip())

    # --- pushes ---------------------------------------------------------------------------------
    def verify(self, body: bytes, header) -> None:
        secret = settings.AFTERSHIP_WEBHOOK_SECRET
        if not secret:
            raise BadSignature("not configured: SELLERDESK_AFTERSHIP_WEBHOOK_SECRET is not set")
        expected = base64.b64encode(hmac.new(secret.encode(), body, hashlib.sha256).digest()).decode()
        if not hmac.compare_digest(expected, header("aftership-hmac-sha256").strip()):
            raise BadSignature("the aftership-hmac-sha256 header does not match")

    def event_key(self, data: dict) -> str:
        if not data.get("event_id"):
            raise ValueError("no event_id")
        return str(data["event_id"])[:200]

    def parse_push(self, data: dict) -> TrackResult | None:
        if data.get("event") != "tracking_update":
            return None
        tracking = data.get("msg") or {}
        return TrackResult(str(tracking.get("tracking_number") or ""), scans=scans_of(tracking))


def scans_of(tracking: dict) -> list[Scan]:
    scans = []
    for checkpoint in tracking.get("checkpoints") or []:
        at = parse_time(checkpoint.get("checkpoint_time"))
        if at is None:
            continue
        text = str(checkpoint.get("message") or "")
        found = kinds.from_aftership(checkpoint.get("tag") or "", checkpoint.get("subtag") or "", text)
        if found is None:
            continue  # Pending: nothing happened to the parcel yet
        place = checkpoint.get("location") or ", ".join(p for p in (checkpoint.get("city"), checkpoint.get("country_name")) if p)
        scans.append(Scan(*found, at, text[:300], str(place or "")[:200]))
    return scans
