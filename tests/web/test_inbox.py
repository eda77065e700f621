"""The inbox page: order by deadline, time left, filters, counts, "Load more", query count."""

import datetime as dt
from urllib.parse import urlencode

import pytest

from sellerdesk.conversations.models import Conversation, Message
from sellerdesk.conversations.queries import PAGE_SIZE, encode_cursor
from sellerdesk.customers.models import Customer
from tests.web.conftest import T0, make_agent, row_ids

H = dt.timedelta(hours=1)
M = dt.timedelta(minutes=1)


def test_rows_sorted_by_deadline_with_time_left_and_colour(web, make_conv, now):
    later = make_conv("later", next_deadline_at=T0 + 10 * H)
    none = make_conv("no deadline")
    soon = make_conv("soon", next_deadline_at=T0 + 30 * M)
    late = make_conv("late", next_deadline_at=T0 - 2 * H - 5 * M)
    mid = make_conv("mid", next_deadline_at=T0 + 3 * H + 12 * M)
    html = web.get("/").content.decode()
    assert row_ids(html) == [late.pk, soon.pk, mid.pk, later.pk, none.pk]
    assert '<span class="tl tl-overdue" data-deadline="2026-11-23T17:55:00+08:00" title="">overdue 2 h</span>' in html
    assert '<span class="tl tl-red" data-deadline="2026-11-23T20:30:00+08:00" title="">30 min left</span>' in html
    assert '<span class="tl tl-amber" data-deadline="2026-11-23T23:12:00+08:00" title="">3 h 12 min left</span>' in html
    assert '<span class="tl tl-green" data-deadline="2026-11-24T06:00:00+08:00" title="">10 h 0 min left</span>' in html
    assert '<span class="tl tl-none" title="">–</span>' in html


def test_row_of_a_buyer_known_only_by_platform_id_says_unknown(web, make_conv):
    # A TikTok Shop buyer: no name, no email, only the platform's id (shown on the conversation page).
    buyer = Customer.objects.create(name="", email="", created_at=T0)
    make_conv("", channel="tiktok", marketplace="MY", customer=buyer)
    html = web.get("/").content.decode()
    assert '<span class="ch ch-tiktok" title="TikTok Shop MY">TikTok Shop MY</span>' in html
    assert '<span class="cust"><i>Unknown</i></span>' in html


def test_row_shows_channel_customer_preview_triage_assignee_and_problem(web, agent, amazon_account, make_conv, now):
    conv = make_conv(
        "Package never arrived", channel="amazon", account=amazon_account, marketplace="US", language="en",
        intent="delivery_issue", tier=1, urgency=72, assignee=agent, has_problem=True, next_deadline_at=T0 + 5 * H,
    )
    Message.objects.create(
        conversation=conv, account=amazon_account, direction="in", sender="b@x.example",
        body_text="Hi,\nit has been two weeks.\n\nSarah", sent_at=T0, created_at=T0,
    )
    html = web.get("/").content.decode()
    assert '<span class="ch ch-amazon" title="Amazon US">Amazon US</span>' in html
    assert '<span class="cust">Jane Buyer</span>' in html
    assert "<b>Package never arrived</b> <span class=\"preview\">– Hi, it has been two weeks. Sarah</span>" in html
    assert '<span class="lang" title="English">en</span>' in html
    assert '<span class="intent">Delivery issue</span>' in html
    assert '<span class="tier t1" title="Tier 1: answer within hours">T1</span>' in html
    assert '<span class="urg hi" title="">72</span>' in html
    assert '<span class="who">Anna Schmidt</span>' in html
    assert 'title="Problem: a reply failed or a message was malformed">⚠</span>' in html


def test_counts_per_status(web, make_conv, now):
    for status, n in [("open", 3), ("pending", 2), ("resolved", 1)]:
        for i in range(n):
            make_conv(f"{status} {i}", status=status)
    html = web.get("/").content.decode()
    for status, label, n in [("open", "Open", 3), ("pending", "Pending", 2), ("snoozed", "Snoozed", 0), ("resolved", "Resolved", 1), ("all", "All", 6)]:
        assert f'data-status="{status}">\n    <span>{label}</span><span class="n">{n}</span>' in html


@pytest.fixture
def spread(agent, email_account, amazon_account, make_conv, customer):
    """Conversations that differ in one filter each."""
    other = make_agent("yuki", name="Yuki Tanaka")
    return {
        "mine": make_conv("mine", assignee=agent, language="de", tier=2),
        "yukis": make_conv("yukis", assignee=other, language="ja", tier=1),
        "amazon": make_conv("Amazon order", channel="amazon", account=amazon_account, marketplace="US", language="en", tier=1),
        "pending": make_conv("pending one", status="pending", language="de", tier=3),
        "resolved": make_conv("resolved one", status="resolved", assignee=agent, tier=3),
        "other": other,
    }


