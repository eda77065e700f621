import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model

from sellerdesk.accounts.models import AgentProfile
from sellerdesk.customers.models import Customer
from sellerdesk.orders.models import Claim, Order

T0 = dt.datetime(2026, 11, 23, 12, 0, tzinfo=dt.timezone.utc)


@pytest.fixture
def full_conv(make_conv, agent):
    AgentProfile.objects.filter(user=agent).update(display_name="Agent One")
    order = Order.objects.create(
        platform="amazon", marketplace="DE", number="302-1234567-7654321", status="shipped", currency="EUR",
        total=Decimal("59.90"), items=[{"sku": "LAMP-1", "qty": 1}], placed_at=T0 - dt.timedelta(days=9), created_at=T0,
    )
    conv = make_conv(
        subject="Lampe kaputt", channel="amazon", marketplace="DE", tier=1, language="de", intent="damaged_item",
        intent_confidence=0.875, sentiment="negative", urgency=90, urgency_reasons=["A-to-z claim"],
        next_deadline_at=T0 + dt.timedelta(hours=3), deadline_kind="A-to-z respond-by", assignee=agent, order=order,
        has_problem=True, last_message_at=T0 + dt.timedelta(minutes=5),
    )
    return conv


def item_of(conv, agent, customer):
    return {
        "id": conv.pk,
        "channel": "amazon",
        "marketplace": "DE",
        "subject": "Lampe kaputt",
        "status": "open",
        "tier": 1,
        "language": "de",
        "intent": "damaged_item",
        "intent_confidence": 0.875,
        "sentiment": "negative",
        "urgency": 90,
        "urgency_reasons": ["A-to-z claim"],
        "next_deadline_at": "2026-11-23T15:00:00Z",
        "deadline_kind": "A-to-z respond-by",
        "time_left_seconds": 10800,
        "customer": {"id": customer.pk, "name": "Jane Buyer", "email": "jane@buyer.example"},
        "assignee": {"id": agent.pk, "username": "agent1", "name": "Agent One"},
        "order_number": "302-1234567-7654321",
        "has_problem": True,
        "created_at": "2026-11-23T12:00:00Z",
        "last_message_at": "2026-11-23T12:05:00Z",
    }


def test_list_item_has_exactly_the_documented_fields(api, now, full_conv, agent, customer):
    r = api.get("/api/v1/conversations")
    assert r.status_code == 200
    assert r.json() == {"items": [item_of(full_conv, agent, customer)], "next_cursor": None}


def test_time_left_is_negative_when_overdue(api, now, make_conv):
    conv = make_conv(next_deadline_at=T0 - dt.timedelta(minutes=10))
    assert api.get("/api/v1/conversations").json()["items"][0]["time_left_seconds"] == -600
    make_conv(subject="no deadline")
    items = api.get("/api/v1/conversations").json()["items"]
    assert [(i["id"], i["time_left_seconds"]) for i in items] == [(conv.pk, -600), (conv.pk + 1, None)]


def test_detail_adds_identities_order_and_claims(api, now, full_conv, agent, customer, make_conv):
    on_conv = Claim.objects.create(
        platform="amazon", kind="atoz", external_id="AZ-1", conversation=full_conv, amount=Decimal("59.90"), currency="EUR",
        reason="Item damaged", respond_by=T0 + dt.timedelta(hours=3), created_at=T0,
    )
    on_order = Claim.objects.create(
        platform="amazon", kind="return_request", external_id="RR-7", order=full_conv.order, created_at=T0,
    )
    other = make_conv(subject="unrelated")
    Claim.objects.create(platform="amazon", kind="chargeback", external_id="CB-9", conversation=other, created_at=T0)
    r = api.get(f"/api/v1/conversations/{full_conv.pk}")
    assert r.status_code == 200
    expected = item_of(full_conv, agent, customer)
    expected["customer"].update(
        country="DE", language="de", is_vip=False, identities=[{"kind": "email", "value": "jane@buyer.example"}]
    )
    expected["order"] = {
        "id": full_conv.order.pk, "platform": "amazon", "marketplace": "DE", "number": "302-1234567-7654321",
        "status": "shipped", "currency": "EUR", "total": "59.90", "items": [{"sku": "LAMP-1", "qty": 1}],
        "placed_at": "2026-11-14T12:00:00Z",
    }
    expected["claims"] = [
        {"id": on_conv.pk, "platform": "amazon", "kind": "atoz", "external_id": "AZ-1", "amount": "59.90", "currency": "EUR",
         "reason": "Item damaged", "respond_by": "2026-11-23T15:00:00Z", "created_at": "2026-11-23T12:00:00Z"},
        {"id": on_order.pk, "platform": "amazon", "kind": "return_request", "external_id": "RR-7", "amount": None,
         "currency": "", "reason": "", "respond_by": None, "created_at": "2026-11-23T12:00:00Z"},
    ]
    assert r.json() == expected


def test_detail_without_order(api, now, make_conv):
    conv = make_conv()
    body = api.get(f"/api/v1/conversations/{conv.pk}").json()
    assert (body["order"], body["claims"], body["order_number"], body["assignee"]) == (None, [], None, None)


