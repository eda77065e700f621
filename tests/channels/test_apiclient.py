"""The shared API client base (channels/apiclient.py): what every platform client inherits."""

from __future__ import annotations

import socket

import pytest

from sellerdesk.channels.apiclient import ApiClient, NotConfigured
from sellerdesk.channels.base import PermanentSendError, RetryableSendError
from sellerdesk.channels.models import ChannelAccount
from tests.channels.apikit import api  # noqa: F401


class Plain(ApiClient):
    label = "Plain"


def plain(sleeps) -> Plain:
    account = ChannelAccount(kind="x", name="x")
    account.credentials = {"access_token": "t"}
    return Plain(account, sleep=sleeps.append)


def test_retry_after_is_capped_and_a_bad_value_waits_one_second(db, api):
    server = api({"GET /x": [{"status": 429, "headers": {"Retry-After": "3600"}, "text": ""},
                             {"status": 429, "headers": {"Retry-After": "Wed, 21 Oct 2026 07:28:00 GMT"}, "text": ""},
                             {"status": 200, "text": "ok"}]})
    sleeps = []
    assert plain(sleeps).request("GET", server.url + "/x").text == "ok"
    assert sleeps == [30.0, 1.0]


def test_network_errors_back_off_then_are_retryable(db):
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    sleeps = []
    with pytest.raises(RetryableSendError, match=r"^Plain: ConnectError: .* after 4 tries$"):
        plain(sleeps).request("GET", f"http://127.0.0.1:{port}/x")
    assert sleeps == [0.5, 2.0, 5.0]


def test_a_client_that_cannot_renew_says_so(db, api):
    server = api({"GET /x": [{"status": 401, "text": "expired"}]})
    with pytest.raises(PermanentSendError, match=r"^Plain: the access token was refused and cannot be renewed here; authorise the account again$"):
        plain([]).call("GET", server.url + "/x")


def test_secrets_under_another_key_are_not_configured(db, settings):
    account = ChannelAccount(kind="x", name="x", credentials_encrypted="gAAAAABnot-a-valid-token")
    with pytest.raises(PermanentSendError, match=r"^not configured: Plain secrets cannot be read"):
        Plain(account)
    assert str(NotConfigured("Plain", ["a", "b"])) == "not configured: Plain needs the a, b"