@pytest.mark.parametrize(
    "query, expected",
    [
        ("", ["mine", "yukis", "amazon"]),
        ("?status=pending", ["pending"]),
        ("?status=resolved", ["resolved"]),
        ("?status=all", ["mine", "yukis", "amazon", "pending", "resolved"]),
        ("?channel=amazon", ["amazon"]),
        ("?channel=email", ["mine", "yukis"]),
        ("?assignee=me", ["mine"]),
        ("?assignee=me&status=all", ["mine", "resolved"]),
        ("?assignee=none", ["amazon"]),
        ("?tier=1", ["yukis", "amazon"]),
        ("?lang=de&status=all", ["mine", "pending"]),
        ("?q=AMAZON", ["amazon"]),
        ("?q=jane@buyer", ["amazon", "yukis", "mine"]),  # equal matches: the newest conversation first
    ],
)
def test_filters_return_exactly_the_matching_rows(web, spread, now, query, expected):
    response = web.get("/" + query)
    assert response.status_code == 200
    assert row_ids(response.content.decode()) == [spread[k].pk for k in expected]


def test_filter_by_a_specific_agent(web, spread, now):
    html = web.get(f"/?assignee={spread['other'].pk}").content.decode()
    assert row_ids(html) == [spread["yukis"].pk]


def test_counts_follow_the_other_filters(web, spread, now):
    html = web.get("/?assignee=me").content.decode()
    assert 'data-status="open">\n    <span>Open</span><span class="n">1</span>' in html
    assert 'data-status="resolved">\n    <span>Resolved</span><span class="n">1</span>' in html
    assert 'data-status="all">\n    <span>All</span><span class="n">2</span>' in html


@pytest.mark.parametrize("query", ["?status=closed", "?assignee=12345", "?tier=7", "?channel=fax"])
def test_invalid_filters_are_a_400_with_the_reason(web, spread, query):
    response = web.get("/" + query)
    assert response.status_code == 400
    assert "Invalid filter" in response.content.decode()
    assert row_ids(response.content.decode()) == []


def test_bad_cursor_is_a_400(web, make_conv):
    response = web.get("/?cursor=not-a-cursor")
    assert response.status_code == 400
    assert "This “Load more” link is not valid any more; reload the inbox." in response.content.decode()


def test_load_more_pages_by_keyset(web, email_account, customer, now):
    convs = Conversation.objects.bulk_create(
        Conversation(
            channel="email", account=email_account, customer=customer, subject=f"c{i}",
            next_deadline_at=T0 + i * M, created_at=T0, last_message_at=T0,
        )
        for i in range(PAGE_SIZE + 2)
    )
    first = web.get("/").content.decode()
    assert row_ids(first) == [c.pk for c in convs[:PAGE_SIZE]]
    more = "/?" + urlencode({"status": "open", "cursor": encode_cursor(convs[PAGE_SIZE - 1])}).replace("&", "&amp;")
    assert f'hx-get="{more}" hx-target="#more" hx-swap="outerHTML"' in first
    rest = web.get(more.replace("&amp;", "&"), HTTP_HX_REQUEST="true")
    assert rest.status_code == 200
    html = rest.content.decode()
    assert "<html" not in html
    assert row_ids(html) == [c.pk for c in convs[PAGE_SIZE:]]
    assert 'id="more"' not in html


def test_htmx_refresh_returns_the_list_and_the_counts(web, make_conv, now):
    conv = make_conv("one")
    response = web.get("/?status=open", HTTP_HX_REQUEST="true", HTTP_HX_TARGET="inbox-list")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert html.strip().startswith('<div id="inbox-list" class="rows" hx-get="/?status=open" hx-trigger="desk-refresh" data-refresh="inbox" hx-swap="outerHTML" hx-sync="main:drop"')
    assert '<aside class="folders" id="folders" hx-swap-oob="true">' in html
    assert row_ids(html) == [conv.pk]
    assert "HX-Request" in [v.strip() for v in response["Vary"].split(",")]


def test_chinese_inbox(web, agent, make_conv, now):
    agent.agent.ui_language = "zh-hans"
    agent.agent.save()
    web.post("/language/", {"language": "zh-hans"})
    make_conv("x", next_deadline_at=T0 + 3 * H + 12 * M, intent="refund")
    make_conv("y", next_deadline_at=T0 - 2 * H)
    html = web.get("/").content.decode()
    assert "<title>收件箱 · SellerDesk</title>" in html
    assert ">剩余 3 小时 12 分钟</span>" in html
    assert ">已超时 2 小时</span>" in html
    assert '<span class="intent">退款</span>' in html
    assert '<span class="ch ch-email" title="电子邮件">电子邮件</span>' in html


def test_inbox_queries_do_not_grow_with_rows(web, agent, amazon_account, make_conv, now, django_assert_num_queries):
    conv = make_conv("first", assignee=agent, has_problem=True)
    Message.objects.create(conversation=conv, account=conv.account, direction="in", body_text="hello", sent_at=T0, created_at=T0)
    web.get("/")  # the first request of a session records it (the Security page's list)
    # session, user with their agent profile, security gate, the nav badges (one query), agents list, page (with a
    # deadline, then without; the previews in the same queries), counts (the counters)
    with django_assert_num_queries(8):
        assert web.get("/?status=all").status_code == 200
    for i in range(30):
        other = make_agent(f"agent{i}")
        c = make_conv(f"c{i}", assignee=other, channel="amazon", account=amazon_account, marketplace="US")
        Message.objects.create(conversation=c, account=c.account, direction="in", body_text=f"text {i}", sent_at=T0, created_at=T0)
    with django_assert_num_queries(8):
        assert len(row_ids(web.get("/?status=all").content.decode())) == 31