def test_keyset_pagination_walks_every_row_exactly_once(api, now, make_conv):
    hours = [5, None, 1, 3, None, 1, 2, None, 4, 0]
    made = [make_conv(subject=f"c{i}", next_deadline_at=None if h is None else T0 + dt.timedelta(hours=h)) for i, h in enumerate(hours)]
    expected = [c.pk for c in sorted(made, key=lambda c: (c.next_deadline_at is None, c.next_deadline_at or T0, c.pk))]
    seen, cursor, pages = [], "", 0
    while True:
        r = api.get("/api/v1/conversations", {"limit": 3, "cursor": cursor})
        assert r.status_code == 200
        body = r.json()
        seen += [i["id"] for i in body["items"]]
        pages += 1
        cursor = body["next_cursor"]
        if cursor is None:
            break
    assert seen == expected
    assert len(set(seen)) == 10
    assert pages == 4


def test_exactly_full_last_page_has_no_cursor(api, now, make_conv):
    for i in range(4):
        make_conv(subject=f"c{i}")
    first = api.get("/api/v1/conversations", {"limit": 2}).json()
    second = api.get("/api/v1/conversations", {"limit": 2, "cursor": first["next_cursor"]}).json()
    assert (len(first["items"]), len(second["items"]), second["next_cursor"]) == (2, 2, None)


def test_filters(api, now, make_conv, agent, email_account):
    other_user = get_user_model().objects.create_user("bob", password="x" * 10)
    mine = make_conv(subject="mine", assignee=agent, tier=1, language="de")
    bobs = make_conv(subject="bobs", assignee=other_user, channel="ebay", language="en")
    nobody = make_conv(subject="Refund please", tier=2)
    done = make_conv(subject="done", status="resolved")
    emma = Customer.objects.create(name="Emma Müller", email="emma@x.example", created_at=T0)
    hers = make_conv(subject="hers", customer=emma, status="pending")

    def ids(**params):
        r = api.get("/api/v1/conversations", params)
        assert r.status_code == 200, r.content
        return [i["id"] for i in r.json()["items"]]

    assert ids() == [mine.pk, bobs.pk, nobody.pk]
    assert ids(status="all") == [mine.pk, bobs.pk, nobody.pk, done.pk, hers.pk]
    assert ids(status="resolved") == [done.pk]
    assert ids(assignee="me") == [mine.pk]
    assert ids(assignee="none") == [nobody.pk]
    assert ids(assignee=str(other_user.pk)) == [bobs.pk]
    assert ids(channel="ebay") == [bobs.pk]
    assert ids(tier=1) == [mine.pk]
    assert ids(language="de") == [mine.pk]
    assert ids(q="refund") == [nobody.pk]
    assert ids(q="Müller", status="pending") == [hers.pk]


@pytest.mark.parametrize(
    "params, field, reason",
    [
        ({"limit": 0}, "limit", "Input should be greater than or equal to 1"),
        ({"limit": 201}, "limit", "Input should be less than or equal to 200"),
        ({"limit": "ten"}, "limit", "Input should be a valid integer, unable to parse string as an integer"),
        ({"tier": 4}, "tier", "Input should be less than or equal to 3"),
        ({"status": "closed"}, "status", "Input should be 'open', 'pending', 'snoozed', 'resolved' or 'all'"),
        ({"assignee": "bob"}, "assignee", "String should match pattern '^(|me|none|[0-9]{1,18})$'"),
    ],
)
def test_bad_query_names_the_field(api, params, field, reason):
    r = api.get("/api/v1/conversations", params)
    assert r.status_code == 422
    assert r.json() == {"detail": f"Invalid input: {field}.", "errors": [{"field": field, "location": "query", "reason": reason}]}


@pytest.mark.parametrize("cursor", ["not-a-cursor", "LXw5OTk5OTk5OTk5OTk5OTk5OTk5OTk5", "MjAyNi0wMS0wMVQwMDowMDowMHwx"])
def test_bad_cursor_is_422(api, cursor):
    # The last two decode to an id beyond any bigint, and to a time without a timezone.
    r = api.get("/api/v1/conversations", {"cursor": cursor})
    reason = "Invalid cursor: pass back a next_cursor exactly as received."
    assert r.status_code == 422
    assert r.json() == {"detail": reason, "errors": [{"field": "cursor", "location": "query", "reason": reason}]}


@pytest.mark.parametrize("suffix", ["", "/messages"])
def test_unknown_conversation_is_404(api, suffix):
    r = api.get(f"/api/v1/conversations/424242{suffix}")
    assert r.status_code == 404
    assert r.json() == {"detail": "Conversation 424242 not found.", "errors": []}


def test_non_numeric_id_is_422(api):
    r = api.get("/api/v1/conversations/abc")
    assert r.status_code == 422
    assert r.json()["errors"] == [
        {"field": "conversation_id", "location": "path", "reason": "Input should be a valid integer, unable to parse string as an integer"}
    ]


def test_list_costs_a_fixed_number_of_queries(api, now, make_conv, agent, django_assert_num_queries):
    for i in range(5):
        make_conv(subject=f"c{i}", assignee=agent)
    api.get("/api/v1/me")  # token's last_used_at written for this minute
    # the token, the page (customer, assignee, agent, order joined) as two index walks: with a deadline
    # (none here), then those without one
    with django_assert_num_queries(3):
        r = api.get("/api/v1/conversations")
    assert len(r.json()["items"]) == 5


def test_me(api, agent):
    r = api.get("/api/v1/me")
    assert r.status_code == 200
    assert r.json() == {
        "id": agent.pk, "username": "agent1", "name": "agent1", "email": "", "role": "agent", "languages": ["en", "de"],
        "ui_language": "en", "timezone": "Asia/Shanghai", "team": None, "token_name": "tests",
    }
