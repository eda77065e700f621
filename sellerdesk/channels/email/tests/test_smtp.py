"""Sending replies over SMTP to a real aiosmtpd on 127.0.0.1, the demo mail sink, and IMAP -> reply end to end."""

import os
import signal
import smtplib
import subprocess
import sys
from email.utils import parsedate_to_datetime
from pathlib import Path

import pytest

from sellerdesk.accounts.models import AgentProfile
from sellerdesk.channels import pipeline
from sellerdesk.channels.base import PermanentSendError, RetryableSendError
from sellerdesk.channels.email import imap
from sellerdesk.channels.email.mailsink import list_outbox, read_outbox_mail, start_mailsink
from sellerdesk.channels.email.outbound import send_email_reply
from sellerdesk.channels.models import RawDelivery
from sellerdesk.conversations import actions
from sellerdesk.conversations.models import Attachment, Conversation, Event, Message
from sellerdesk.conversations.tasks import deliver
from sellerdesk.lib import clock
from sellerdesk.channels.email.tests.conftest import make_account
from tests.servers.mailservers import free_port

BUYER_MAIL = (
    b"From: Hans Meier <hans@example.de>\r\n"
    b"To: support@shop.example\r\n"
    b"Subject: =?utf-8?q?Gr=C3=B6=C3=9Fe_falsch_/_=E5=B0=BA=E7=A0=81=E4=B8=8D=E5=AF=B9?=\r\n"
    b"Message-ID: <CAF=hans-2@mail.example.de>\r\n"
    b"In-Reply-To: <CAF=hans-1@mail.example.de>\r\n"
    b"References: <CAF=hans-1@mail.example.de>\r\n"
    b"Date: Mon, 23 Nov 2026 08:00:00 +0000\r\n"
    b"Content-Type: text/plain; charset=utf-8\r\n"
    b"Content-Transfer-Encoding: 8bit\r\n\r\n"
    b"Die Schuhe sind zu klein, ich brauche Gr\xc3\xb6\xc3\x9fe 43.\r\n"
)
REPLY_TEXT = "Hallo Hans,\n\nwir tauschen die Schuhe gern um: Größe 43 ist unterwegs.\n您好，新的鞋子已经寄出。\n\nViele Grüße\nLi Wei"
SUBJECT = "Re: Größe falsch / 尺码不对"


@pytest.fixture
def agent_li(agent):
    AgentProfile.objects.filter(user=agent).update(display_name="Li Wei 李伟")
    agent.refresh_from_db()
    return agent


@pytest.fixture
def smtp_account(db, smtp_server):
    return make_account(smtp_config=smtp_server.smtp_config(), smtp_password=smtp_server.password)


def receive(account, raw: bytes = BUYER_MAIL) -> Conversation:
    delivery, _ = pipeline.store_delivery(account, "<CAF=hans-2@mail.example.de>", raw, channel="email")
    assert pipeline.process(delivery.pk) == "processed"
    return Conversation.objects.get(messages__raw_delivery=delivery)


def header_lines(raw: bytes) -> dict[str, bytes]:
    """Raw header lines as sent (folded continuation lines joined), by lower-case name."""
    head = raw.split(b"\r\n\r\n", 1)[0].replace(b"\r\n ", b"\n ")
    return {line.split(b":", 1)[0].lower().decode(): line for line in head.split(b"\r\n")}


