"""Web UI tests: Django's test client against the real views, translations compiled from the .po."""

from __future__ import annotations

import datetime as dt
import fcntl

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.utils.translation import trans_real

from sellerdesk.channels.models import ChannelAccount
from sellerdesk.conversations.models import Conversation
from sellerdesk.customers.models import Customer, Identity
from sellerdesk.lib import clock
from sellerdesk.search.index import index_conversations

T0 = dt.datetime(2026, 11, 23, 12, 0, tzinfo=dt.timezone.utc)  # 20:00 in Asia/Shanghai
PASSWORD = "agent-password"


def compile_translations() -> None:
    """Build django.mo once per machine run; a lock keeps parallel workers from writing it together."""
    with open("/tmp/sellerdesk-compilemessages.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        call_command("compilemessages_babel", verbosity=0)
    # Django caches catalogues per process: drop what may have been loaded before the .mo existed.
    trans_real._translations = {}
    trans_real._default = None


@pytest.fixture(scope="session", autouse=True)
def translations():
    compile_translations()


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def now():
    with clock.frozen(T0):
        yield T0


def make_agent(username: str, *, role: str = "agent", name: str = "", ui_language: str = "en", timezone: str = "Asia/Shanghai"):
    call_command(
        "createagent", username, password=PASSWORD, role=role, name=name or username.title(),
        ui_language=ui_language, timezone=timezone, verbosity=0,
    )
    return get_user_model().objects.select_related("agent").get(username=username)


@pytest.fixture
def agent(db):
    return make_agent("anna", name="Anna Schmidt")


@pytest.fixture
def admin_agent(db):
    return make_agent("boss", role="admin", name="Bo Admin")


@pytest.fixture
def web(agent):
    client = Client()
    client.force_login(agent)
    return client


@pytest.fixture
def admin_web(admin_agent):
    client = Client()
    client.force_login(admin_agent)
    return client


@pytest.fixture
def email_account(db):
    return ChannelAccount.objects.create(kind="email", name="Support", address="support@shop.example")


@pytest.fixture
def amazon_account(db):
    return ChannelAccount.objects.create(kind="email", name="Amazon US relay", address="amazon-us@shop.example", marketplace="US")


@pytest.fixture
def customer(db):
    c = Customer.objects.create(name="Jane Buyer", email="jane@buyer.example", country="DE", language="de", created_at=T0)
    Identity.objects.create(customer=c, kind="email", value="jane@buyer.example")
    return c


@pytest.fixture
def make_conv(email_account, customer):
    def make(subject="Where is my order?", **fields):
        values = dict(channel="email", account=email_account, customer=customer, subject=subject, created_at=T0, last_message_at=T0)
        values.update(fields)
        conv = Conversation.objects.create(**values)
        index_conversations([conv.pk])  # as the intake does for the conversations it creates
        return conv

    return make


def row_ids(html: str) -> list[int]:
    """Conversation ids of the inbox rows, in page order."""
    import re

    return [int(i) for i in re.findall(r'<a class="row[^"]*" href="/conversations/\d+/" data-id="(\d+)"', html)]
