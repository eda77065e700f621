import datetime as dt

import pytest

from sellerdesk.channels.models import ChannelAccount
from sellerdesk.conversations.models import Conversation
from sellerdesk.customers.models import Customer
from sellerdesk.lib import clock
from sellerdesk.orders.models import Order

T0 = dt.datetime(2026, 11, 23, 12, 0, tzinfo=dt.timezone.utc)


@pytest.fixture
def now():
    with clock.frozen(T0):
        yield T0


@pytest.fixture
def amazon_account(db):
    return ChannelAccount.objects.create(kind="amazon", name="Amazon DE", address="seller@marketplace.amazon.de", marketplace="DE",
                                         config={"shop": {"name": "Brightdesk"}})  # the shop name buyers see


@pytest.fixture
def buyer(db):
    return Customer.objects.create(name="Jana Käufer", country="DE", language="de", created_at=T0)


@pytest.fixture
def make_amazon_conv(amazon_account, buyer, now):
    def make(order_number="302-1234567-1234567", **fields):
        order = None
        if order_number:
            order, _ = Order.objects.get_or_create(
                platform="amazon", number=order_number, defaults={"marketplace": "DE", "customer": buyer, "created_at": T0}
            )
        values = dict(
            channel="amazon", account=amazon_account, marketplace="DE", customer=buyer, order=order,
            subject="Frage zur Bestellung", created_at=T0, last_message_at=T0, last_inbound_at=T0 - dt.timedelta(hours=2),
        )
        values.update(fields)
        return Conversation.objects.create(**values)

    return make


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # The send test creates an agent with a real password; the default hasher would dominate the run.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def starter_library(request):
    """The migration loads the starter templates; a transactional test elsewhere (browser tests) flushes them.
    Loading is idempotent, so this only restores them after such a flush."""
    if "db" in request.fixturenames or "transactional_db" in request.fixturenames:
        from sellerdesk.replies.actions import load_starter_library

        request.getfixturevalue("transactional_db" if "transactional_db" in request.fixturenames else "db")
        load_starter_library()
