"""The WeChat API client against a fake WeChat server in its own process: the token fetched and
cached, 40001/42001 refreshed once, busy (-1), 429 and 5xx retried, permanent errors explained;
replies through the customer-service API from the agent's send to the message's state."""

from __future__ import annotations

import base64
import datetime as dt
import json
from urllib.parse import parse_qsl

import pytest

from sellerdesk.channels.base import PermanentSendError, RetryableSendError
from sellerdesk.channels.wechat.client import WeChatClient
from sellerdesk.channels.wechat.tests.conftest import make_account
from sellerdesk.channels.wechat.tests.fakes import APP_ID, APP_SECRET, OPENID
from sellerdesk.lib import clock

NOW = dt.datetime(2025, 11, 4, 9, 20, tzinfo=dt.timezone.utc)
TOKEN = "GET /cgi-bin/token"
SEND = "POST /cgi-bin/message/custom/send"
OK = {"json": {"errcode": 0, "errmsg": "ok"}}


def token(value: str) -> dict:
    return {"json": {"access_token": value, "expires_in": 7200}}


def client_for(server, sleeps=None, **creds):
    account = make_account(api_base=server.url, **creds)
    return account, WeChatClient(account, sleep=(sleeps.append if sleeps is not None else lambda s: None))


def query(request) -> dict:
    return dict(parse_qsl(request["query"]))


def test_token_is_fetched_once_and_cached_on_the_account(db, api):
    server = api({TOKEN: [token("ACCESS_1")], SEND: [OK]})
    account, client = client_for(server)
    with clock.frozen(NOW):
        client.send_text(OPENID, "您好，包裹明天到。")
        WeChatClient(account).send_text(OPENID, "还有问题请告诉我们。")  # a new client: the stored token
    token_call, first, second = server.requests()
    assert query(token_call) == {"grant_type": "client_credential", "appid": APP_ID, "secret": APP_SECRET}
    assert [query(first), query(second)] == [{"access_token": "ACCESS_1"}] * 2
    assert json.loads(first["body"]) == {"touser": OPENID, "msgtype": "text", "text": {"content": "您好，包裹明天到。"}}
    assert "您好" in first["body"]  # the characters themselves, not \u escapes
    account.refresh_from_db()
    assert (account.credentials["access_token"], account.credentials["access_token_expires_at"]) == ("ACCESS_1", int(NOW.timestamp()) + 7200)


@pytest.mark.parametrize("code", [40001, 42001])
def test_expired_token_is_renewed_once_and_the_send_repeated(db, api, code):
    server = api({TOKEN: [token("ACCESS_2")], SEND: [{"json": {"errcode": code, "errmsg": "access_token expired"}}, OK]})
    _account, client = client_for(server, access_token="ACCESS_OLD", access_token_expires_at=int(NOW.timestamp()) + 3600)
    with clock.frozen(NOW):
        client.send_text(OPENID, "好的")
    assert [(r["method"], r["path"], query(r).get("access_token")) for r in server.requests()] == [
        ("POST", "/cgi-bin/message/custom/send", "ACCESS_OLD"), ("GET", "/cgi-bin/token", None),
        ("POST", "/cgi-bin/message/custom/send", "ACCESS_2")]


def test_a_token_refused_again_is_a_permanent_error(db, api):
    server = api({TOKEN: [token("ACCESS_2")], SEND: [{"json": {"errcode": 40001, "errmsg": "invalid credential"}}]})
    _account, client = client_for(server)
    with clock.frozen(NOW), pytest.raises(PermanentSendError) as exc:
        client.send_text(OPENID, "好的")
    assert str(exc.value) == "WeChat customer-service message refused: the access token was refused again after renewing it (40001 invalid credential)"


def test_closed_window_is_explained(db, api):
    server = api({TOKEN: [token("ACCESS_1")], SEND: [{"json": {"errcode": 45015, "errmsg": "response out of time limit or subscription is canceled"}}]})
    _account, client = client_for(server)
    with clock.frozen(NOW), pytest.raises(PermanentSendError) as exc:
        client.send_text(OPENID, "好的")
    assert str(exc.value) == ("WeChat customer-service message refused: 45015 response out of time limit or subscription is canceled: "
                              "the 48-hour customer-service window is closed (the buyer has not written for 48 hours): only a template message can reach them")


