import pytest

from sellerdesk.channels.models import ChannelAccount
from tests.channels.fakesecrets import TIKTOK_APP_KEY, TIKTOK_APP_SECRET, TIKTOK_SHOP_ID


@pytest.fixture
def tiktok_account(db):
    account = ChannelAccount(kind="tiktok", name="TikTok Shop US", address=TIKTOK_SHOP_ID, marketplace="US",
                             config={"app_key": TIKTOK_APP_KEY})
    account.credentials = {"app_secret": TIKTOK_APP_SECRET}
    account.save()
    return account


@pytest.fixture
def hook_url(tiktok_account):
    return f"/hooks/tiktok/{tiktok_account.pk}/"

from tests.channels.apikit import api  # noqa: E402,F401  (fixture: the fake platform API server)
