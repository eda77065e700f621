"""17TRACK API v2.2: register numbers, read their track info, receive pushes.

Facts (docs/tracking.md, "17TRACK"): base https://api.17track.net/track/v2.2, header `17token`;
`POST /register` and `POST /gettrackinfo` take a JSON list of {"number", "carrier"?} (at most 40)
and answer {"code": 0, "data": {"accepted": [...], "rejected": [{"number", "error": {"code",
"message"}}]}}; a number already registered is rejected with -18019901 (we count it as known);
track_info has latest_status {status, sub_status}, latest_event and tracking.providers[].events[]
{time_iso, description, location, stage, sub_status}. Pushes: TRACKING_UPDATED / TRACKING_STOPPED,
signed in the `sign` header with the lowercase hex SHA-256 of `body + "/" + key` (a plain hash,
not an HMAC). Assumed ([U]): a refused key answers 401/403 or a non-zero top-level code.
"""

from __future__ import annotations

import hashlib
import hmac

from django.conf import settings

from sellerdesk.channels.apiclient import json_of
from sellerdesk.tracking import kinds
from sellerdesk.tracking.providers.base import (BadSignature, Provider, Scan, Shipped, TrackingError, TrackResult,
                                                parse_time)

BATCH = 40
ALREADY_REGISTERED = -18019901


class Track17(Provider):
    name = "17track"
    label = "17TRACK"

    def missing(self) -> list[str]:
        return [] if settings.TRACK17_TOKEN else ["SELLERDESK_17TRACK_TOKEN"]

    def _post(self, path: str, items: list[dict]) -> dict:
        if self.missing():
            raise TrackingError("config", "not configured: 17TRACK needs SELLERDESK_17TRACK_TOKEN")
        response = self.request("POST", settings.TRACK17_URL.rstrip("/") + path, json=items,
                                headers={"17token": settings.TRACK17_TOKEN})
        data = json_of(response)
        if response.status_code in (401, 403):
            raise TrackingError("config", f"17TRACK refused the token: HTTP {response.status_code}: {_message(data, response)}")
        if response.status_code != 200 or not isinstance(data, dict):
            raise TrackingError("permanent", f"17TRACK {path} refused: HTTP {response.status_code}: {_message(data, response)}")
        if data.get("code") != 0:
            raise TrackingError("config" if data.get("code") in (401, 403) else "permanent",
                                f"17TRACK {path}: code {data.get('code')}: {_message(data, response)}")
        return data.get("data") or {}

    def carrier_code(self, carrier: str) -> str:
        # 17TRACK's carriers are numbers; a name is left for 17TRACK to detect from the number.
        return carrier.strip() if carrier.strip().isdigit() else ""

    def track(self, shipments: list[Shipped]) -> list[TrackResult]:
        results: list[TrackResult] = []
        for start in range(0, len(shipments), BATCH):
            batch = shipments[start:start + BATCH]
            items = [{"number": s.number, **({"carrier": int(s.carrier)} if s.carrier.isdigit() else {})} for s in batch]
            registered = self._post("/register", items)
            refused = {}
            for r in registered.get("rejected") or []:
                error = r.get("error") or {}
                if error.get("code") != ALREADY_REGISTERED:
                    refused[str(r.get("number"))] = f"{error.get('code')}: {error.get('message') or 'rejected'}"
            results += [TrackResult(number, error=reason) for number, reason in refused.items()]
            wanted = [i for i in items if i["number"] not in refused]
            if not wanted:
                continue
            info = self._post("/gettrackinfo", wanted)
            for a in info.get("accepted") or []:
                results.append(TrackResult(str(a.get("number")), scans=scans_of(a.get("track_info") or {})))
            for r in info.get("rejected") or []:
                error = r.get("error") or {}
                results.append(TrackResult(str(r.get("number")), error=f"{error.get('code')}: {error.get('message') or 'rejected'}"))
        return results

    # --- pushes ---------------------------------------------------------------------------------
    def verify(self, body: bytes, header) -> None:
        if not settings.TRACK17_TOKEN:
            raise BadSignature("not configured: SELLERDESK_17TRACK_TOKEN is not set")
        expected = hashlib.sha256(body + b"/" + settings.TRACK17_TOKEN.encode()).hexdigest()
        if not hmac.compare_digest(expected, header("sign").strip().lower()):
            raise BadSignature("the sign header does not match")

    def event_key(self, data: dict) -> str:
        d = data.get("data") or {}
        info = d.get("track_info") or {}
        parts = (data.get("event"), d.get("number"), d.get("carrier"), (info.get("latest_event") or {}).get("time_iso"),
                 (info.get("latest_status") or {}).get("status"), (info.get("latest_status") or {}).get("sub_status"))
        if not d.get("number"):
            raise ValueError("no data.number")
        return "|".join(str(p or "") for p in parts)[:200]

    def parse_push(self, data: dict) -> TrackResult | None:
        if data.get("event") != "TRACKING_UPDATED":
            return None
        d = data.get("data") or {}
        return TrackResult(str(d.get("number") or ""), scans=scans_of(d.get("track_info") or {}))


def scans_of(info: dict) -> list[Scan]:
    latest_status = info.get("latest_status") or {}
    latest_time = parse_time((info.get("latest_event") or {}).get("time_iso"))
    events = [e for p in (info.get("tracking") or {}).get("providers") or [] for e in p.get("events") or []]
    if not events and info.get("latest_event"):
        events = [info["latest_event"]]
    scans = []
    for event in events:
        at = parse_time(event.get("time_iso") or event.get("time_utc"))
        if at is None:
            continue
        text = str(event.get("description") or "")
        found = kinds.from_17track(sub_status=event.get("sub_status") or "", stage=event.get("stage") or "", text=text)
        if found is None and at == latest_time:
            found = kinds.from_17track(latest_status.get("status") or "", latest_status.get("sub_status") or "", text=text)
        kind, sub = found or (kinds.IN_TRANSIT, "")
        scans.append(Scan(kind, sub, at, text[:300], str(event.get("location") or "")[:200]))
    return scans


def _message(data, response) -> str:
    if isinstance(data, dict):
        errors = (data.get("data") or {}).get("errors") if isinstance(data.get("data"), dict) else None
        if errors:
            return str(errors[0].get("message") or errors[0])[:200]
        if data.get("message"):
            return str(data["message"])[:200]
    return response.text[:200]
