"""What every tracking aggregator adapter gives: numbers tracked, scans read, pushes verified.

The HTTP calls go through channels.apiclient.ApiClient.request (timeouts, 429 waits, 5xx
back-off). Errors are one class with a kind the poller acts on:
- "config": the key is missing or refused (401/403) — nothing is tracked until a person fixes it;
- "retry": throttled or the service is down after the retries — the shipments are tried later;
- "permanent": the service refused the request itself — the message is kept on the shipments.
A single number the service cannot track (unknown carrier, malformed number) is not an error of
the call: it comes back as a TrackResult with `error`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from types import SimpleNamespace

from sellerdesk.channels.apiclient import ApiClient
from sellerdesk.channels.base import RetryableSendError


class TrackingError(Exception):
    def __init__(self, kind: str, message: str):
        super().__init__(message)
        self.kind = kind  # "config" | "retry" | "permanent"


class BadSignature(Exception):
    pass


@dataclass
class Scan:
    kind: str
    sub_kind: str
    at: dt.datetime
    description: str = ""
    location: str = ""
    ident: str = ""  # a platform status has no scan time: it is one event per status word

    def key(self, source: str) -> str:
        """The same scan reported twice (poll and push, or a retry) has the same key."""
        if self.ident:
            return hashlib.sha256(f"{source}|{self.ident}".encode()).hexdigest()[:40]
        raw = f"{source}|{self.at.astimezone(dt.timezone.utc).isoformat()}|{self.kind}|{self.sub_kind}|{self.description.strip()}"
        return hashlib.sha256(raw.encode()).hexdigest()[:40]


@dataclass
class TrackResult:
    number: str
    scans: list[Scan] = field(default_factory=list)
    error: str = ""  # this number cannot be tracked: the service's reason


@dataclass
class Shipped:
    """What a tracking service says about one number (the input of a poll or a push)."""

    number: str
    carrier: str = ""  # the service's carrier code or slug, "" to let it detect


def parse_time(value) -> dt.datetime | None:
    """An ISO 8601 time with an offset; a time without one is read as UTC (carriers' local times
    come with offsets from both services)."""
    if not value:
        return None
    try:
        parsed = dt.datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.timezone.utc)


class Provider:
    name = ""
    label = ""
    settings_names: dict[str, str] = {}  # what the adapter needs -> the environment variable naming it

    def __init__(self, *, sleep: Callable[[float], None] = time.sleep):
        self.sleep = sleep

    def missing(self) -> list[str]:
        """Environment variables still to set; empty when the adapter can work."""
        raise NotImplementedError

    def http(self) -> ApiClient:
        client = ApiClient(SimpleNamespace(config={}, credentials={}), sleep=self.sleep)
        client.label = self.label
        return client

    def request(self, method: str, url: str, **kwargs):
        try:
            return self.http().request(method, url, **kwargs)
        except RetryableSendError as exc:
            raise TrackingError("retry", str(exc)) from None

    def track(self, shipments: list[Shipped]) -> list[TrackResult]:
        raise NotImplementedError

    # --- pushes ---------------------------------------------------------------------------------
    def verify(self, body: bytes, header: Callable[[str], str]) -> None:
        raise NotImplementedError

    def event_key(self, data: dict) -> str:
        raise NotImplementedError

    def parse_push(self, data: dict) -> TrackResult | None:
        """The scans a push carries; None for a push that is not about scans."""
        raise NotImplementedError
