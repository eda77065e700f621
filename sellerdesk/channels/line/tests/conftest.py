import json
from pathlib import Path

import pytest

from sellerdesk.channels.line.tests.fakes import BOT_USER_ID, CHANNEL_ACCESS_TOKEN, CHANNEL_ID, CHANNEL_SECRET, SENT
from sellerdesk.channels.models import ChannelAccount
from sellerdesk.lib import clock
from tests.channels.apikit import api  # noqa: F401 - the fake-server fixture
from tests.channels.webhookkit import post as post_capture

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def capture(name: str) -> dict:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def make_account(*, server=None, long_lived: bool = True, **creds) -> ChannelAccount:
    config = {"channel_id": CHANNEL_ID}
    if server is not None:
        config.update(api_base=server.url, data_api_base=server.url)
    account = ChannelAccount(kind="line", name="Acme LINE", address=BOT_USER_ID, marketplace="JP", config=config)
    account.credentials = {"channel_secret": CHANNEL_SECRET, **({"channel_access_token": CHANNEL_ACCESS_TOKEN} if long_lived else {}), **creds}
    account.save()
    return account


@pytest.fixture
def line_account(db):
    return make_account()


def post(client, account, name: str):
    with clock.frozen(SENT):
        return post_capture(client, f"/hooks/line/{account.pk}/", capture(name))

