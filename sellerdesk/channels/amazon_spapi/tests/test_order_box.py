"""The Amazon order box beside a conversation: getOrder / getOrderItems details when SP-API is set up
(fetched through the task queue on the first view of a placeholder order, never while the page
waits), what the mails say otherwise."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.cache import cache
from django_tasks_db.models import DBTaskResult

from sellerdesk.channels import lookups
from sellerdesk.channels.amazon_spapi.tests.test_sidebar import amazon_conversation
from sellerdesk.channels.amazon_spapi.tests.test_spapi import (BUYER, BUYER_JSON, GET_ORDER, ITEMS, ITEMS_PAGE_1, ITEMS_PAGE_2, LWA,
                                                              ORDER, ORDER_JSON, TOKEN, account_for)
from sellerdesk.lib import clock

NOW = dt.datetime(2026, 11, 4, 9, 15, tzinfo=dt.timezone.utc)
LOOKUP = "sellerdesk.channels.lookups.lookup_order"


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()  # the "queued on view" marks of other tests
    yield
    cache.clear()


def _order_box(html: str) -> str:
    return re.search(r"<h2>Order</h2>.*?</section>", html, re.S).group(0)


def _lookups() -> list[list]:
    return [r.args_kwargs["args"] for r in DBTaskResult.objects.filter(task_path=LOOKUP).order_by("enqueued_at")]


def test_first_view_queues_the_lookup_once_and_the_box_then_shows_amazons_details(client, db, api, agent, email_account):
    conv = amazon_conversation(email_account, NOW)  # no SP-API account yet: the order is a number only
    server = api({LWA: [TOKEN], GET_ORDER: [ORDER_JSON], ITEMS: [ITEMS_PAGE_1, ITEMS_PAGE_2], BUYER: [BUYER_JSON]})
    account_for(server)
    client.force_login(agent)
    with clock.frozen(NOW):
        first = _order_box(client.get(f"/conversations/{conv.pk}/").content.decode())
        client.get(f"/conversations/{conv.pk}/")
    assert "Fetching the order from Amazon: reload in a minute to see its items and dates." in first
    assert _lookups() == [["amazon", ORDER, "US"]]  # two views, one lookup
    assert server.requests() == []  # the page did not wait for Amazon

    with clock.frozen(NOW):
        assert lookups.lookup_order.call("amazon", ORDER, "US") == "found"  # what the worker runs
        box = _order_box(client.get(f"/conversations/{conv.pk}/").content.decode())
    assert '<dd id="order-status">Shipped</dd>' in box
    assert "<dt>Fulfilment</dt><dd>Fulfilled by the seller (FBM)</dd>" in box
    assert "<dt>Total</dt><dd>45.98 USD</dd>" in box
    assert "<dt>Ship by</dt><dd>10/22/2026 2:59 p.m.</dd>" in box  # 06:59 UTC in the agent's Asia/Shanghai
    assert "<dt>Deliver by</dt><dd>10/29/2026 2:59 p.m.</dd>" in box
    assert '<li>2 × Blue mug <span class="muted">· 25.98 USD</span></li>' in box
    assert '<li>1 × Green tea <span class="muted">· 20.00 USD</span></li>' in box
    assert "Fetching the order" not in box and "As the mails say" not in box
    assert len(_lookups()) == 1  # a fetched order is not fetched again on view


def test_without_sp_api_the_box_shows_what_the_mail_says(client, db, agent, email_account):
    conv = amazon_conversation(email_account, NOW)
    client.force_login(agent)
    box = _order_box(client.get(f"/conversations/{conv.pk}/").content.decode())
    assert f'<p class="big mono">{ORDER}</p>' in box
    assert '<dt>Item</dt><dd class="platform-text">Instant Pot 6-Quart Pressure Cooker</dd>' in box
    assert '<p class="muted" id="order-from-mail">As the mails say: the order has not been read from Amazon.</p>' in box
    assert "Fetching the order" not in box
    assert _lookups() == []


def test_a_fetched_order_in_chinese(client, db, api, email_account):
    from django.core.management import call_command

    from tests.web.conftest import compile_translations

    compile_translations()
    conv = amazon_conversation(email_account, NOW)
    order = conv.order
    order.status, order.fulfilment, order.items = "Unshipped", "AFN", [{"title": "Blue mug", "quantity": 1, "price": "12.99", "currency": "USD"}]
    order.save()
    call_command("createagent", "li", password="agent-password", ui_language="zh-hans", verbosity=0)
    assert client.post("/login/", {"username": "li", "password": "agent-password"}).status_code == 302
    html = client.get(f"/conversations/{conv.pk}/").content.decode()
    box = re.search(r"<h2>订单</h2>.*?</section>", html, re.S).group(0)
    assert '<dd id="order-status">尚未发货</dd>' in box
    assert "<dd>亚马逊配送（FBA）</dd>" in box
    assert '<li>1 × Blue mug <span class="muted">· 12.99 USD</span></li>' in box
