import json
from pathlib import Path

import pytest

from sellerdesk.channels.messenger.tests.fakes import (APP_SECRET, IG_ACCOUNT_ID, PAGE_ACCESS_TOKEN, PAGE_ID, SENT,
                                                       VERIFY_TOKEN)
from sellerdesk.channels.models import ChannelAccount
from sellerdesk.lib import clock
from tests.channels.apikit import api  # noqa: F401 - the fake-server fixture
from tests.channels.webhookkit import post as post_capture

CHANNELS = Path(__file__).resolve().parents[2]


def capture(name: str, channel: str = "messenger") -> dict:
    return json.loads((CHANNELS / channel / "fixtures" / name).read_text(encoding="utf-8"))


def make_account(kind: str = "messenger", *, server=None, human_agent: bool = False, **creds) -> ChannelAccount:
    config = {"human_agent": human_agent}
    if server is not None:
        config["graph_base"] = server.url
    address = IG_ACCOUNT_ID if kind == "instagram" else PAGE_ID
    account = ChannelAccount(kind=kind, name=f"Acme {kind}", address=address, marketplace="US", config=config)
    account.credentials = {"app_secret": APP_SECRET, "verify_token": VERIFY_TOKEN, "page_access_token": PAGE_ACCESS_TOKEN, **creds}
    account.save()
    return account


@pytest.fixture
def page_account(db):
    return make_account()


def post(client, account, name: str, at=SENT):
    with clock.frozen(at):
        return post_capture(client, f"/hooks/{account.kind}/{account.pk}/", capture(name, account.kind))


def post_signed(client, account, events: list[dict], at=SENT):
    """A delivery built in the test (e.g. naming the fake server's file URLs), signed with the app secret."""
    from sellerdesk.channels.messenger.tests.build_fixtures import capture as build

    obj = "instagram" if account.kind == "instagram" else "page"
    with clock.frozen(at):
        return post_capture(client, f"/hooks/{account.kind}/{account.pk}/", build(obj, account.address, events))
