"""The tracking timeline beside the conversation, and the tracking page with its "not configured" state."""

from __future__ import annotations

from django.test import Client

from sellerdesk.channels.models import ChannelAccount
from sellerdesk.conversations.models import Conversation
from sellerdesk.tracking import actions
from sellerdesk.tracking.models import Shipment
from sellerdesk.tracking.providers.base import Scan
from tests.tracking.conftest import NOW
from tests.web.conftest import make_agent, translations  # noqa: F401

import datetime as dt


def conversation_for(order):
    account = ChannelAccount.objects.create(kind="email", name="Support", address="support@shop.example")
    return Conversation.objects.create(channel="email", account=account, customer=order.customer, order=order,
                                       subject="Where is my order?", created_at=NOW, last_message_at=NOW)


def test_timeline_with_carrier_link_newest_first_in_english_and_chinese(shopify_order, settings):
    settings.TRACK17_TOKEN = settings.AFTERSHIP_API_KEY = ""
    actions.apply_scans(Shipment.objects.get(), [
        Scan("exception", "customs_hold", NOW - dt.timedelta(hours=2), "Held in customs", "New York, NY")], source="aftership")
    conv = conversation_for(shopify_order)
    client = Client()
    client.force_login(make_agent("anna", timezone="UTC"))
    html = client.get(f"/conversations/{conv.pk}/").content.decode()
    assert '<a href="https://tools.usps.com/go/TrackConfirmAction?tLabels=9400111899223197428490" rel="noopener noreferrer" target="_blank">Carrier page</a>' in html
    assert '<strong class="track-exception">Delivery problem: held in customs</strong>' in html
    timeline = html.split('<ol class="track-events">')[1].split("</ol>")[0]
    # newest first: the platform's word came at noon, the carrier's scan at 10:00; the status is the carrier's
    assert timeline == ('<li><time>11/05/2026 noon</time> In transit</li><li><time>11/05/2026 10 a.m.</time> Delivery problem: '
                        'held in customs · New York, NY <span class="muted">Held in customs</span></li>')
    assert "Carrier tracking is not configured: shown is what the platform sent." in html
    client.post("/language/", {"language": "zh-hans"})
    html = client.get(f"/conversations/{conv.pk}/").content.decode()
    assert '<strong class="track-exception">配送异常: 海关扣留</strong>' in html
    assert ">承运商页面</a>" in html


def test_tracking_page_says_not_configured_then_which_service(db, settings):
    settings.TRACK17_TOKEN = settings.AFTERSHIP_API_KEY = ""
    client = Client()
    client.force_login(make_agent("boss", role="admin"))
    html = client.get("/tracking/").content.decode()
    assert 'id="tracking-not-configured">Not configured: no tracking service is set up' in html
    assert "http://testserver/hooks/tracking/aftership/" in html
    settings.AFTERSHIP_API_KEY = "k"
    html = client.get("/tracking/").content.decode()
    assert "Shipments are tracked with AfterShip." in html
    client.force_login(make_agent("anna"))
    assert client.get("/tracking/").status_code == 403
