"""The mailbox column of e-mail identities: filled on every write path, filled by the migration for
rows written before it, and what merge suggestions look up (with an index, not LIKE scans)."""

import datetime as dt
import importlib
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sellerdesk.customers import merge as merging
from sellerdesk.customers.actions import find_or_create_customer
from sellerdesk.customers.models import Customer, Identity

T0 = dt.datetime(2026, 11, 23, 8, 0, tzinfo=dt.timezone.utc)
pytestmark = pytest.mark.django_db


def _customer(name=""):
    return Customer.objects.create(name=name, created_at=T0)


def test_every_write_path_fills_the_mailbox():
    c = _customer()
    created = Identity.objects.create(customer=c, kind="email", value="Jane.Doe+Shop@GoogleMail.com")
    bulk = Identity.objects.bulk_create([Identity(customer=c, kind="email", value="jane+x@web.de"),
                                         Identity(customer=c, kind="phone", value="+4930123456")])
    assert Identity.objects.get(pk=created.pk).mailbox == "janedoe@gmail.com"
    rows = dict(Identity.objects.filter(pk__in=[i.pk for i in bulk]).values_list("value", "mailbox"))
    assert rows == {"jane+x@web.de": "jane@web.de", "+4930123456": None}
    created.value = "other@web.de"
    created.save(update_fields=["value"])
    assert Identity.objects.get(pk=created.pk).mailbox == "other@web.de"
    found = find_or_create_customer([("email", "New.Buyer+x@Example.com")], name="New Buyer", now=T0)
    identity = Identity.objects.get(customer=found, kind="email")
    assert identity.mailbox == merging.canonical_email(identity.value) == "new.buyer@example.com"


def test_the_migration_fills_rows_written_before_it(monkeypatch):
    migration = importlib.import_module("sellerdesk.customers.migrations.0003_identity_mailbox")
    monkeypatch.setattr(migration, "BATCH", 2)  # several batches
    c = _customer()
    Identity.objects.bulk_create([Identity(customer=c, kind="email", value=f"a.b+{i}@gmail.com") for i in range(5)]
                                 + [Identity(customer=c, kind="phone", value="+4930999")])
    Identity.objects.update(mailbox=None)  # as written by a desk before the column existed
    from django.apps import apps

    migration.fill_mailboxes(apps, SimpleNamespace(connection=connection))  # what it uses of the schema editor
    assert sorted(Identity.objects.values_list("kind", "mailbox")) == [("email", "ab@gmail.com")] * 5 + [("phone", None)]


def test_suggestions_find_the_mailbox_in_one_indexed_query():
    anna = _customer("Anna Weber")
    Identity.objects.create(customer=anna, kind="email", value="anna.weber@gmail.com")
    Identity.objects.create(customer=anna, kind="email", value="anna@shop.example")
    dotless = _customer()
    Identity.objects.create(customer=dotless, kind="email", value="AnnaWeber+ebay@googlemail.com")
    tagged = _customer()
    Identity.objects.create(customer=tagged, kind="email", value="anna+news@shop.example")
    other = _customer()
    Identity.objects.create(customer=other, kind="email", value="annaweber@web.de")
    with CaptureQueriesContext(connection) as ctx:
        found = {s.customer.pk: s.reasons for s in merging.suggestions(anna)}
    assert found == {dotless.pk: ["same_mailbox"], tagged.pk: ["same_mailbox"]}
    mailbox_queries = [q["sql"] for q in ctx.captured_queries if '"customers_identity"."mailbox" IN' in q["sql"]]
    assert len(mailbox_queries) == 1
    assert not [q for q in ctx.captured_queries if "LIKE" in q["sql"].upper()]


def test_same_name_is_any_case_and_ignores_merged_records():
    anna = _customer("Anna Weber")
    namesake = _customer("ANNA WEBER")
    merged = _customer("anna weber")
    merged.merged_into = namesake
    merged.save()
    assert {s.customer.pk: s.reasons for s in merging.suggestions(anna)} == {namesake.pk: ["same_name"]}
