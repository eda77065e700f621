import json
from pathlib import Path
from urllib.parse import urlencode

import pytest

from sellerdesk.channels.models import ChannelAccount
from sellerdesk.channels.wechat.tests.fakes import APP_ID, APP_SECRET, ENCODING_AES_KEY, ORIGINAL_ID, TOKEN
from sellerdesk.lib import clock
from tests.channels.apikit import api  # noqa: F401 - the fake-server fixture

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def capture(name: str) -> dict:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def make_account(*, safe: bool = False, api_base: str = "", **creds) -> ChannelAccount:
    account = ChannelAccount(kind="wechat", name="Acme 公众号", address=ORIGINAL_ID, marketplace="CN",
                             config={"app_id": APP_ID, **({"api_base": api_base} if api_base else {})})
    account.credentials = {"token": TOKEN, "app_secret": APP_SECRET, **({"encoding_aes_key": ENCODING_AES_KEY} if safe else {}), **creds}
    account.save()
    return account


@pytest.fixture
def wechat_account(db):
    return make_account()


def post(client, account, name: str, *, at=None):
    """POST a capture to the account's webhook URL, the clock at the capture's time unless `at`."""
    from sellerdesk.channels.wechat.tests.fakes import SENT

    data = capture(name)
    url = f"/hooks/wechat/{account.pk}/?{urlencode(data['query'])}"
    with clock.frozen(at or SENT):
        return client.post(url, data=data["body"].encode(), content_type="text/xml")

