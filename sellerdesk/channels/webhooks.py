"""HTTP webhook receivers: verify, find the event id, store the raw delivery. Parsing happens later.

One path for every platform and for `sellerdesk inbound`: `receive(account, delivery)`.
- bad or missing signature: counted for the account; stored as `rejected` (the first 4 KB, with
  size and SHA-256) under a digest of the bytes, answered 401 — or, past the account's allowance
  for the minute, only counted and answered 429 (docs/security.md);
- an envelope we cannot read (not JSON, nested too deep, no event id) or a payload its channel's
  declared models refuse (payloads.py: the failing field is named): stored as `failed`, answered 400;
- otherwise `pipeline.store_delivery` under the platform's event id (and, where the event id is
  not signed, a key from the payload): a replay hits a unique key and creates nothing;
  processing is queued after commit.
Failed rows are kept byte for byte; they and rejected rows are listed on the Problems page.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.db.models import Case, F, Q, Value, When

from sellerdesk.channels.base import MalformedDelivery
from sellerdesk.channels.models import ChannelAccount, RawDelivery
from sellerdesk.lib import clock, jsonlimits

# Of a rejected delivery only this much of the body is kept, with its size and SHA-256: enough
# to see what was tried, too little for a flood of forgeries to fill the disk.
REJECTED_KEEP_BYTES = 4096


class BadSignature(Exception):
    """The delivery is not provably from the platform (or no secret is configured to check it)."""


class TryLater(Exception):
    """The signature cannot be checked right now (the platform's key server is down): answer 503,
    store nothing, and let the platform deliver again. The account shows the error."""


@dataclass
class HttpDelivery:
    """One request as received. Header names are matched case-insensitively."""

    body: bytes
    headers: dict[str, str] = field(default_factory=dict)
    query: dict[str, str] = field(default_factory=dict)
    url: str = ""  # the endpoint URL the request was sent to, without the query

    def header(self, name: str) -> str:
        wanted = name.lower()
        return next((v for k, v in self.headers.items() if k.lower() == wanted), "")

    def json(self) -> dict:
        try:
            data = jsonlimits.loads(self.body)
        except (UnicodeDecodeError, ValueError) as exc:
            raise MalformedDelivery(f"body is not JSON: {exc}") from None
        if not isinstance(data, dict):
            raise MalformedDelivery(f"body is a JSON {type(data).__name__}, expected an object")
        return data


@dataclass
class Outcome:
    status: int  # the HTTP answer: 200, 400, 401, 429 or 503
    raw: RawDelivery | None = None
    created: bool = False
    error: str = ""
    payload: dict | None = None  # a JSON answer (eBay's challenge response)
    text: str | None = None  # a plain-text answer (WeChat's echostr and "success")


class WebhookReceiver:
    """Per platform: how a delivery is authenticated and which id makes it unique."""

    channel: str

    def verify(self, account: ChannelAccount, delivery: HttpDelivery) -> None:
        """Raise BadSignature unless the delivery is signed with this account's secret."""
        raise NotImplementedError

    def event_id(self, account: ChannelAccount, delivery: HttpDelivery) -> str:
        """The platform's id of the event; raise MalformedDelivery when the envelope is unreadable."""
        raise NotImplementedError

    def check_payload(self, account: ChannelAccount, delivery: HttpDelivery) -> None:
        """Read the payload through the channel's declared models (its payloads.py); raise
        MalformedDelivery naming the failing field. Runs before storing, so the platform hears 400."""

    def challenge(self, account: ChannelAccount, delivery: HttpDelivery) -> Outcome:
        """Answer a GET (endpoint verification). Platforms without one: not allowed."""
        return Outcome(405, error="this endpoint accepts POST only")

    def answer(self, outcome: Outcome) -> Outcome:
        """The HTTP answer to a POST once it is stored (or refused): the JSON summary by default."""
        return outcome

    def content_key(self, account: ChannelAccount, delivery: HttpDelivery) -> str:
        """A second dedupe key from the signed payload, where the event id is not signed ("": none)."""
        return ""

    # True when what a platform says in a header (not in the body) is needed to read a body:
    # `sellerdesk inbound --topic` is then read by `from_bare_body`.
    takes_topic = False

    def from_bare_body(self, body: bytes, *, topic: str = "") -> HttpDelivery:
        """A bare body (the bytes the platform POSTs, without headers or query: a file from
        another project's tests) as the delivery the platform would have sent. It is processed
        as trusted. By default the body alone; a channel whose headers carry meaning fills them
        in here, or raises MalformedDelivery saying what is missing (stored as failed)."""
        return HttpDelivery(body=body)


def secret(account: ChannelAccount, name: str) -> str:
    """A credential, or BadSignature saying it is not configured (or not readable)."""
    try:
        value = account.credentials.get(name, "")
    except ValueError as exc:  # encrypted with another key
        raise BadSignature(f"not configured: {exc}") from None
    if not value:
        raise BadSignature(f"not configured: this account has no {name.replace('_', ' ')}")
    return value


def _digest(delivery: HttpDelivery) -> str:
    h = hashlib.sha256(delivery.body)
    for name in sorted(k.lower() for k in delivery.headers):
        h.update(f"\0{name}:{delivery.header(name)}".encode())
    return h.hexdigest()[:40]


def receive(account: ChannelAccount, delivery: HttpDelivery, *, trusted: bool = False) -> Outcome:
    """Store one delivery for this account (see the module docstring). `trusted` skips the signature."""
    from sellerdesk.channels import pipeline
    from sellerdesk.channels.registry import get_receiver

    receiver = get_receiver(account.kind)
    headers = dict(delivery.headers)
    if not trusted:
        try:
            receiver.verify(account, delivery)
        except TryLater as exc:
            _note_account_error(account, str(exc))
            return Outcome(503, error=f"cannot verify now: {exc}")
        except BadSignature as exc:
            if not count_rejection(account):
                return Outcome(429, error="too many rejected deliveries for this account: try again later")
            body = delivery.body
            note = (f"bad signature: {exc} (body {len(body)} bytes, sha256 {hashlib.sha256(body).hexdigest()}, "
                    f"first {min(len(body), REJECTED_KEEP_BYTES)} kept)")
            raw, created = pipeline.store_delivery(
                account, f"rejected:{_digest(delivery)}", body[:REJECTED_KEEP_BYTES], headers=headers,
                status=RawDelivery.Status.REJECTED, error=note,
            )
            return Outcome(401, raw, created, f"bad signature: {exc}")
    try:
        external_id = receiver.event_id(account, delivery)
        receiver.check_payload(account, delivery)
    except MalformedDelivery as exc:
        return store_failed(account, delivery, f"malformed: {exc}")
    content_key = receiver.content_key(account, delivery)
    raw, created = pipeline.store_delivery(account, external_id, delivery.body, headers=headers, content_key=content_key)
    return Outcome(200, raw, created)


def store_failed(account: ChannelAccount, delivery: HttpDelivery, error: str) -> Outcome:
    """Keep a delivery we cannot read, byte for byte, as failed with the reason (answered 400).
    The same bytes again are a duplicate of that row."""
    from sellerdesk.channels import pipeline

    raw, created = pipeline.store_delivery(
        account, f"malformed:{_digest(delivery)}", delivery.body, headers=dict(delivery.headers),
        status=RawDelivery.Status.FAILED, error=error,
    )
    return Outcome(400, raw, created, error)


def count_rejection(account: ChannelAccount) -> bool:
    """Count one delivery refused as not from the platform; False once this minute's allowance
    (SELLERDESK_WEBHOOK_REJECTED_PER_MINUTE) is used up: the caller then stores nothing."""
    now = clock.now()
    current = Q(rejected_window_start__gt=now - dt.timedelta(minutes=1))  # the minute that started with the first
    with transaction.atomic():
        ChannelAccount.objects.filter(pk=account.pk).update(
            rejected_total=F("rejected_total") + 1,
            rejected_in_window=Case(When(current, then=F("rejected_in_window") + 1), default=Value(1)),
            rejected_window_start=Case(When(current, then=F("rejected_window_start")), default=Value(now)),
        )
        used = ChannelAccount.objects.filter(pk=account.pk).values_list("rejected_in_window", flat=True).get()
    return used <= settings.WEBHOOK_REJECTED_PER_MINUTE


def _note_account_error(account: ChannelAccount, error: str) -> None:
    from django.db import transaction

    from sellerdesk.conversations.events import record

    with transaction.atomic():
        ChannelAccount.objects.filter(pk=account.pk).update(last_error=error[:1000])
        record("webhook_unverifiable", account_id=account.pk, error=error[:1000])
