"""The pipeline from raw delivery to a triaged, assigned conversation, on the embedded default."""

from sellerdesk.channels import pipeline
from sellerdesk.channels.models import RawDelivery
from sellerdesk.conversations.models import Conversation, Event, Message

MAIL = (
    b"From: Hans Meier <hans@example.de>\r\n"
    b"To: support@shop.example\r\n"
    b"Subject: Wo ist meine Bestellung?\r\n"
    b"Message-ID: <abc-1@example.de>\r\n"
    b"Date: Mon, 23 Nov 2026 08:00:00 +0000\r\n"
    b"Content-Type: text/plain; charset=utf-8\r\n\r\n"
    b"Hallo, ich warte seit zwei Wochen auf meine Bestellung. Wo ist sie?\r\n"
)


def test_raw_delivery_becomes_triaged_assigned_conversation(email_account, agent, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        raw, created = pipeline.store_delivery(email_account, "<abc-1@example.de>", MAIL)
    assert created is True
    assert len(callbacks) == 1
    assert pipeline.process(raw.pk) == "processed"
    conv = Conversation.objects.get()
    assert conv.language == "de"
    assert conv.subject == "Wo ist meine Bestellung?"
    assert conv.assignee == agent
    assert conv.customer.email == "hans@example.de"
    assert conv.next_deadline_at is not None
    msg = Message.objects.get()
    assert msg.external_id == "<abc-1@example.de>"
    assert msg.raw_delivery == raw
    assert list(Event.objects.filter(conversation=conv).order_by("id").values_list("kind", flat=True)) == [
        "conversation_created",
        "message_received",
        "assigned",
    ]


def test_redelivery_and_reprocessing_create_nothing_twice(email_account, agent):
    raw, _ = pipeline.store_delivery(email_account, "<abc-1@example.de>", MAIL)
    pipeline.process(raw.pk)
    again, created = pipeline.store_delivery(email_account, "<abc-1@example.de>", MAIL)
    assert created is False and again.pk == raw.pk
    RawDelivery.objects.filter(pk=raw.pk).update(status="received")  # as if a worker died after committing
    assert pipeline.process(raw.pk) == "processed"
    assert Message.objects.count() == 1
    assert Conversation.objects.count() == 1
    assert RawDelivery.objects.count() == 1


def test_malformed_mail_is_kept_and_flagged(email_account):
    raw, _ = pipeline.store_delivery(email_account, "<broken@x>", b"this is not an email at all")
    assert pipeline.process(raw.pk) == "failed"
    raw.refresh_from_db()
    assert raw.status == "failed"
    assert raw.error == "malformed: no From header, and no Sender, Reply-To or Return-Path to take it from"
    assert bytes(raw.body) == b"this is not an email at all"


# --- waking the intake, runs, retries --------------------------------------------------------------

RUN = "sellerdesk.channels.tasks.process_deliveries"
ALONE = "sellerdesk.channels.tasks.process_delivery"


def queued(path: str) -> list:
    from django_tasks_db.models import DBTaskResult

    return [r.args_kwargs["args"] for r in DBTaskResult.objects.filter(task_path=path, status="READY").order_by("enqueued_at")]


def mail_from(n: int) -> bytes:
    return MAIL.replace(b"<abc-1@example.de>", f"<abc-{n}@example.de>".encode()).replace(b"hans@", f"hans{n}@".encode())


def test_stores_queue_one_run_until_it_starts_then_the_next_store_queues_another(email_account, agent, django_capture_on_commit_callbacks):
    for n in (1, 2):
        with django_capture_on_commit_callbacks(execute=True):
            pipeline.store_delivery(email_account, f"<abc-{n}@example.de>", mail_from(n))
    assert queued(RUN) == [[]]

    assert pipeline.drain() == {"processed": 2}
    with django_capture_on_commit_callbacks(execute=True):
        pipeline.store_delivery(email_account, "<abc-3@example.de>", mail_from(3))
    assert queued(RUN) == [[], []]  # the first is still READY here: no worker took it
    assert pipeline.drain() == {"processed": 1}
    assert pipeline.drain() == {}


def test_a_run_past_its_time_queues_the_next_and_writes_at_least_one_batch(email_account, agent, settings):
    settings.INGEST_RUN_SECONDS = 0
    settings.INGEST_BATCH = 2
    for n in (1, 2, 3):
        pipeline.store_delivery(email_account, f"<abc-{n}@example.de>", mail_from(n))
    assert queued(RUN) == []  # (on_commit does not run inside the test's transaction)

    assert pipeline.drain() == {"processed": 2}
    assert queued(RUN) == [[]]
    assert pipeline.drain() == {"processed": 1}
    assert queued(RUN) == [[]]  # nothing more waited: no further run queued


def test_runs_of_two_workers_take_different_deliveries_until_a_take_runs_out(email_account, settings):
    import datetime as dt

    from sellerdesk.lib import clock

    settings.INGEST_HELPERS = 0
    for n in (1, 2, 3, 4, 5):
        pipeline.store_delivery(email_account, f"<abc-{n}@example.de>", mail_from(n))
    now = clock.now()
    with clock.frozen(now):
        first, second = pipeline._Ahead(2), pipeline._Ahead(2)  # one run on each of two workers
        read = [[r.external_id for r in ahead._read()] for ahead in (first, second, first, second)]
    assert read == [["<abc-1@example.de>", "<abc-2@example.de>"], ["<abc-3@example.de>", "<abc-4@example.de>"], ["<abc-5@example.de>"], []]
    assert (first.backlog, second.backlog) == (True, True)
    # a run that ends gives back what it read and did not write: the next run, anyone's, reads it
    first.queue.append((list(RawDelivery.objects.filter(external_id="<abc-5@example.de>")), None))
    with clock.frozen(now):
        assert first.leave() is True
        assert [r.external_id for r in pipeline._Ahead(9)._read()] == ["<abc-5@example.de>"]
    # a worker that died holding deliveries: once its take has run out, another run reads them
    with clock.frozen(now + dt.timedelta(seconds=pipeline.TAKE_SECONDS - 1)):
        assert pipeline._Ahead(2)._read() == []
    with clock.frozen(now + dt.timedelta(seconds=pipeline.TAKE_SECONDS + 1)):
        assert [r.external_id for r in pipeline._Ahead(9)._read()] == [f"<abc-{n}@example.de>" for n in (1, 2, 3, 4, 5)]


def test_batches_a_run_leaves_prepared_are_held_for_its_process_next_run(email_account, settings, monkeypatch):
    import datetime as dt

    import pytest

    from sellerdesk.channels import prep
    from sellerdesk.lib import clock

    if prep._cores() < 2:
        pytest.skip("a preparing thread needs a second core")
    settings.INGEST_HELPERS = 0
    for n in (1, 2, 3, 4):
        pipeline.store_delivery(email_account, f"<abc-{n}@example.de>", mail_from(n))
    now = clock.now()
    helpers = prep.helpers()  # this process's preparing thread
    try:
        with clock.frozen(now):
            run = pipeline._Ahead(2)
            rows = run._read()
            run.queue.append((rows, helpers.submit(rows)))  # prepared ahead, not written when the run ends
            assert run.leave() is True
            with monkeypatch.context() as other_process:  # a run of another worker: nothing left over
                other_process.setattr(prep, "helpers", lambda start=True: None)
                assert [r.external_id for r in pipeline._Ahead(9)._read()] == ["<abc-3@example.de>", "<abc-4@example.de>"]
            again = pipeline._Ahead(2)  # this process's next run starts with the held batch, prepared
            assert [([r.external_id for r in rows], future is not None) for rows, future in again.queue] == [
                (["<abc-1@example.de>", "<abc-2@example.de>"], True)
            ]
            assert again.leave() is True  # held once more
        with clock.frozen(now + dt.timedelta(seconds=pipeline.HOLD_LEFT_SECONDS + 1)), monkeypatch.context() as other_process:
            other_process.setattr(prep, "helpers", lambda start=True: None)
            # the hold has run out (the process ran no next run): anyone's run reads them
            assert [r.external_id for r in pipeline._Ahead(9)._read()] == ["<abc-1@example.de>", "<abc-2@example.de>"]
    finally:
        prep.stop_helpers()


def test_a_run_that_finds_a_backlog_queues_one_run_for_another_worker(email_account, agent, settings):
    settings.INGEST_HELPERS = 0
    settings.INGEST_BATCH = 2
    for n in (1, 2, 3):
        pipeline.store_delivery(email_account, f"<abc-{n}@example.de>", mail_from(n))

    assert pipeline.drain() == {"processed": 3}
    assert queued(RUN) == [[]]  # another worker may join; it finds nothing left here
    assert pipeline.drain() == {}
    assert queued(RUN) == [[]]


def test_stale_deliveries_never_tried_wake_a_run_and_failed_ones_are_retried_alone(email_account):
    import datetime as dt

    fresh, _ = pipeline.store_delivery(email_account, "<abc-1@example.de>", mail_from(1))
    failed, _ = pipeline.store_delivery(email_account, "<abc-2@example.de>", mail_from(2))
    RawDelivery.objects.filter(pk=failed.pk).update(attempts=1, error="OperationalError: database is locked")
    later = fresh.queued_at + dt.timedelta(seconds=121)

    assert pipeline.requeue_stale(now=later) == 2
    assert queued(RUN) == [[]]
    assert queued(ALONE) == [[failed.pk]]
    assert pipeline.requeue_stale(now=later) == 0  # queued again just now


def test_helper_processes_by_default_follow_cores_and_free_memory(settings, monkeypatch):
    from sellerdesk.channels import prep

    settings.INGEST_HELPERS = None
    monkeypatch.setattr(prep, "_cores", lambda: 2)
    monkeypatch.setattr(prep, "_available_mb", lambda: 20_000)
    assert prep.helper_count() == 2
    # Each helper wants twice its size (HELPER_MB, 520 with the encoder's token table) free.
    monkeypatch.setattr(prep, "_available_mb", lambda: 1_100)
    assert prep.helper_count() == 1
    monkeypatch.setattr(prep, "_available_mb", lambda: 1_000)  # a 1 GB server: the writer prepares
    assert prep.helper_count() == 0
    monkeypatch.setattr(prep, "_cores", lambda: 8)
    monkeypatch.setattr(prep, "_available_mb", lambda: None)  # no /proc/meminfo: cores decide
    assert prep.helper_count() == 4
    monkeypatch.setattr(prep, "_cores", lambda: 1)
    assert prep.helper_count() == 0
    settings.INGEST_HELPERS = 3  # set by hand: taken as it is
    assert prep.helper_count() == 3


def mail(n: int) -> bytes:
    return MAIL.replace(b"<abc-1@example.de>", f"<abc-{n}@example.de>".encode())


def test_one_poll_is_stored_in_one_transaction_and_wakes_the_intake_once(email_account, django_capture_on_commit_callbacks, django_assert_max_num_queries):
    pipeline.store_delivery(email_account, "<abc-2@example.de>", mail(2))
    poll = [(f"<abc-{n}@example.de>", mail(n), {"imap_uid": n}) for n in (1, 2, 3, 1)]  # one stored before, one twice
    with django_capture_on_commit_callbacks() as callbacks, django_assert_max_num_queries(4):
        stored = pipeline.store_deliveries(email_account, poll, channel="email")
    assert [(raw.external_id, created) for raw, created in stored] == [
        ("<abc-1@example.de>", True), ("<abc-2@example.de>", False), ("<abc-3@example.de>", True), ("<abc-1@example.de>", False),
    ]
    assert stored[0][0] is stored[3][0]
    assert len(callbacks) == 1  # one wake for the poll
    rows = list(RawDelivery.objects.order_by("pk").values_list("external_id", "headers", "status", "channel"))
    assert rows == [
        ("<abc-2@example.de>", {}, "received", "email"),
        ("<abc-1@example.de>", {"imap_uid": 1}, "received", "email"),
        ("<abc-3@example.de>", {"imap_uid": 3}, "received", "email"),
    ]
    assert bytes(RawDelivery.objects.get(external_id="<abc-3@example.de>").body) == mail(3)
    ids = dict(RawDelivery.objects.values_list("external_id", "pk"))
    assert [r.pk for r, _ in stored] == [ids[r.external_id] for r, _ in stored]  # the new rows have their ids
    # nothing new: nothing stored, no wake
    with django_capture_on_commit_callbacks() as callbacks:
        again = pipeline.store_deliveries(email_account, poll[:3], channel="email")
    assert [created for _, created in again] == [False, False, False] and callbacks == []
