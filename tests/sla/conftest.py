import datetime as dt

import pytest

from sellerdesk.channels.base import InboundMessage
from sellerdesk.channels.models import ChannelAccount
from sellerdesk.lib import clock
from sellerdesk.sla import presets
from sellerdesk.sla.models import Calendar, Policy

# Monday 2026-11-23 14:00 UTC = 09:00 in New York, 15:00 in Berlin.
T0 = dt.datetime(2026, 11, 23, 14, 0, tzinfo=dt.timezone.utc)


@pytest.fixture(autouse=True)
def sla_presets(db):
    """Migration 0002 loads them; applying again keeps this folder independent of a flushed database."""
    presets.apply(Calendar, Policy)


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def at():
    """at(t): freeze the clock at t for the rest of the test (or inside `with`)."""
    stack = []

    def freeze(when):
        ctx = clock.frozen(when)
        ctx.__enter__()
        stack.append(ctx)
        return when

    yield freeze
    while stack:
        stack.pop().__exit__(None, None, None)


@pytest.fixture
def amazon_account(db):
    return ChannelAccount.objects.create(kind="email", name="Amazon US", address="amazon-us@shop.example", marketplace="US")


@pytest.fixture
def inbound():
    counter = iter(range(1, 10_000))

    def make(channel="amazon", sender="buyer-1@marketplace.amazon.com", thread="T-1", marketplace="US", **fields):
        n = next(counter)
        values = dict(
            external_id=f"<m{n}@buyer.example>", channel=channel, sender=sender, subject="Lamp colours",
            body_text="Hello, which colours does this lamp come in? Thank you.", thread_key=thread,
            marketplace=marketplace, identities=[("email", sender)],
        )
        values.update(fields)
        values.setdefault("body_full", values["body_text"])
        return InboundMessage(**values)

    return make
