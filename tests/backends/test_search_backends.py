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


@pytest.mark.parametrize("backend", [SQLITE_DB, POSTGRESQL_DB], indirect=True)
def test_the_newest_matches_are_kept_across_many_bands(backend, monkeypatch):
    """Bands of two ids, so PostgreSQL walks several ranges of bands newest first and then the
    rest of the table: the candidates cut at MESSAGE_CANDIDATES are the newest matches, as FTS5
    gives them, and a word only in the oldest mail is still found."""
    from sellerdesk.conversations.intake import receive_message
    from sellerdesk.conversations.queries import InboxFilters
    from sellerdesk.search import backends, query
    from tests.search.corpus import inbound

    monkeypatch.setattr(backends, "BAND", 2)
    monkeypatch.setattr(query, "MESSAGE_CANDIDATES", 5)
    account = ChannelAccount.objects.create(kind="email", name="Support", address="support@shop.example")
    convs = []
    for n in range(40):
        body = ("glue " if n == 1 else "") + ("bottle cracked" if n % 3 == 0 else "box arrived") + f" number {n}"
        mail = inbound(n, f"buyer{n}@buyer.example", f"Buyer {n}", f"Question {n}", body, "")
        convs.append(receive_message(account, mail).conversation.pk)

    def ids(q):
        return [h.conversation_id for h in query.search(q, InboxFilters(status="all")).hits]

    assert ids("bottle") == [convs[n] for n in (39, 36, 33, 30, 27)]
    assert ids("bottle cracked") == [convs[n] for n in (39, 36, 33, 30, 27)]
    assert ids("glue") == [convs[1]]
    assert ids("number 2") == [convs[2]]
    assert ids("box") == [convs[n] for n in (38, 37, 35, 34, 32)]
