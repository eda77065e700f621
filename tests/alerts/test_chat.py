"""Alerts posted to team-chat robots, against fake WeCom / Feishu / DingTalk / Slack servers on
127.0.0.1: the payload each platform takes and the signature it checks, recomputed here."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from urllib.parse import parse_qs

import pytest

from sellerdesk.alerts import tasks
from sellerdesk.alerts.models import ChatWebhook, Delivery
from sellerdesk.alerts.raising import Alert, raise_alerts
from sellerdesk.lib import clock
from tests.alerts.conftest import T0

ITEM = {"kind": "breach", "conversation": 42, "subject": "Where is my lamp?", "label": "Amazon 24 h"}
LINE_EN = "Deadline missed: Amazon 24 h on conversation #42 “Where is my lamp?”."
LINE_ZH = "已错过期限:对话 #42 “Where is my lamp?” 的 Amazon 24 h。"


def hook(platform, url, secret="", language="en", kinds=("breach",)):
    h = ChatWebhook(name=f"{platform} robot", platform=platform, kinds=list(kinds), language=language, created_at=T0)
    h.target = {"url": url, "secret": secret}
    h.save()
    return h


def raise_and_deliver(django_capture_on_commit_callbacks, settings, item=ITEM):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    with django_capture_on_commit_callbacks(execute=True):
        raise_alerts([Alert(kind=item["kind"], item=item)], now=clock.now())
    return list(Delivery.objects.order_by("id"))


def test_wecom_robot_gets_markdown(api, db, settings, django_capture_on_commit_callbacks):
    server = api({"POST /cgi-bin/webhook/send": [{"json": {"errcode": 0, "errmsg": "ok"}}]})
    hook("wecom", f"{server.url}/cgi-bin/webhook/send?key=robot-key-1")
    [d] = raise_and_deliver(django_capture_on_commit_callbacks, settings)
    assert (d.status, d.attempts, d.error) == ("sent", 1, "")
    [req] = server.requests()
    assert (req["method"], req["query"]) == ("POST", "key=robot-key-1")
    assert json.loads(req["body"]) == {"msgtype": "markdown", "markdown": {
        "content": f"**SellerDesk · SLA breach**\n- [{LINE_EN}](http://127.0.0.1:8000/conversations/42/)"}}


def test_feishu_bot_is_signed_with_timestamp_and_secret(api, db, settings, django_capture_on_commit_callbacks):
    server = api({"POST /open-apis/bot/v2/hook/abc": [{"json": {"code": 0, "msg": "success", "data": {}}}]})
    hook("feishu", f"{server.url}/open-apis/bot/v2/hook/abc", secret="feishu-secret", language="zh-hans")
    before = int(time.time())
    [d] = raise_and_deliver(django_capture_on_commit_callbacks, settings)
    assert d.status == "sent"
    body = json.loads(server.requests()[0]["body"])
    ts = int(body["timestamp"])
    assert before <= ts <= int(time.time())
    # Feishu's check: HMAC-SHA256 keyed with "timestamp\nsecret" over nothing, base64.
    expected = base64.b64encode(hmac.new(f"{ts}\nfeishu-secret".encode(), b"", hashlib.sha256).digest()).decode()
    assert body["sign"] == expected
    assert body["msg_type"] == "post"
    assert body["content"]["post"]["zh_cn"] == {
        "title": "SellerDesk · SLA 违约",
        "content": [[{"tag": "a", "text": LINE_ZH, "href": "http://127.0.0.1:8000/conversations/42/"}]],
    }


def test_dingtalk_robot_is_signed_in_the_url(api, db, settings, django_capture_on_commit_callbacks):
    server = api({"POST /robot/send": [{"json": {"errcode": 0, "errmsg": "ok"}}]})
    hook("dingtalk", f"{server.url}/robot/send?access_token=tok123", secret="SEC-dingtalk")
    [d] = raise_and_deliver(django_capture_on_commit_callbacks, settings)
    assert d.status == "sent"
    req = server.requests()[0]
    query = parse_qs(req["query"])
    assert query["access_token"] == ["tok123"]
    ts = query["timestamp"][0]
    assert abs(int(ts) - time.time() * 1000) < 60_000
    # DingTalk's check: HMAC-SHA256 keyed with the secret over "timestamp\nsecret", base64 (URL-encoded on the wire).
    expected = base64.b64encode(hmac.new(b"SEC-dingtalk", f"{ts}\nSEC-dingtalk".encode(), hashlib.sha256).digest()).decode()
    assert query["sign"] == [expected]
    body = json.loads(req["body"])
    assert body == {"msgtype": "markdown", "markdown": {
        "title": "SellerDesk · SLA breach",
        "text": f"### SellerDesk · SLA breach\n\n- [{LINE_EN}](http://127.0.0.1:8000/conversations/42/)"}}


def test_slack_incoming_webhook(api, db, settings, django_capture_on_commit_callbacks):
    server = api({"POST /services/T1/B1/xyz": [{"text": "ok"}]})
    hook("slack", f"{server.url}/services/T1/B1/xyz")
    [d] = raise_and_deliver(django_capture_on_commit_callbacks, settings)
    assert d.status == "sent"
    assert json.loads(server.requests()[0]["body"]) == {
        "text": f"*SellerDesk · SLA breach*\n• <http://127.0.0.1:8000/conversations/42/|{LINE_EN}>"}


def test_rate_limited_post_is_retried_later_then_sent(api, db, settings, django_capture_on_commit_callbacks):
    server = api({"POST /robot/send": [{"json": {"errcode": 130101, "errmsg": "send too fast"}},
                                             {"json": {"errcode": 0, "errmsg": "ok"}}]})
    hook("dingtalk", f"{server.url}/robot/send?access_token=t")
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    with clock.frozen(T0):
        with django_capture_on_commit_callbacks(execute=False):
            raise_alerts([Alert(kind="breach", item=ITEM)])
        d = Delivery.objects.get()
        assert tasks.deliver(d.pk) == "retrying"
        d.refresh_from_db()
        assert (d.status, d.attempts, d.send_after, d.error) == ("pending", 1, T0 + __import__("datetime").timedelta(seconds=30),
                                                                 "retrying: dingtalk error 130101: send too fast")
        assert tasks.deliver(d.pk) == "pending"  # not before its time
    with clock.frozen(d.send_after):
        assert tasks.deliver(d.pk) == "sent"
        assert tasks.deliver(d.pk) == "sent"  # a second run sends nothing more
    assert len(server.requests()) == 2


@pytest.mark.parametrize("answer, error", [
    ({"json": {"errcode": 310000, "errmsg": "sign not match"}}, "dingtalk error 310000: sign not match"),
    ({"status": 404, "text": "no_service"}, "HTTP 404: no_service"),
])
def test_permanent_errors_fail_at_once(api, db, answer, error):
    server = api({"POST /robot/send": [answer]})
    hook("dingtalk", f"{server.url}/robot/send?access_token=t", secret="s")
    with clock.frozen(T0):
        raise_alerts([Alert(kind="breach", item=ITEM)])
        d = Delivery.objects.get()
        assert tasks.deliver(d.pk) == "failed"
    d.refresh_from_db()
    assert (d.status, d.attempts, d.error) == ("failed", 1, error)


def test_unreachable_robot_is_retryable_and_the_safety_net_requeues(db, settings):
    hook("wecom", "http://127.0.0.1:9/cgi-bin/webhook/send?key=k")  # nothing listens on port 9
    with clock.frozen(T0):
        raise_alerts([Alert(kind="breach", item=ITEM)])
        d = Delivery.objects.get()
        assert tasks.deliver(d.pk) == "retrying"
    assert tasks.requeue(T0 + __import__("datetime").timedelta(seconds=30)) == 0  # its retry is queued already
    assert tasks.requeue(T0 + __import__("datetime").timedelta(minutes=11)) == 1  # a lost task: queued again


def test_robot_only_gets_its_kinds_and_team(db):
    from sellerdesk.accounts.models import Team

    team_a, team_b = Team.objects.create(name="A"), Team.objects.create(name="B")
    h = hook("slack", "http://127.0.0.1:9/x", kinds=("claim",))
    h.team = team_a
    h.save()
    with clock.frozen(T0):
        raise_alerts([Alert(kind="breach", item=ITEM, team_id=team_a.pk),
                      Alert(kind="claim", item={**ITEM, "kind": "claim"}, team_id=team_b.pk)])
        assert Delivery.objects.count() == 0
        raise_alerts([Alert(kind="claim", item={**ITEM, "kind": "claim", "claim_kind": "atoz"}, team_id=team_a.pk)])
    assert [d.items[0]["claim_kind"] for d in Delivery.objects.all()] == ["atoz"]
