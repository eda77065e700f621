import pytest

from sellerdesk.channels.ebay import keys
from sellerdesk.channels.models import ChannelAccount
from tests.channels.build_fixtures import ebay_public_pem
from tests.channels.fakesecrets import EBAY_KID, EBAY_SELLER, EBAY_VERIFICATION_TOKEN
from tests.servers.fakehttp import FakeHttpServer


@pytest.fixture
def key_server():
    """eBay's getPublicKey and OAuth token endpoints, faked in their own process."""
    pem = ebay_public_pem()
    # eBay returns the PEM on one line; the receiver must cope with that.
    one_line = pem.replace("\n", "")
    server = FakeHttpServer({
        "POST /identity/v1/oauth2/token": [{"json": {"access_token": "v^1.1#i^1#app-token", "expires_in": 7200, "token_type": "Application Access Token"}}],
        f"GET /commerce/notification/v1/public_key/{EBAY_KID}": [{"json": {"algorithm": "ECDSA", "digest": "SHA1", "key": one_line}}],
    }).start()
    keys.clear_cache()
    try:
        yield server
    finally:
        server.stop()
        keys.clear_cache()


@pytest.fixture
def ebay_account(db, key_server):
    account = ChannelAccount(kind="ebay", name="eBay US", address=EBAY_SELLER, marketplace="US", config={
        "public_key_url": key_server.url + "/commerce/notification/v1/public_key/{kid}",
        "token_url": key_server.url + "/identity/v1/oauth2/token",
    })
    account.credentials = {"verification_token": EBAY_VERIFICATION_TOKEN, "client_id": "SellerDe-desk-PRD-0123456789", "client_secret": "PRD-0123456789ab"}
    account.save()
    return account


@pytest.fixture
def hook_url(ebay_account):
    return f"/hooks/ebay/{ebay_account.pk}/"

from tests.channels.apikit import api  # noqa: E402,F401  (fixture: the fake platform API server)