def test_reply_headers_and_utf8_body_are_exact(smtp_account, smtp_server, agent_li):
    conversation = receive(smtp_account)
    message = actions.send_reply(conversation, agent_li, REPLY_TEXT)

    with clock.frozen(clock.now().replace(microsecond=0)):
        sent_at = clock.now()
        assert send_email_reply(smtp_account, message) == message.external_id

    [mail] = smtp_server.received
    assert mail.mail_from == "support@shop.example"
    assert mail.rcpt_tos == ["hans@example.de"]
    parsed = mail.message
    assert str(parsed["From"]) == "Li Wei 李伟 <support@shop.example>"
    assert str(parsed["To"]) == "hans@example.de"
    assert str(parsed["Subject"]) == SUBJECT
    assert str(parsed["Message-ID"]) == message.external_id
    assert message.external_id.startswith("<sd-") and message.external_id.endswith("@sellerdesk.local>")
    assert str(parsed["In-Reply-To"]) == "<CAF=hans-2@mail.example.de>"
    assert str(parsed["References"]) == "<CAF=hans-1@mail.example.de> <CAF=hans-2@mail.example.de>"
    assert str(parsed["X-Auto-Response-Suppress"]) == "All"
    assert "Auto-Submitted" not in parsed
    assert parsedate_to_datetime(str(parsed["Date"])) == sent_at
    assert parsed.get_content_type() == "text/plain"
    assert parsed.get_content_charset() == "utf-8"
    assert parsed.get_content().replace("\r\n", "\n") == REPLY_TEXT + "\n"
    # On the wire: non-ASCII headers RFC 2047-encoded, msg-ids verbatim, the body 7-bit safe.
    lines = header_lines(mail.raw)
    assert lines["subject"] == b"Subject: Re: =?utf-8?b?R3LDtsOfZSBmYWxzY2ggLyDlsLrnoIHkuI3lr7k=?="
    assert lines["from"] == b"From: Li Wei =?utf-8?b?5p2O5Lyf?= <support@shop.example>"
    assert lines["in-reply-to"] == b"In-Reply-To: <CAF=hans-2@mail.example.de>"
    assert lines["references"] == b"References: <CAF=hans-1@mail.example.de> <CAF=hans-2@mail.example.de>"
    assert lines["content-transfer-encoding"] in (b"Content-Transfer-Encoding: quoted-printable", b"Content-Transfer-Encoding: base64")
    assert mail.raw.isascii()


def test_long_reference_chains_are_folded_between_ids_never_encoded(smtp_account, smtp_server, agent_li):
    conversation = receive(smtp_account)
    ids = [f"<CAF=thread-{n:02d}.aVeryLongIdentifierFromAWebmailProvider0123456789@mail.example.de>" for n in range(20)]
    message = actions.send_reply(conversation, agent_li, "Danke!")
    message.references = " ".join(ids)
    message.in_reply_to = ids[-1]

    send_email_reply(smtp_account, message)

    raw = smtp_server.received[0].raw
    lines = header_lines(raw)
    assert b"=?" not in lines["references"] and b"=?" not in lines["in-reply-to"]
    # Each id is longer than the 78-character line goal, so each gets a line of its own.
    assert lines["references"].split(b"\n ") == [b"References: " + ids[0].encode()] + [i.encode() for i in ids[1:]]
    assert str(smtp_server.received[0].message["References"]).split() == ids
    assert str(smtp_server.received[0].message["In-Reply-To"]) == ids[-1]


def test_automated_message_says_auto_submitted(smtp_account, smtp_server, agent_li):
    message = actions.send_reply(receive(smtp_account), agent_li, "We received your message and answer within 24 hours.")
    message.is_automated = True
    send_email_reply(smtp_account, message)
    assert str(smtp_server.received[0].message["Auto-Submitted"]) == "auto-replied"


def test_attachments_are_sent(smtp_account, smtp_server, agent_li):
    label = b"%PDF-1.4\n% return label\n"
    message = actions.send_reply(receive(smtp_account), agent_li, "Anbei der Rücksendeschein.",
                                 files=[actions.OutgoingFile("Rücksendeschein 退货.pdf", "application/pdf", label)])
    assert list(Attachment.objects.filter(message=message).values_list("filename", "size")) == [("Rücksendeschein 退货.pdf", len(label))]

    send_email_reply(smtp_account, message)

    parsed = smtp_server.received[0].message
    assert parsed.get_content_type() == "multipart/mixed"
    assert parsed.get_body(("plain",)).get_content().replace("\r\n", "\n") == "Anbei der Rücksendeschein.\n"
    [attachment] = list(parsed.iter_attachments())
    assert (attachment.get_filename(), attachment.get_content_type(), attachment.get_content()) == (
        "Rücksendeschein 退货.pdf",
        "application/pdf",
        label,
    )


def test_refused_recipient_is_permanent(smtp_account, smtp_server, agent_li):
    message = actions.send_reply(receive(smtp_account), agent_li, "Hallo")
    smtp_server.reject_recipients("550 5.1.1 <hans@example.de>: Recipient address rejected: User unknown")
    with pytest.raises(PermanentSendError) as info:
        send_email_reply(smtp_account, message)
    assert str(info.value) == (
        "The mail server refused the recipient address: "
        "hans@example.de (550 5.1.1 <hans@example.de>: Recipient address rejected: User unknown)"
    )
    assert smtp_server.received == []


