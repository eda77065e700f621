import datetime as dt

import pytest
from django.test import Client

from sellerdesk.api import tokens
from sellerdesk.conversations.models import Conversation
from sellerdesk.customers.models import Customer, Identity
from sellerdesk.lib import clock
from sellerdesk.search.index import index_conversations

T0 = dt.datetime(2026, 11, 23, 12, 0, tzinfo=dt.timezone.utc)


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # Agents are created with real passwords; the slow default hasher would dominate these tests.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def now():
    with clock.frozen(T0):
        yield T0


@pytest.fixture
def key(agent):
    _, key = tokens.issue(agent, "tests", ["read", "reply"])
    return key


@pytest.fixture
def api(key):
    """A client that sends the agent's bearer token on every request."""
    return Client(HTTP_AUTHORIZATION=f"Bearer {key}")


@pytest.fixture
def customer(db):
    c = Customer.objects.create(name="Jane Buyer", email="jane@buyer.example", country="DE", language="de", created_at=T0)
    Identity.objects.create(customer=c, kind="email", value="jane@buyer.example")
    return c


@pytest.fixture
def make_conv(email_account, customer):
    def make(subject="Where is my order?", **fields):
        values = dict(
            channel="email", account=email_account, customer=customer, subject=subject,
            created_at=T0, last_message_at=T0,
        )
        values.update(fields)
        conv = Conversation.objects.create(**values)
        index_conversations([conv.pk])  # as the intake does for the conversations it creates
        return conv

    return make
