"""The inbox rows written in Python (web/inbox_rows.py): the whole markup of a row pinned, escaping,
the labels in the UI language, and the search's marked rows."""

from __future__ import annotations

import datetime as dt
import re

from sellerdesk.conversations.models import Message
from sellerdesk.customers.models import Customer
from tests.web.conftest import T0, make_agent

H = dt.timedelta(hours=1)


def _row(html: str, pk: int) -> str:
    found = re.findall(rf'\n<a class="row[^"]*" href="/conversations/{pk}/".*?\n</a>\n', html, re.S)
    assert len(found) == 1
    return found[0]


def test_a_row_byte_for_byte(web, agent, amazon_account, make_conv, now):
    conv = make_conv(
        'Broken <b>"lamp"</b> & more', channel="amazon", account=amazon_account, marketplace="US", language="de",
        intent="damaged_defective", tier=2, urgency=45, assignee=agent, has_problem=True, status="pending",
        next_deadline_at=T0 + 3 * H, deadline_kind="Urgent 1 h", urgency_reasons=["VIP", "VIP"],
    )
    Message.objects.create(conversation=conv, account=amazon_account, direction="in", sender="b@x.example",
                           body_text="It came <broken>\n\nthanks", sent_at=T0, created_at=T0)
    html = web.get("/?status=all").content.decode()
    assert _row(html, conv.pk) == (
        f'\n<a class="row has-problem" href="/conversations/{conv.pk}/" data-id="{conv.pk}">'
        '\n  <span class="ch ch-amazon" title="Amazon US">Amazon US</span>'
        '\n  <span class="cust">Jane Buyer</span>'
        '\n  <span class="subj"><span class="problem" title="Problem: a reply failed or a message was malformed">⚠</span> '
        '<span class="st st-pending">Pending</span> <b>Broken &lt;b&gt;&quot;lamp&quot;&lt;/b&gt; &amp; more</b>'
        ' <span class="preview">– It came &lt;broken&gt; thanks</span></span>'
        '\n  <span class="lang" title="German">de</span>'
        '\n  <span class="intent">Damaged / defective</span>'
        '\n  <span class="tier t2" title="Tier 2: answer today">T2</span>'
        '\n  <span class="urg mid" title="VIP">45</span>'
        '\n  <span class="who">Anna Schmidt</span>'
        '\n  <span class="tl tl-amber" data-deadline="2026-11-23T23:00:00+08:00" title="Urgent 1 h">3 h 0 min left</span>'
        '\n</a>\n'
    )
    # Without "All" no status badge; a row without subject, customer name, language, assignee or deadline.
    nobody = Customer.objects.create(name="", email="", created_at=T0)
    bare = make_conv("", customer=nobody, language="", urgency=10)
    html = web.get("/").content.decode()
    assert _row(html, bare.pk) == (
        f'\n<a class="row" href="/conversations/{bare.pk}/" data-id="{bare.pk}">'
        '\n  <span class="ch ch-email" title="Email">Email</span>'
        '\n  <span class="cust"><i>Unknown</i></span>'
        '\n  <span class="subj"><b>(no subject)</b></span>'
        '\n  <span class="lang" title="">–</span>'
        '\n  <span class="intent"></span>'
        '\n  <span class="tier t3" title="Tier 3: when time allows">T3</span>'
        '\n  <span class="urg" title="">10</span>'
        '\n  <span class="who"><i>Unassigned</i></span>'
        '\n  <span class="tl tl-none" title="">–</span>'
        '\n</a>\n'
    )


def test_rows_in_chinese(make_conv, now, client):
    zh = make_agent("li", name="李娜", ui_language="zh-hans")
    client.force_login(zh)
    conv = make_conv("Wo ist mein Paket", intent="order_status", language="de", tier=1, assignee=zh, urgency=80)
    client.cookies["django_language"] = "zh-hans"
    html = client.get("/?status=all").content.decode()
    row = _row(html, conv.pk)
    assert '<span class="st st-open">' in row and '<span class="st st-open">Open</span>' not in row
    assert '<span class="lang" title="德语">de</span>' in row
    assert '<span class="who">李娜</span>' in row
    assert '<span class="urg hi" title="">80</span>' in row


def test_search_rows_keep_their_marks(web, make_conv, now):
    conv = make_conv("Refund <please>")
    Message.objects.create(conversation=conv, account=conv.account, direction="in", sender="b@x.example",
                           body_text="I want a refund for the lamp", sent_at=T0, created_at=T0)
    from sellerdesk.search.index import index_conversations

    index_conversations([conv.pk])
    html = web.get("/?q=refund").content.decode()
    row = _row(html, conv.pk)
    assert "<b><mark>Refund</mark> &lt;please&gt;</b>" in row
    assert '<span class="preview">– I want a <mark>refund</mark> for the lamp</span>' in row


def test_a_row_assigned_to_an_agent_who_has_left_still_names_them(web, agent, make_conv, now, django_assert_num_queries):
    """The assignee menu lists active agents only; a row's assignee who was deactivated is named
    all the same (one query for such names, none when every assignee is in the menu)."""
    gone = make_agent("bert", name="Bert <Former>")
    gone.is_active = False
    gone.save()
    mine, theirs = make_conv("Mine", assignee=agent), make_conv("Old case", assignee=gone)
    html = web.get("/").content.decode()
    assert '\n  <span class="who">Anna Schmidt</span>' in _row(html, mine.pk)
    assert '\n  <span class="who">Bert &lt;Former&gt;</span>' in _row(html, theirs.pk)
    assert 'value="' + str(gone.pk) + '"' not in html.split('name="assignee"', 1)[1].split("</select>", 1)[0]
    theirs.delete()
    from sellerdesk.web import inbox_rows, views_inbox

    rows = views_inbox._rows([mine], now)
    with django_assert_num_queries(0):
        inbox_rows.draw(rows, status="open", agents={agent.pk: "Anna Schmidt"})
    with django_assert_num_queries(1):
        inbox_rows.draw(rows, status="open")
    assert '<span class="who">Anna Schmidt</span>' in rows[0]["html"]
