"""The bell in the top bar, the list of one's alerts, one's settings, and the admins' chat robots."""

from __future__ import annotations

import datetime as dt
import json

from sellerdesk.alerts.models import ChatWebhook, Notification, Preference
from sellerdesk.audit.models import AuditEntry
from sellerdesk.conversations.models import Event
from tests.alerts.conftest import T0


def notify(user, conv, kind="breach", **data):
    return Notification.objects.create(recipient=user, kind=kind, conversation=conv, created_at=T0,
                                       data={"kind": kind, "conversation": conv.pk, "subject": conv.subject, "label": "Amazon 24 h", **data})


def test_bell_counts_unread_and_the_list_opens_and_marks_read(web, agent, make_conv):
    conv = make_conv()
    first, second = notify(agent, conv), notify(agent, conv)
    page = web.get("/").content.decode()
    assert '<span class="badge" id="alert-count">2</span>' in page
    listing = web.get("/alerts/").content.decode()
    assert listing.count('class="alert-item unread"') == 2
    assert f"Deadline missed: Amazon 24 h on conversation #{conv.pk} “Where is my order?”." in listing
    response = web.post(f"/alerts/{first.pk}/open/")
    assert (response.status_code, response["Location"]) == (302, f"/conversations/{conv.pk}/")
    first.refresh_from_db()
    assert first.read_at is not None
    assert web.get("/alerts/bell/").content.decode().count('id="alert-count">1<') == 1
    web.post("/alerts/read-all/")
    second.refresh_from_db()
    assert second.read_at is not None
    assert 'id="alert-count"' not in web.get("/alerts/bell/").content.decode()
    assert list(Event.objects.filter(kind="notifications_read").values_list("data", flat=True)) == [{"count": 1}, {"count": 1}]


def test_nobody_opens_anothers_alert(web, admin_agent, make_conv):
    theirs = notify(admin_agent, make_conv())
    assert web.post(f"/alerts/{theirs.pk}/open/").status_code == 404


def test_list_pages_by_keyset(web, agent, make_conv):
    conv = make_conv()
    rows = [notify(agent, conv) for _ in range(55)]
    first = web.get("/alerts/").content.decode()
    assert first.count('class="alert-item') == 50
    assert f'href="?before={rows[5].pk}"' in first
    assert web.get(f"/alerts/?before={rows[5].pk}").content.decode().count('class="alert-item') == 5


def test_preferences_in_chinese(web, agent):
    web.post("/language/", {"language": "zh-hans"})
    page = web.get("/alerts/settings/").content.decode()
    assert "免打扰时段" in page and "SLA 违约" in page
    web.post("/alerts/settings/", {"in_app": ["breach", "claim"], "email": ["claim"], "quiet_start": "22:00", "quiet_end": "07:30"})
    pref = Preference.objects.get(user=agent)
    assert (pref.in_app, pref.email, pref.quiet_start, pref.quiet_end) == (["breach", "claim"], ["claim"], dt.time(22), dt.time(7, 30))
    response = web.post("/alerts/settings/", {"in_app": ["breach"], "quiet_start": "22:00"}, follow=True)
    assert "免打扰时段请同时填写开始和结束时间,或都不填。" in response.content.decode()


def test_chat_robots_are_for_admins(web, admin_web, api):
    assert web.get("/alerts/chat/").status_code == 403
    server = api({"POST /open-apis/bot/v2/hook/t": [{"json": {"code": 0, "msg": "success"}}]})
    admin_web.post("/alerts/chat/new/", {"name": "Night shift", "platform": "feishu", "url": f"{server.url}/open-apis/bot/v2/hook/t",
                                         "secret": "s3cret", "kinds": ["breach", "claim"], "language": "en"})
    hook = ChatWebhook.objects.get()
    assert (hook.name, hook.platform, hook.kinds, hook.target) == (
        "Night shift", "feishu", ["breach", "claim"], {"url": f"{server.url}/open-apis/bot/v2/hook/t", "secret": "s3cret"})
    assert "s3cret" not in hook.secret_encrypted
    page = admin_web.get("/alerts/chat/").content.decode()
    assert "Night shift" in page and "s3cret" not in page
    answer = admin_web.post(f"/alerts/chat/{hook.pk}/test/", HTTP_HX_REQUEST="true").content.decode()
    assert answer == '<span class="ok-text">Sent. Check the chat.</span>'
    body = json.loads(server.requests()[0]["body"])
    assert body["content"]["post"]["zh_cn"]["title"] == "SellerDesk test message"
    assert AuditEntry.objects.filter(action="chat_webhook_saved").count() == 1
    admin_web.post(f"/alerts/chat/{hook.pk}/delete/")
    assert ChatWebhook.objects.count() == 0


def test_each_agent_sees_their_own_unread_count_from_the_same_compiled_query(web, agent, admin_agent, make_conv):
    """The navigation's badges are one SELECT compiled once per process (web/nav.py); each request
    puts its own user in it."""
    from django.test import Client

    conv = make_conv()
    notify(agent, conv)
    for _ in range(3):
        notify(admin_agent, conv)
    boss = Client()
    boss.force_login(admin_agent)
    for _ in range(2):  # the second round runs on the SELECT compiled in the first
        assert '<span class="badge" id="alert-count">1</span>' in web.get("/").content.decode()
        assert '<span class="badge" id="alert-count">3</span>' in boss.get("/").content.decode()
