"""IMAP polling and "Test connection" against a real dovecot on 127.0.0.1."""

import pytest

from sellerdesk.channels import pipeline
from sellerdesk.channels.email import imap
from sellerdesk.channels.email.connection import test_connection as check_connection
from sellerdesk.channels.models import ChannelAccount, MailboxState, RawDelivery
from sellerdesk.conversations.models import Conversation, Message
from sellerdesk.channels.email.tests.conftest import IMAP_PASSWORD, make_account
from tests.servers.mailservers import free_port

pytestmark = pytest.mark.imap


def buyer_mail(n: int, *, message_id: str = "", subject: str = "Wo ist meine Bestellung?", body: str = "") -> bytes:
    message_id = message_id or f"<buyer-{n}@example.de>"
    body = body or f"Hallo, ich warte seit zwei Wochen auf Bestellung {n}. Wo ist sie?"
    return (
        f"From: Hans Meier <hans{n}@example.de>\r\n"
        f"To: support@shop.example\r\n"
        f"Subject: {subject}\r\n"
        f"Message-ID: {message_id}\r\n"
        f"Date: Mon, 23 Nov 2026 08:0{n % 10}:00 +0000\r\n"
        f"Content-Type: text/plain; charset=utf-8\r\n"
        f"Content-Transfer-Encoding: 8bit\r\n\r\n"
        f"{body}\r\n"
    ).encode()


CHINESE = (
    "From: =?utf-8?b?5byg5LiJ?= <zhang@example.cn>\r\n"
    "To: support@shop.example\r\n"
    "Subject: =?utf-8?b?5oiR55qE6K6i5Y2V5Zyo5ZOq6YeM77yf?=\r\n"
    "Message-ID: <zh-1@example.cn>\r\n"
    "Date: Mon, 23 Nov 2026 09:00:00 +0800\r\n"
    "Content-Type: text/plain; charset=utf-8\r\n"
    "Content-Transfer-Encoding: 8bit\r\n\r\n"
    "你好，我的订单两周了还没到，请帮我查一下。\r\n"
).encode()


def process_all() -> list[str]:
    return [pipeline.process(pk) for pk in RawDelivery.objects.order_by("pk").values_list("pk", flat=True)]


def test_new_mail_becomes_raw_deliveries_then_conversations(mail_account, imap_server, imap_user):
    german = buyer_mail(1)
    imap_server.append(imap_user, german)
    imap_server.append(imap_user, CHINESE)

    assert imap.poll_account(mail_account) == 2

    raws = list(RawDelivery.objects.order_by("pk"))
    uidvalidity = imap_server.uidvalidity(imap_user)
    assert [(r.channel, r.external_id, r.status) for r in raws] == [
        ("email", "<buyer-1@example.de>", "received"),
        ("email", "<zh-1@example.cn>", "received"),
    ]
    assert bytes(raws[0].body) == german
    assert bytes(raws[1].body) == CHINESE
    assert raws[1].headers == {"imap_mailbox": "INBOX", "imap_uid": 2, "imap_uidvalidity": uidvalidity}
    state = MailboxState.objects.get(account=mail_account)
    assert (state.mailbox, state.uidvalidity, state.last_uid) == ("INBOX", uidvalidity, 2)
    # Polling reads with BODY.PEEK[] from a read-only mailbox: the seller's unread mail stays unread.
    assert all("\\Seen" not in flags for flags in imap_server.flags(imap_user))

    assert process_all() == ["processed", "processed"]
    assert list(Conversation.objects.order_by("pk").values_list("subject", "customer__email")) == [
        ("Wo ist meine Bestellung?", "hans1@example.de"),
        ("我的订单在哪里？", "zhang@example.cn"),
    ]
    assert Message.objects.get(external_id="<zh-1@example.cn>").body_text == "你好，我的订单两周了还没到，请帮我查一下。"


def test_polling_again_fetches_only_new_mail(mail_account, imap_server, imap_user):
    imap_server.append(imap_user, buyer_mail(1))
    assert imap.poll_account(mail_account) == 1
    assert imap.poll_account(mail_account) == 0
    assert RawDelivery.objects.count() == 1

    imap_server.append(imap_user, buyer_mail(2))
    assert imap.poll_account(mail_account) == 1
    assert list(RawDelivery.objects.order_by("pk").values_list("external_id", flat=True)) == [
        "<buyer-1@example.de>",
        "<buyer-2@example.de>",
    ]
    assert MailboxState.objects.get(account=mail_account).last_uid == 2


