"""The analytics page's days are the viewer's days on both databases: a conversation written at
23:30 in Shanghai counts on that day, one at 00:30 on the next (PostgreSQL casts the zone's local
time to a date, SQLite shifts by the zone's offset), and the tables built from one shared GROUP BY
agree with each other; resolution times the same on both."""

from __future__ import annotations

import datetime as dt

import pytest

from sellerdesk.analytics.tables import Range, build
from sellerdesk.channels.models import ChannelAccount
from sellerdesk.conversations.models import Conversation, Event
from sellerdesk.customers.models import Customer
from sellerdesk.sla.models import Deadline, Policy
from tests.backends.conftest import POSTGRESQL_DB, SQLITE_DB

UTC = dt.UTC
SHANGHAI_MIDNIGHT = dt.datetime(2026, 11, 1, 16, 0, tzinfo=UTC)  # 2 November, 00:00 in Shanghai
H = dt.timedelta(hours=1)


@pytest.mark.parametrize("backend", [SQLITE_DB, POSTGRESQL_DB], indirect=True)
def test_days_follow_the_viewers_time_zone(backend):
    account = ChannelAccount.objects.create(kind="email", name="Support")
    buyer = Customer.objects.create(name="Buyer", created_at=SHANGHAI_MIDNIGHT)
    made = [  # (UTC time, channel, intent): Shanghai 23:30 on the 2nd, 00:30 and 11:00 on the 3rd, 09:00 on the 2nd
        (SHANGHAI_MIDNIGHT + 23.5 * H, "email", "refund"),
        (SHANGHAI_MIDNIGHT + 24.5 * H, "email", "refund"),
        (SHANGHAI_MIDNIGHT + 35 * H, "shopify", "complaint"),
        (SHANGHAI_MIDNIGHT + 9 * H, "shopify", "complaint"),
    ]
    convs = [Conversation.objects.create(channel=ch, account=account, customer=buyer, intent=intent, created_at=at, last_message_at=at)
             for at, ch, intent in made]
    policy = Policy.objects.get(key="internal-first-default")
    Deadline.objects.create(conversation=convs[0], policy=policy, metric="first_response", kind="First response 24 h", state="met",
                            starts_at=made[0][0], due_at=made[0][0] + 24 * H, met_at=made[0][0] + H, created_at=made[0][0])  # 00:30 on the 3rd
    Deadline.objects.create(conversation=convs[3], policy=policy, metric="first_response", kind="First response 24 h", state="breached",
                            starts_at=made[3][0], due_at=made[3][0] + 14 * H, created_at=made[3][0])  # 23:00 on the 2nd

    Event.objects.create(conversation=convs[0], kind="resolved", created_at=made[0][0] + 20 * H)  # after 20 h
    Event.objects.create(conversation=convs[3], kind="resolved", created_at=made[3][0] + 2 * H)  # after 2 h

    t = build(Range(SHANGHAI_MIDNIGHT, SHANGHAI_MIDNIGHT + 48 * H, "Asia/Shanghai"))

    assert t["volume_channel"].rows == [["2026-11-02", "Email", 1], ["2026-11-02", "Shopify", 1],
                                        ["2026-11-03", "Email", 1], ["2026-11-03", "Shopify", 1]]
    assert t["volume_intent"].rows == [["2026-11-02", "Complaint", 1], ["2026-11-02", "Refund", 1],
                                       ["2026-11-03", "Complaint", 1], ["2026-11-03", "Refund", 1]]
    assert t["complaints"].rows == [["Complaint", 2, 0, 2]]
    assert t["sla_day"].rows == [["2026-11-02", 0, 1, 0.0], ["2026-11-03", 1, 0, 100.0]]
    assert t["sla"].rows == [["Email", 1, 0, 100.0], ["Shopify", 0, 1, 0.0]]
    assert t["resolution"].rows == [["< 1 h", 0], ["1–4 h", 1], ["4–12 h", 0], ["12–24 h", 1], ["1–3 d", 0], ["> 3 d", 0]]
    assert t["resolution"].average_hours == 11.0
