import pytest

from sellerdesk.channels.models import ChannelAccount
from tests.channels.fakesecrets import SHOPIFY_SECRET, SHOPIFY_SHOP


@pytest.fixture
def shop(db):
    account = ChannelAccount(kind="shopify", name="Acme store", address=SHOPIFY_SHOP, marketplace="US")
    account.credentials = {"webhook_secret": SHOPIFY_SECRET}
    account.save()
    return account


@pytest.fixture
def hook_url(shop):
    return f"/hooks/shopify/{shop.pk}/"