def test_same_message_id_appended_twice_is_one_message(mail_account, imap_server, imap_user):
    mail = buyer_mail(1)
    imap_server.append(imap_user, mail)
    imap_server.append(imap_user, mail)

    assert imap.poll_account(mail_account) == 1

    assert RawDelivery.objects.count() == 1
    assert MailboxState.objects.get(account=mail_account).last_uid == 2  # the copy was seen, not refetched forever
    assert process_all() == ["processed"]
    assert Message.objects.count() == 1


def test_every_configured_mailbox_is_polled(db, imap_server, imap_user):
    imap_server.create_mailbox(imap_user, "Amazon")
    imap_server.append(imap_user, buyer_mail(1))
    imap_server.append(imap_user, buyer_mail(2), mailbox="Amazon")
    imap_server.append(imap_user, buyer_mail(3), mailbox="Amazon")
    account = make_account(imap_server.imap_config(imap_user, ["INBOX", "Amazon"]))

    assert imap.poll_account(account) == 3

    assert list(RawDelivery.objects.order_by("pk").values_list("external_id", "headers__imap_mailbox")) == [
        ("<buyer-1@example.de>", "INBOX"),
        ("<buyer-2@example.de>", "Amazon"),
        ("<buyer-3@example.de>", "Amazon"),
    ]
    assert sorted(MailboxState.objects.values_list("mailbox", "last_uid")) == [("Amazon", 2), ("INBOX", 1)]


def test_uidvalidity_change_refetches_without_duplicates(db, imap_server, imap_user):
    imap_server.create_mailbox(imap_user, "Orders")
    imap_server.append(imap_user, buyer_mail(1), mailbox="Orders")
    imap_server.append(imap_user, buyer_mail(2), mailbox="Orders")
    account = make_account(imap_server.imap_config(imap_user, ["Orders"]))
    assert imap.poll_account(account) == 2
    old_validity = MailboxState.objects.get().uidvalidity

    # The folder is recreated (as after a server migration): same mails, new UIDVALIDITY, UIDs from 1 again.
    imap_server.delete_mailbox(imap_user, "Orders")
    imap_server.create_mailbox(imap_user, "Orders")
    imap_server.append(imap_user, buyer_mail(1), mailbox="Orders")
    imap_server.append(imap_user, buyer_mail(2), mailbox="Orders")
    imap_server.append(imap_user, buyer_mail(3), mailbox="Orders")
    new_validity = imap_server.uidvalidity(imap_user, "Orders")
    assert new_validity != old_validity

    assert imap.poll_account(account) == 1

    assert list(RawDelivery.objects.order_by("pk").values_list("external_id", flat=True)) == [
        "<buyer-1@example.de>",
        "<buyer-2@example.de>",
        "<buyer-3@example.de>",
    ]
    state = MailboxState.objects.get()
    assert (state.uidvalidity, state.last_uid) == (new_validity, 3)


@pytest.mark.parametrize("limit", [("BATCH", 2), ("BATCH_BYTES", 1)])
def test_large_mailbox_is_fetched_in_batches(mail_account, imap_server, imap_user, monkeypatch, limit):
    monkeypatch.setattr(imap, *limit)
    for n in range(1, 6):
        imap_server.append(imap_user, buyer_mail(n))

    assert imap.poll_account(mail_account) == 5

    assert list(RawDelivery.objects.order_by("pk").values_list("headers__imap_uid", "external_id")) == [
        (n, f"<buyer-{n}@example.de>") for n in range(1, 6)
    ]
    assert MailboxState.objects.get(account=mail_account).last_uid == 5


def test_batches_are_bounded_by_count_and_bytes(monkeypatch):
    monkeypatch.setattr(imap, "BATCH", 3)
    monkeypatch.setattr(imap, "BATCH_BYTES", 100)
    pending = [(1, 40), (2, 40), (3, 40), (4, 10), (5, 10), (6, 10), (7, 10), (8, 500), (9, 1)]
    # A message larger than the byte limit still goes, alone.
    assert imap._batches(pending) == [[1, 2], [3, 4, 5], [6, 7], [8], [9]]
    assert imap._batches([]) == []


