import datetime as dt

import pytest

from sellerdesk.conversations.models import Conversation
from sellerdesk.conversations.queries import BadCursor, InboxFilters, decode_cursor, inbox_page, time_left_state
from sellerdesk.customers.models import Customer

T0 = dt.datetime(2026, 11, 23, 12, 0, tzinfo=dt.timezone.utc)


@pytest.fixture
def convs(email_account):
    customer = Customer.objects.create(name="Buyer", created_at=T0)
    made = []
    for i, hours in enumerate([5, None, 1, 3, None, 1]):
        made.append(
            Conversation.objects.create(
                channel="email", account=email_account, customer=customer, subject=f"c{i}",
                next_deadline_at=T0 + dt.timedelta(hours=hours) if hours is not None else None,
                created_at=T0, last_message_at=T0, tier=1 if i % 2 else 2,
            )
        )
    return made


def test_keyset_pages_walk_deadline_order_without_gaps(convs):
    seen = []
    cursor = None
    while True:
        page = inbox_page(InboxFilters(status="open"), cursor=cursor, size=2)
        seen += [c.subject for c in page.items]
        cursor = page.next_cursor
        if cursor is None:
            break
    assert seen == ["c2", "c5", "c3", "c0", "c1", "c4"]


def test_filters_combine(convs):
    page = inbox_page(InboxFilters(status="open", tier=1), size=10)
    assert [c.subject for c in page.items] == ["c5", "c3", "c1"]


def test_bad_cursor_is_rejected():
    with pytest.raises(BadCursor):
        decode_cursor("not-a-cursor")


def test_time_left_colours(convs):
    c = convs[0]
    assert time_left_state(c, T0 - dt.timedelta(hours=4)) == "green"
    assert time_left_state(c, T0) == "amber"
    assert time_left_state(c, T0 + dt.timedelta(hours=4)) == "red"
    assert time_left_state(c, T0 + dt.timedelta(hours=6)) == "overdue"
    assert time_left_state(convs[1], T0) == "none"