def test_451_is_retryable(smtp_account, smtp_server, agent_li):
    message = actions.send_reply(receive(smtp_account), agent_li, "Hallo")
    smtp_server.reject_data("451 4.3.0 Mail server temporarily rejected message")
    with pytest.raises(RetryableSendError) as info:
        send_email_reply(smtp_account, message)
    assert str(info.value) == "The mail server did not take the message: 451 4.3.0 Mail server temporarily rejected message"


def test_554_after_data_is_permanent(smtp_account, smtp_server, agent_li):
    message = actions.send_reply(receive(smtp_account), agent_li, "Hallo")
    smtp_server.reject_data("554 5.7.1 Message rejected as spam")
    with pytest.raises(PermanentSendError) as info:
        send_email_reply(smtp_account, message)
    assert str(info.value) == "The mail server did not take the message: 554 5.7.1 Message rejected as spam"


def test_nothing_listening_is_retryable(db, agent_li):
    port = free_port()
    account = make_account(smtp_config={"host": "127.0.0.1", "port": port, "security": "none", "from_address": "support@shop.example"})
    message = actions.send_reply(receive(account), agent_li, "Hallo")
    with pytest.raises(RetryableSendError) as info:
        send_email_reply(account, message)
    assert str(info.value) == f"Cannot reach the SMTP server at 127.0.0.1:{port}: [Errno 111] Connection refused"


def test_wrong_smtp_password_is_permanent(db, agent_li, smtp_server):
    account = make_account(smtp_config=smtp_server.smtp_config(), smtp_password="wrong")
    message = actions.send_reply(receive(account), agent_li, "Hallo")
    with pytest.raises(PermanentSendError) as info:
        send_email_reply(account, message)
    assert str(info.value) == (
        "SMTP login failed for support@shop.example: 535 5.7.8 Authentication credentials invalid. "
        "Check the SMTP password in the account settings."
    )


def test_missing_settings_or_recipient_are_permanent(db, agent_li, smtp_server):
    account = make_account()
    message = actions.send_reply(receive(account), agent_li, "Hallo")
    with pytest.raises(PermanentSendError) as info:
        send_email_reply(account, message)
    assert str(info.value) == "Cannot send: SMTP is not configured: the server host is missing."

    account = make_account(smtp_config=smtp_server.smtp_config(), smtp_password=smtp_server.password)
    message.recipients = []
    with pytest.raises(PermanentSendError) as info:
        send_email_reply(account, message)
    assert str(info.value) == "The reply has no recipient address."


def test_deliver_marks_a_refused_reply_failed(smtp_account, smtp_server, agent_li):
    message = actions.send_reply(receive(smtp_account), agent_li, "Hallo")
    smtp_server.reject_recipients("550 5.1.1 User unknown")
    assert deliver(message.pk) == "failed"
    message.refresh_from_db()
    assert (message.delivery_status, message.error) == ("failed", "The mail server refused the recipient address: hans@example.de (550 5.1.1 User unknown)")
    assert message.conversation.has_problem is True


# --- end to end: IMAP in, SMTP out ----------------------------------------------------------


def test_buyer_mail_in_reply_out_and_the_answer_threads_back(mail_account, imap_server, imap_user, smtp_server, agent_li, django_capture_on_commit_callbacks):
    imap_server.append(imap_user, BUYER_MAIL)
    assert imap.poll_account(mail_account) == 1
    raw = RawDelivery.objects.get()
    assert pipeline.process(raw.pk) == "processed"
    conversation = Conversation.objects.get()

    with django_capture_on_commit_callbacks() as callbacks:
        reply = actions.send_reply(conversation, agent_li, REPLY_TEXT)
    # After commit: deliver_message is queued, and the automation engine hears "reply sent".
    assert sorted(c.__qualname__ for c in callbacks) == ["emit.<locals>.<lambda>", "send_reply.<locals>.<lambda>"]
    assert deliver(reply.pk) == "sent"

    reply.refresh_from_db()
    assert (reply.delivery_status, reply.error) == ("sent", "")
    assert Event.objects.filter(conversation=conversation, kind="message_delivered").count() == 1
    [mail] = smtp_server.received
    assert mail.rcpt_tos == ["hans@example.de"]
    sent = mail.message
    assert str(sent["Message-ID"]) == reply.external_id
    assert str(sent["In-Reply-To"]) == "<CAF=hans-2@mail.example.de>"
    assert str(sent["References"]) == "<CAF=hans-1@mail.example.de> <CAF=hans-2@mail.example.de>"
    assert str(sent["Subject"]) == SUBJECT
    assert deliver(reply.pk) == "sent"  # a second run sends nothing
    assert len(smtp_server.received) == 1

    # Hans answers our reply: it lands in the same conversation.
    answer = (
        b"From: Hans Meier <hans@example.de>\r\nTo: support@shop.example\r\n"
        b"Subject: Re: Gr\xc3\xb6\xc3\x9fe falsch\r\nMessage-ID: <CAF=hans-3@mail.example.de>\r\n"
        + f"In-Reply-To: {reply.external_id}\r\nReferences: {sent['References']} {reply.external_id}\r\n".encode()
        + b"Date: Tue, 24 Nov 2026 08:00:00 +0000\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nDanke, angekommen!\r\n"
    )
    imap_server.append(imap_user, answer)
    assert imap.poll_account(mail_account) == 1
    assert pipeline.process(RawDelivery.objects.latest("pk").pk) == "processed"
    assert Conversation.objects.count() == 1
    assert list(conversation.messages.order_by("pk").values_list("direction", "external_id")) == [
        ("in", "<CAF=hans-2@mail.example.de>"),
        ("out", reply.external_id),
        ("in", "<CAF=hans-3@mail.example.de>"),
    ]