def test_position_advances_only_with_committed_deliveries(mail_account, imap_server, imap_user, monkeypatch):
    monkeypatch.setattr(imap, "BATCH", 2)
    for n in range(1, 6):
        imap_server.append(imap_user, buyer_mail(n))
    real_store = imap.store_deliveries
    calls = []

    def store_then_die_on_second(account, deliveries, **kwargs):
        calls.append([external_id for external_id, _, _ in deliveries])
        stored = real_store(account, deliveries, **kwargs)
        if len(calls) == 2:
            raise RuntimeError("database went away")  # after the rows were written: all of them roll back
        return stored

    monkeypatch.setattr(imap, "store_deliveries", store_then_die_on_second)
    with pytest.raises(RuntimeError, match="database went away"):
        imap.poll_account(mail_account)
    # one fetch, one transaction: the first batch is committed whole, the second not at all
    assert calls == [["<buyer-1@example.de>", "<buyer-2@example.de>"], ["<buyer-3@example.de>", "<buyer-4@example.de>"]]
    assert MailboxState.objects.get(account=mail_account).last_uid == 2
    assert list(RawDelivery.objects.order_by("pk").values_list("external_id", flat=True)) == ["<buyer-1@example.de>", "<buyer-2@example.de>"]

    monkeypatch.setattr(imap, "store_deliveries", real_store)
    assert imap.poll_account(mail_account) == 3
    assert RawDelivery.objects.count() == 5
    assert MailboxState.objects.get(account=mail_account).last_uid == 5


def test_poll_all_records_a_clear_error_and_goes_on(db, imap_server):
    bad_user = imap_server.add_user()
    good_user = imap_server.add_user()
    imap_server.append(good_user, buyer_mail(1))
    bad = make_account(imap_server.imap_config(bad_user), imap_password="wrong-password", name="Bad")
    unreachable_port = free_port()
    unreachable = make_account({**imap_server.imap_config(good_user), "port": unreachable_port}, name="Unreachable")
    missing = make_account(imap_server.imap_config(good_user, ["INBOX", "Nope"]), name="Missing folder")
    good = make_account(imap_server.imap_config(good_user), name="Good")
    ChannelAccount.objects.create(kind="email", name="No IMAP", address="x@shop.example", config={"smtp": {"host": "127.0.0.1"}})
    ChannelAccount.objects.create(kind="email", name="Paused", is_active=False, config={"imap": {"host": "127.0.0.1", "port": 1}})

    assert imap.poll_all() == 2  # the good account's mail, and the INBOX of the account whose second folder is missing

    errors = dict(ChannelAccount.objects.values_list("name", "last_error"))
    assert errors == {
        "Bad": f"IMAP login failed for {bad_user}: Authentication failed",
        "Unreachable": f"IMAP connection to 127.0.0.1:{unreachable_port} failed: connection refused (is the host and port right?)",
        "Missing folder": "IMAP mailbox 'Nope' cannot be opened: Mailbox doesn't exist: Nope",
        "Good": "",
        "No IMAP": "",
        "Paused": "",
    }
    assert ChannelAccount.objects.filter(last_polled_at__isnull=False).count() == 4
    assert list(RawDelivery.objects.values_list("account__name", flat=True).order_by("pk")) == ["Missing folder", "Good"]

    # Fixed password: the next poll clears the error.
    bad.credentials = {"imap_password": IMAP_PASSWORD}
    bad.save()
    imap.poll_all()
    bad.refresh_from_db()
    assert bad.last_error == ""


def test_poll_mailboxes_task_polls_everything(mail_account, imap_server, imap_user):
    from sellerdesk.channels.tasks import poll_mailboxes

    imap_server.append(imap_user, buyer_mail(1))
    assert poll_mailboxes.call() == 1
    assert RawDelivery.objects.get().external_id == "<buyer-1@example.de>"


# --- "Test connection" -------------------------------------------------------------------------


def test_connection_ok(db, imap_server, imap_user, smtp_server):
    imap_server.create_mailbox(imap_user, "Amazon")
    imap_server.create_mailbox(imap_user, "eBay")
    account = make_account(imap_server.imap_config(imap_user, ["INBOX", "Amazon", "eBay"]), smtp_server.smtp_config())
    assert check_connection(account) == (True, "IMAP ok (3 mailboxes), SMTP ok")


def test_connection_reports_each_failure(db, imap_server, imap_user, smtp_server):
    account = make_account(imap_server.imap_config(imap_user), smtp_server.smtp_config(), imap_password="nope", smtp_password="nope")
    assert check_connection(account) == (
        False,
        f"IMAP login failed for {imap_user}: Authentication failed, "
        "SMTP login failed for support@shop.example: 535 5.7.8 Authentication credentials invalid",
    )


def test_connection_without_settings(db):
    account = make_account()
    assert check_connection(account) == (False, "IMAP not configured, SMTP not configured")


def test_connection_with_a_missing_mailbox_and_no_smtp_server(db, imap_server, imap_user):
    port = free_port()
    account = make_account(imap_server.imap_config(imap_user, ["INBOX", "Archiv"]), {"host": "127.0.0.1", "port": port, "security": "none"})
    assert check_connection(account) == (
        False,
        "IMAP mailbox 'Archiv' cannot be opened: Mailbox doesn't exist: Archiv, "
        f"SMTP connection to 127.0.0.1:{port} failed: connection refused (is the host and port right?)",
    )
