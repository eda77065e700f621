import pytest
from django.core.cache import cache

from sellerdesk.channels.models import ChannelAccount

STORE = "http://store.example:8123"


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()  # the rate limit counts in the process cache
    yield
    cache.clear()


@pytest.fixture
def chat(db):
    return ChannelAccount.objects.create(kind="webchat", name="Shop chat", config={"domains": [STORE, "shop.example"]})
