import json
from pathlib import Path

import pytest

from sellerdesk.channels.models import ChannelAccount
from sellerdesk.channels.whatsapp.tests.fakes import ACCESS_TOKEN, APP_SECRET, DISPLAY_NUMBER, PHONE_NUMBER_ID, SENT, VERIFY_TOKEN, WABA_ID
from sellerdesk.lib import clock
from tests.channels.apikit import api  # noqa: F401 - the fake-server fixture
from tests.channels.webhookkit import post as post_capture

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def capture(name: str) -> dict:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def make_account(*, server=None, **creds) -> ChannelAccount:
    config = {"waba_id": WABA_ID, "display_phone_number": DISPLAY_NUMBER}
    if server is not None:
        config["api_base"] = server.url
    account = ChannelAccount(kind="whatsapp", name="Acme WhatsApp", address=PHONE_NUMBER_ID, marketplace="US", config=config)
    account.credentials = {"app_secret": APP_SECRET, "verify_token": VERIFY_TOKEN, "access_token": ACCESS_TOKEN, **creds}
    account.save()
    return account


@pytest.fixture
def wa_account(db):
    return make_account()


def post(client, account, name: str, *, at=None):
    with clock.frozen(at or SENT):
        return post_capture(client, f"/hooks/whatsapp/{account.pk}/", capture(name))
