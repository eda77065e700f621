"""The analytics page: every figure from a GROUP BY, checked against data made for it; charts as
SVG; each table as CSV; filters by date, channel, team and store."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.test import Client

from sellerdesk.analytics.tables import Range, build
from sellerdesk.conversations.models import Conversation, Event, Message
from sellerdesk.csat.models import Survey
from sellerdesk.orders.models import Claim, Order
from sellerdesk.sla.models import Deadline, Policy
from tests.web.conftest import make_agent

UTC = dt.timezone.utc
DAY1 = dt.datetime(2026, 11, 2, 4, 0, tzinfo=UTC)  # 12:00 in Shanghai, Monday 2 November
H = dt.timedelta(hours=1)


@pytest.fixture
def data(db, make_conv, email_account, customer):
    anna = make_agent("anna", name="Anna")
    li = make_agent("li", name="Li")
    order = Order.objects.create(platform="shopify", number="#1001", created_at=DAY1, items=[{"sku": "LAMP-RED", "title": "Red lamp", "quantity": 1}])
    c1 = make_conv(channel="email", intent="delivery_issue", created_at=DAY1, first_response_at=DAY1 + 30 * dt.timedelta(minutes=1), assignee=anna)
    c2 = make_conv(channel="shopify", intent="refund", created_at=DAY1 + 24 * H, first_response_at=DAY1 + 24 * H + 5 * H, order=order, assignee=li)
    c3 = make_conv(channel="amazon", intent="damaged_defective", created_at=DAY1 + 24 * H, order=order)
    make_conv(channel="email", intent="delivery_issue", created_at=DAY1 - 5 * 24 * H)  # the week before the range
    Event.objects.create(conversation=c1, kind="resolved", actor=anna, created_at=DAY1 + 2 * H)
    Event.objects.create(conversation=c2, kind="resolved", actor=li, created_at=DAY1 + 24 * H + 30 * H)
    for conv, author, at in ((c1, anna, DAY1 + 30 * dt.timedelta(minutes=1)), (c2, li, DAY1 + 29 * H), (c2, li, DAY1 + 30 * H)):
        Message.objects.create(conversation=conv, account=email_account, direction="out", author=author, body_text="x",
                               delivery_status="sent", sent_at=at, created_at=at)
    policy = Policy.objects.get(key="internal-first-default")
    Deadline.objects.create(conversation=c1, policy=policy, metric="first_response", kind="First response 24 h", state="met",
                            starts_at=DAY1, due_at=DAY1 + 24 * H, met_at=DAY1 + H, created_at=DAY1)
    Deadline.objects.create(conversation=c3, policy=policy, metric="first_response", kind="First response 24 h", state="breached",
                            starts_at=DAY1 + 24 * H, due_at=DAY1 + 48 * H, created_at=DAY1)
    Claim.objects.create(platform="shopify", kind="return_request", external_id="R1", order=order, conversation=c2,
                         reason="Too small", created_at=DAY1 + 24 * H)
    Survey.objects.create(conversation=c1, agent=anna, token="t1", sent_at=DAY1 + 3 * H, rating=5, comment="Fast, thanks", answered_at=DAY1 + 4 * H)
    Survey.objects.create(conversation=c2, agent=li, token="t2", sent_at=DAY1 + 40 * H, rating=2, answered_at=DAY1 + 41 * H)
    Survey.objects.create(conversation=c3, agent=None, token="t3", sent_at=DAY1 + 40 * H)
    return {"anna": anna, "li": li, "convs": (c1, c2, c3)}


def shanghai_range(**kw):
    since = dt.datetime(2026, 11, 1, 16, 0, tzinfo=UTC)  # 2 November 00:00 in Shanghai
    return Range(since, since + 7 * 24 * H, "Asia/Shanghai", **kw)


def test_tables_count_what_happened_in_the_range(data):
    t = build(shanghai_range())
    assert t["volume_channel"].rows == [["2026-11-02", "Email", 1], ["2026-11-03", "Amazon", 1], ["2026-11-03", "Shopify", 1]]
    assert t["volume_intent"].rows == [["2026-11-02", "Delivery issue", 1], ["2026-11-03", "Damaged / defective", 1], ["2026-11-03", "Refund", 1]]
    assert t["complaints"].rows == [["Delivery issue", 1, 1, 0], ["Damaged / defective", 1, 0, 1]]
    assert t["returns"].rows == [["LAMP-RED", "Red lamp", "Damaged / defective", 1], ["LAMP-RED", "Red lamp", "Refund", 1],
                                 ["LAMP-RED", "Red lamp", "Too small", 1]]
    assert t["first_response"].rows == [["< 1 h", 1], ["1–4 h", 0], ["4–12 h", 1], ["12–24 h", 0], ["1–3 d", 0], ["> 3 d", 0]]
    assert t["first_response"].average_hours == 2.8  # (0.5 h + 5 h) / 2
    assert t["resolution"].rows == [["< 1 h", 0], ["1–4 h", 1], ["4–12 h", 0], ["12–24 h", 0], ["1–3 d", 1], ["> 3 d", 0]]
    assert t["resolution"].average_hours == 16.0
    assert t["sla"].rows == [["Amazon", 0, 1, 0.0], ["Email", 1, 0, 100.0]]
    assert t["sla"].met_pct == 50.0
    assert t["sla_day"].rows[:3] == [["2026-11-02", 1, 0, 100.0], ["2026-11-03", 0, 0, None], ["2026-11-04", 0, 1, 0.0]]
    assert t["agents"].rows == [["Li", 2, 1, 5.0, 0, 2.0, 1], ["Anna", 1, 1, 0.5, 0, 5.0, 1]]
    assert t["csat"].rows == [[5, 1], [4, 0], [3, 0], [2, 1], [1, 0]]
    assert (t["csat"].average, t["csat"].sent, t["csat"].answered) == (3.5, 3, 2)


def test_filters_by_channel(data):
    t = build(shanghai_range(channel="email"))
    assert t["volume_channel"].rows == [["2026-11-02", "Email", 1]]
    assert t["sla"].rows == [["Email", 1, 0, 100.0]]
    assert t["resolution"].rows == [["< 1 h", 0], ["1–4 h", 1], ["4–12 h", 0], ["12–24 h", 0], ["1–3 d", 0], ["> 3 d", 0]]
    assert t["resolution"].average_hours == 2.0
    assert t["csat"].answered == 1


def test_filters_by_store(data, make_conv):
    from sellerdesk.channels.models import ChannelAccount

    second = ChannelAccount.objects.create(kind="shopify", name="Second brand", address="second-brand.myshopify.com")
    make_conv(channel="shopify", account=second, intent="refund", created_at=DAY1 + 48 * H)
    make_conv(channel="shopify", account=second, intent="refund", created_at=DAY1 + 49 * H)
    t = build(shanghai_range(account_id=second.pk))
    assert t["volume_channel"].rows == [["2026-11-04", "Shopify", 2]]
    everyone = build(shanghai_range())
    assert sum(row[2] for row in everyone["volume_channel"].rows) == 5
    boss = make_agent("boss", role="supervisor", timezone="Asia/Shanghai")
    c = Client()
    c.force_login(boss)
    page = c.get("/analytics/", {"since": "2026-11-02", "until": "2026-11-08", "store": str(second.pk)}).content.decode()
    assert f'<option value="{second.pk}" selected>Second brand</option>' in page
    assert "<title>2026-11-04 · Shopify: 2</title>" in page


def test_page_draws_charts_and_exports_every_table(data):
    boss = make_agent("boss", role="supervisor", timezone="Asia/Shanghai")
    c = Client()
    c.force_login(boss)
    page = c.get("/analytics/", {"since": "2026-11-02", "until": "2026-11-08"}).content.decode()
    assert page.count('<svg class="chart"') == 7
    assert '<title>2026-11-03 · Shopify: 1</title>' in page
    for key in ("volume_channel", "volume_intent", "complaints", "returns", "first_response", "resolution", "sla", "sla_day", "agents", "csat", "platform"):
        assert f"export={key}" in page
    response = c.get("/analytics/", {"since": "2026-11-02", "until": "2026-11-08", "export": "returns"})
    assert response["Content-Disposition"] == 'attachment; filename="returns-20261101-20261108.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows == [["SKU", "Product", "Reason", "Count"], ["LAMP-RED", "Red lamp", "Damaged / defective", "1"],
                    ["LAMP-RED", "Red lamp", "Refund", "1"], ["LAMP-RED", "Red lamp", "Too small", "1"]]
    c.post("/language/", {"language": "zh-hans"})
    zh = c.get("/analytics/", {"since": "2026-11-02", "until": "2026-11-08"}).content.decode()
    assert "按日期和渠道的新对话" in zh and "客户满意度" in zh


def test_agents_do_not_see_analytics(data):
    c = Client()
    c.force_login(data["anna"])
    assert c.get("/analytics/").status_code == 403


def test_query_count_does_not_grow_with_rows(data, django_assert_num_queries, make_conv):
    # Tables reading the same rows share one GROUP BY: 17 queries for the eleven tables (the
    # volumes and this period's complaints 1, the period before 1, returns 2, first responses 1,
    # resolutions 1, deadlines 2, replies 1, breaches 1, the agents' names 1, ratings 1, surveys
    # sent 1, comments 1, platform rates 3).
    with django_assert_num_queries(17):
        build(shanghai_range())
    for i in range(30):
        make_conv(channel="email", intent="refund", created_at=DAY1 + i * H)
    with django_assert_num_queries(17):
        build(shanghai_range())
