"""Search on SQLite (FTS5) and PostgreSQL (tsvector): the same mail through the intake, the same
conversations found in the same order on both — the lists tests/search/corpus.py expects."""

from __future__ import annotations

import pytest

from sellerdesk.channels.models import ChannelAccount
from tests.backends.conftest import POSTGRESQL_DB, SQLITE_DB
from tests.search.corpus import EXPECTED, found, receive_all


@pytest.mark.parametrize("backend", [SQLITE_DB, POSTGRESQL_DB], indirect=True)
def test_same_matches_in_the_same_order_on_both_databases(backend):
    account = ChannelAccount.objects.create(kind="email", name="Support", address="support@shop.example")
    convs = receive_all(account)
    got = {query: found(query, convs) for query in EXPECTED}
    assert got == EXPECTED
    convs["parcel"].status = "resolved"
    convs["parcel"].save(update_fields=["status"])
    assert found("bottle", convs, status="open") == ["bottle"]
    assert found("bottle", convs, status="resolved") == ["parcel"]
    assert found("bottle", convs, channel="email", status="all") == ["bottle", "parcel"]
