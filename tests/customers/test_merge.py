"""Merging two records of one buyer, and undoing it exactly."""

import datetime as dt
from decimal import Decimal

import pytest

from sellerdesk.conversations.actions import ActionError
from sellerdesk.conversations.models import Conversation, Event
from sellerdesk.customers import merge as merging
from sellerdesk.customers.actions import find_or_create_customer
from sellerdesk.customers.models import Customer, CustomerMerge, Identity
from sellerdesk.orders.models import Order
from sellerdesk.channels.models import ChannelAccount

T0 = dt.datetime(2026, 11, 23, 8, 0, tzinfo=dt.timezone.utc)
pytestmark = pytest.mark.django_db


def _customer(name, *identities, **fields):
    c = Customer.objects.create(name=name, created_at=T0, **fields)
    for kind, value in identities:
        Identity.objects.create(customer=c, kind=kind, value=value)
    return c


def _conversation(customer, order=None, subject="Hi"):
    account, _ = ChannelAccount.objects.get_or_create(kind="email", name="Support", address="support@shop.example")
    return Conversation.objects.create(channel="email", account=account, customer=customer, order=order, subject=subject,
                                       created_at=T0, last_message_at=T0)


@pytest.mark.parametrize(
    "a, b, same",
    [
        ("Jane.Doe@gmail.com", "janedoe+shop@googlemail.com", True),
        ("jane+amazon@web.de", "JANE@web.de", True),
        ("jane.doe@web.de", "janedoe@web.de", False),  # dots only vanish at Gmail
        ("jane@gmail.com", "jane@gmail.co", False),
    ],
)
def test_canonical_email(a, b, same):
    assert (merging.canonical_email(a) == merging.canonical_email(b)) is same


def test_suggestions_name_the_reason_and_skip_weak_matches():
    anna = _customer("Anna Weber", ("email", "anna.weber@gmail.com"))
    dotless = _customer("", ("email", "annaweber@gmail.com"))
    namesake = _customer("anna weber", ("email", "aw@example.de"))
    first_name_only = _customer("Anna", ("email", "anna@example.fr"))
    order = Order.objects.create(platform="amazon", number="302-1234567-1234567", customer=anna, created_at=T0)
    relay = _customer("Anna", ("amazon_buyer", "x7k2@marketplace.amazon.de"))
    _conversation(relay, order=order)

    found = {s.customer.pk: s.reasons for s in merging.suggestions(anna)}
    assert found == {dotless.pk: ["same_mailbox"], relay.pk: ["same_order"], namesake.pk: ["same_name"]}
    assert [s.customer.pk for s in merging.suggestions(anna)] == [dotless.pk, relay.pk, namesake.pk]
    assert first_name_only.pk not in found
    # The relay record sees the order's buyer from its side too.
    assert {s.customer.pk: s.reasons for s in merging.suggestions(relay)} == {anna.pk: ["same_order"]}


def test_merge_moves_everything_and_new_mail_finds_the_target(django_user_model):
    user = django_user_model.objects.create_user("sup")
    target = _customer("Anna Weber", ("email", "anna@example.de"), lifetime_value=Decimal("120.00"))
    source = _customer("", ("amazon_buyer", "x7k2@marketplace.amazon.de"), ("phone", "+4915112345678"),
                       country="DE", language="de", lifetime_value=Decimal("80.50"), is_vip=True)
    order = Order.objects.create(platform="amazon", number="302-1234567-1234567", customer=source, created_at=T0)
    conv = _conversation(source, order=order)

    done = merging.merge(target, source, user, reason="same buyer")

    target.refresh_from_db()
    source.refresh_from_db()
    assert sorted(target.identities.values_list("kind", "value")) == [
        ("amazon_buyer", "x7k2@marketplace.amazon.de"), ("email", "anna@example.de"), ("phone", "+4915112345678"),
    ]
    assert source.identities.count() == 0
    assert source.merged_into_id == target.pk
    assert Conversation.objects.get(pk=conv.pk).customer_id == target.pk
    assert Order.objects.get(pk=order.pk).customer_id == target.pk
    assert (target.name, target.country, target.language) == ("Anna Weber", "DE", "de")
    assert (target.lifetime_value, target.is_vip) == (Decimal("200.50"), True)
    assert done.moved == {"identities": done.moved["identities"], "conversations": [conv.pk], "orders": [order.pk]}
    assert len(done.moved["identities"]) == 2
    event = Event.objects.get(kind="customers_merged")
    assert (event.actor_id, event.data) == (
        user.pk,
        {"target": target.pk, "source": source.pk, "merge": done.pk, "reason": "same buyer", "identities": 2,
         "conversations": 1, "orders": 1},
    )
    assert find_or_create_customer([("phone", "+4915112345678")], name="", now=T0).pk == target.pk


def test_unmerge_puts_every_row_back(django_user_model):
    user = django_user_model.objects.create_user("sup")
    target = _customer("Anna Weber", ("email", "anna@example.de"), lifetime_value=Decimal("120.00"))
    source = _customer("Anna W", ("email", "anna.w@example.com"), country="AT", lifetime_value=Decimal("30.00"))
    conv = _conversation(source)
    kept = _conversation(target)
    done = merging.merge(target, source, user)

    assert merging.unmerge(done, user).pk == source.pk

    target.refresh_from_db()
    source.refresh_from_db()
    assert list(target.identities.values_list("value", flat=True)) == ["anna@example.de"]
    assert list(source.identities.values_list("value", flat=True)) == ["anna.w@example.com"]
    assert Conversation.objects.get(pk=conv.pk).customer_id == source.pk
    assert Conversation.objects.get(pk=kept.pk).customer_id == target.pk
    assert (target.country, target.lifetime_value) == ("", Decimal("120.00"))
    assert source.merged_into_id is None
    assert CustomerMerge.objects.get().undone_by_id == user.pk
    assert list(Event.objects.filter(kind__startswith="customers_").order_by("id").values_list("kind", flat=True)) == ["customers_merged", "customers_unmerged"]
    with pytest.raises(ActionError, match="already undone"):
        merging.unmerge(done, user)


def test_refused_merges(django_user_model):
    user = django_user_model.objects.create_user("sup")
    a, b, c = _customer("A"), _customer("B"), _customer("C")
    with pytest.raises(ActionError, match="into itself"):
        merging.merge(a, a, user)
    merging.merge(a, b, user)
    with pytest.raises(ActionError, match="already merged"):
        merging.merge(c, b, user)
    outer = merging.merge(c, a, user)
    with pytest.raises(ActionError, match="later merge"):
        merging.unmerge(CustomerMerge.objects.get(source=b), user)
    merging.unmerge(outer, user)
    merging.unmerge(CustomerMerge.objects.get(source=b), user)
    assert Customer.objects.filter(merged_into__isnull=False).count() == 0