# --- the demo mail sink -----------------------------------------------------------------------


def test_mail_sink_keeps_sent_mail_for_the_demo_outbox(db, agent_li, tmp_path):
    port = free_port()
    sink = start_mailsink("127.0.0.1", port, tmp_path)
    try:
        account = make_account(smtp_config={"host": "127.0.0.1", "port": port, "security": "none", "from_address": "support@shop.example"})
        message = actions.send_reply(receive(account), agent_li, REPLY_TEXT)
        assert deliver(message.pk) == "sent"
    finally:
        sink.stop()

    [mail] = list_outbox(directory=tmp_path)
    assert (mail.sender, mail.recipients, mail.subject, mail.message_id, mail.in_reply_to) == (
        "Li Wei 李伟 <support@shop.example>",
        "hans@example.de",
        SUBJECT,
        message.external_id,
        "<CAF=hans-2@mail.example.de>",
    )
    assert mail.references == "<CAF=hans-1@mail.example.de> <CAF=hans-2@mail.example.de>"
    assert mail.path == tmp_path / mail.name
    summary, body = read_outbox_mail(mail.name, directory=tmp_path)
    assert summary == mail
    assert body.replace("\r\n", "\n") == REPLY_TEXT + "\n"
    assert mail.path.read_bytes().startswith(b"Return-Path: <support@shop.example>\r\nX-Original-To: hans@example.de\r\n")
    with pytest.raises(FileNotFoundError):
        read_outbox_mail("../../etc/passwd", directory=tmp_path)


def test_mailsink_command_stores_mail_in_the_data_dir(tmp_path):
    port = free_port()
    env = dict(os.environ, SELLERDESK_DATA_DIR=str(tmp_path))
    env.pop("DATABASE_URL", None)
    proc = subprocess.Popen(
        [sys.executable, "-m", "sellerdesk.cli", "mailsink", "--port", str(port)],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        first_line = proc.stdout.readline()
        assert first_line == f"Demo outbox listening on 127.0.0.1:{port}, storing mail in {tmp_path / 'outbox'}\n"
        with smtplib.SMTP("127.0.0.1", port, local_hostname="test.example", timeout=10) as smtp:
            smtp.login("anyone", "anything")  # the sink accepts any login, so demo accounts may set one
            smtp.sendmail(
                "support@shop.example",
                ["buyer@example.com"],
                b"From: support@shop.example\r\nTo: buyer@example.com\r\nSubject: Hello\r\nMessage-ID: <m1@x>\r\n\r\nHi\r\n",
            )
    finally:
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=20)
    assert proc.returncode == 0, err
    # Addresses are masked in every log line (docs/security.md, "Logs").
    assert "demo outbox: <m1@x> from s***@s***.example to b***@e***.com, subject 'Hello'" in err
    [mail] = list_outbox(directory=Path(tmp_path) / "outbox")
    assert (mail.sender, mail.recipients, mail.subject, mail.message_id, mail.in_reply_to) == (
        "support@shop.example",
        "buyer@example.com",
        "Hello",
        "<m1@x>",
        "",
    )
