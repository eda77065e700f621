"""The web server's watcher of new transcript lines (`live.NewLines`): what one read returns and costs."""

from sellerdesk.channels.webchat.live import NewLines
from sellerdesk.channels.webchat.models import ChatEvent, ChatVisitor
from sellerdesk.lib import clock
from sellerdesk.lib.newrows import OVERLAP


def visitor(chat, key: str) -> ChatVisitor:
    now = clock.now()
    return ChatVisitor.objects.create(account=chat, key=key, created_at=now, last_seen_at=now)


def line(who: ChatVisitor, text: str, pk: int | None = None) -> ChatEvent:
    return ChatEvent.objects.create(id=pk, visitor=who, kind="visitor", text=text, client_id=text[:8], created_at=clock.now())


def test_a_read_returns_whole_rows_only_for_the_visitors_whose_streams_this_process_holds(chat, django_assert_num_queries):
    here, elsewhere = visitor(chat, "a" * 32), visitor(chat, "b" * 32)
    reader = NewLines()
    first = line(here, "Do you ship to Canada?")
    line(elsewhere, "Is the blue one in stock?")
    second = line(here, "And to Mexico?")
    with django_assert_num_queries(2):  # the new ids, then the rows wanted
        rows = reader.read({here.pk}, now=0.0)
    assert [(r["id"], r["visitor_id"], r["kind"], r["text"], r["client_id"]) for r in rows] == [
        (first.pk, here.pk, "visitor", "Do you ship to Canada?", "Do you s"),
        (second.pk, here.pk, "visitor", "And to Mexico?", "And to M"),
    ]
    assert set(rows[0]) == {"id", "visitor_id", "kind", "text", "name", "client_id", "files", "created_at"}
    assert reader.fresh == 3  # new to this reader, whoever's (the watcher then keeps reading at the poll's pace)
    # Read again within the overlap: the same ids come back and are skipped, with no row read.
    with django_assert_num_queries(1):
        assert reader.read({here.pk, elsewhere.pk}, now=0.1) == []
    assert reader.fresh == 0


def test_a_line_committed_late_below_the_newest_id_is_still_read_within_the_overlap(chat):
    here = visitor(chat, "c" * 32)
    reader = NewLines()
    high = line(here, "second line, committed first", pk=5000)
    assert [r["id"] for r in reader.read({here.pk}, now=0.0)] == [high.pk]
    late = line(here, "first line, committed late", pk=4990)
    assert [r["id"] for r in reader.read({here.pk}, now=1.0)] == [late.pk]
    # Past the overlap the floor has moved up to the newest id: only newer ids are read.
    line(here, "committed far too late", pk=4995)
    window = OVERLAP.total_seconds()
    assert reader.read({here.pk}, now=1.0 + window + 0.5) == []
    newest = line(here, "a new line", pk=5001)
    assert [r["id"] for r in reader.read({here.pk}, now=1.0 + window + 0.6)] == [newest.pk]


def test_a_reader_starts_after_the_lines_written_before_it(chat):
    here = visitor(chat, "d" * 32)
    line(here, "before the stream opened")
    reader = NewLines()
    assert reader.read({here.pk}, now=0.0) == []
    after = line(here, "after")
    assert [r["text"] for r in reader.read({here.pk}, now=0.2)] == [after.text]