def test_busy_429_and_5xx_are_retried(db, api):
    server = api({TOKEN: [token("ACCESS_1")], SEND: [{"json": {"errcode": -1, "errmsg": "system error"}},
                                                     {"status": 429, "text": "slow down", "headers": {"Retry-After": "3"}},
                                                     {"status": 502, "text": "bad gateway"}, OK]})
    sleeps = []
    _account, client = client_for(server, sleeps)
    with clock.frozen(NOW):
        client.send_text(OPENID, "好的")
    assert sleeps == [1.0, 3.0, 5.0]
    assert len([r for r in server.requests() if r["path"] == "/cgi-bin/message/custom/send"]) == 4


def test_5xx_every_time_is_retryable(db, api):
    server = api({TOKEN: [token("ACCESS_1")], SEND: [{"status": 503, "text": "down"}]})
    _account, client = client_for(server)
    with clock.frozen(NOW), pytest.raises(RetryableSendError) as exc:
        client.send_text(OPENID, "好的")
    assert str(exc.value) == "WeChat: HTTP 503 after 4 tries"


def test_wrong_app_secret_is_explained(db, api):
    server = api({TOKEN: [{"json": {"errcode": 40125, "errmsg": "invalid appsecret"}}]})
    _account, client = client_for(server)
    with clock.frozen(NOW), pytest.raises(PermanentSendError) as exc:
        client.send_text(OPENID, "好的")
    assert str(exc.value) == "WeChat token request refused: 40125 invalid appsecret: the AppSecret is not valid"


def test_not_configured_names_what_is_missing(db):
    account = make_account(app_secret="")
    with pytest.raises(PermanentSendError) as exc:
        WeChatClient(account)
    assert str(exc.value) == "not configured: WeChat needs the AppSecret"


def test_picture_is_uploaded_then_sent(db, api):
    server = api({TOKEN: [token("ACCESS_1")], "POST /cgi-bin/media/upload": [{"json": {"type": "image", "media_id": "MEDIA_9", "created_at": 1}}],
                  SEND: [OK]})
    _account, client = client_for(server)
    with clock.frozen(NOW):
        client.send_image(OPENID, "label.png", "image/png", b"\x89PNG\r\n\x1a\n-label")
    _token, upload, send = server.requests()
    assert query(upload) == {"type": "image", "access_token": "ACCESS_1"}
    assert 'name="media"; filename="label.png"' in upload["body"]
    assert json.loads(send["body"]) == {"touser": OPENID, "msgtype": "image", "image": {"media_id": "MEDIA_9"}}


def test_media_download_file_and_video_url(db, api):
    jpeg = b"\xff\xd8\xff\xe0-photo-of-a-broken-box"
    video_host = api({"GET /video/abc.mp4": [{"base64": base64.b64encode(b"mp4-bytes").decode(), "content_type": "video/mp4"}]})
    server = api({TOKEN: [token("ACCESS_1")],
                  "GET /cgi-bin/media/get": [{"base64": base64.b64encode(jpeg).decode(), "content_type": "image/jpeg",
                                              "headers": {"Content-Disposition": 'attachment; filename="box.jpg"'}},
                                             {"json": {"video_url": video_host.url + "/video/abc.mp4"}},
                                             {"json": {"errcode": 40007, "errmsg": "invalid media_id"}}]})
    _account, client = client_for(server)
    with clock.frozen(NOW):
        assert client.media("media_image_4Zq1") == (jpeg, "image/jpeg", "box.jpg")
        assert client.media("media_video_3Hc7") == (b"mp4-bytes", "video/mp4", "media_video_3Hc7.mp4")
        with pytest.raises(PermanentSendError) as exc:
            client.media("gone")
    assert str(exc.value) == "WeChat media download refused: 40007 invalid media_id"
    assert [query(r)["media_id"] for r in server.requests() if r["path"] == "/cgi-bin/media/get"] == [
        "media_image_4Zq1", "media_video_3Hc7", "gone"]
