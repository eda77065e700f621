"""Mail as real servers send it: bounces from null senders and every big server family, senders
without brackets or with odd names, mail with no From (fixtures: build_bounce_fixtures.py)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from sellerdesk.channels import pipeline
from sellerdesk.channels.base import MalformedDelivery
from sellerdesk.channels.email.addresses import Mailbox, first_mailbox
from sellerdesk.channels.email.inbound import message_id_of, parse_email
from sellerdesk.conversations.models import Conversation, Message
from sellerdesk.lib import clock
from sellerdesk.channels.email.tests.emlkit import crlf, ew

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
NOW = dt.datetime(2026, 11, 22, 0, 0, tzinfo=dt.timezone.utc)


def parse(name: str):
    return parse_email((FIXTURES / name).read_bytes())


def person(result):
    assert result.ignored_reason == ""
    assert len(result.messages) == 1
    return result.messages[0]


# --- bounces of every server family: our reply, the status and the reason ----------------------


@pytest.mark.parametrize(
    "name, reason, original",
    [
        ("bounce_sendmail_dsn.eml", "bounce: 5.1.1 pat@hollow.example — User unknown", "<sd-101.5e1d2c3b4a596877@shop.example>"),
        ("bounce_postfix_no_from.eml", "bounce: 5.2.2 greta@lindenhof.example — Mailbox full", "<sd-102.aa0b1c2d3e4f5061@shop.example>"),
        ("bounce_qmail.eml", "bounce: 5.1.1 oskar@birchwood.example — No such user here", "<sd-104.7a6b5c4d3e2f1a0b@shop.example>"),
        ("bounce_yahoo.eml",
         "bounce: 554 lina.park@yahoo.com — dd This user doesn't have a yahoo.com account (lina.park@yahoo.com) [0] - mta12.mail.gq1.yahoo.com",
         "<sd-105.1029384756abcdef@shop.example>"),
        ("bounce_gmail_legacy.eml",
         "bounce: failed no.such.buyer@gmail.com — The email account that you tried to reach does not exist. Please try double-checking "
         "the recipient's email address for typos or unnecessary spaces.", "<sd-106.c0ffee00deadbeef@shop.example>"),
        ("bounce_office365.eml",
         "bounce: 5.1.10 kim.berg@fjord-trading.example — RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup",
         "<sd-107.00aa11bb22cc33dd@shop.example>"),
        ("bounce_exchange_legacy.eml", "bounce: 5.1.1 ann.lee@corp.harbor.example — User unknown", "<sd-108.99887766554433aa@shop.example>"),
        ("bounce_ses_dsn.eml", "bounce: 5.1.1 mateo@sierra-goods.example — user unknown", "<sd-109.13579bdf2468ace0@shop.example>"),
        ("bounce_ses_notification.eml", "bounce: 5.4.1 noor@palm-bazaar.example — Recipient address rejected: Access denied",
         "<sd-110.2468ace013579bdf@shop.example>"),
        ("bounce_relay_sendgrid_style.eml", "bounce: 5.7.1 chloe@orchard-home.example — Message rejected as spam in RCPT TO",
         "<sd-111.fedcba0123456789@shop.example>"),
        ("bounce_relay_mailgun_style.eml",
         "bounce: 4.7.0 jonas@alpine-tools.example — Try again later, closing connection. (delivery attempts exhausted after 3 days)",
         "<sd-112.0a0b0c0d0e0f1011@shop.example>"),
        ("bounce_domino.eml", "bounce: failed tberg@notes.larch.example — User Tom Berg (tberg@notes.larch.example) not listed in Domino Directory",
         "<sd-113.1122334455667788@shop.example>"),
        ("bounce_groupwise.eml", "bounce: failed karl.vogt@gw.quarry.example — user not found", "<sd-114.99aa88bb77cc66dd@shop.example>"),
        ("bounce_barracuda.eml",
         "bounce: failed eva@meadow.example — was blocked by our Spam Firewall. The email you sent with the following subject has NOT BEEN DELIVERED",
         "<sd-115.ab12cd34ef56ab78@shop.example>"),
        ("bounce_mimecast.eml", "bounce: 5.4.1 liam@quayside.example — Recipient address rejected: Access denied",
         "<sd-116.0123abcd4567ef89@shop.example>"),
        ("bounce_encoded_status_part.eml", "bounce: 5.1.2 aino@tundra.example — Host unknown (Name server: tundra.example: host not found)",
         "<sd-119.1a2b3c4d5e6f7a8b@shop.example>"),
    ],
)
def test_bounce_names_our_reply_the_status_and_the_reason(name, reason, original):
    result = parse(name)
    assert (result.ignored_reason, result.bounced_message_id, result.messages) == (reason, original, [])


@pytest.mark.parametrize(
    "name, reason",
    [
        ("bounce_delivered_dsn.eml", "delivery report: 2.0.0 ravi@kestrel.example (delivered) — Ok: queued"),
        ("bounce_sendmail_warning.eml", "bounce: pat@hollow.example (delayed) — Deferred: Connection timed out with store.hollow.example."),
    ],
)
def test_delivery_and_delay_reports_fail_nothing(name, reason):
    result = parse(name)
    assert (result.ignored_reason, result.bounced_message_id, result.messages) == (reason, "", [])


# The null-sender shapes seen on real bounces, on a qmail notice, and on a bare note with no bounce words.
NULL_SENDERS = ["MAILER-DAEMON <>", "<>", "Mail Delivery System <>", "mailer-daemon", "Mail Delivery Subsystem <mailer-daemon>",
                "MAILER-DAEMON", "postmaster", "Postmaster <postmaster@mx.birchwood.example>", "<MAILER-DAEMON>", '"<>"', "MAILER-DAEMON@",
                "MAILER-DAEMON (Mail Delivery System)", "=?UTF-8?Q?Mail_Delivery_System?= <>",
                "Microsoft Outlook <MicrosoftExchange329e71ec88ae4615bbc36ab6ce41109e@birchwood.example>"]


@pytest.mark.parametrize("sender", NULL_SENDERS)
def test_null_and_mail_system_senders_are_bounces_not_malformed(sender):
    raw = (FIXTURES / "bounce_qmail.eml").read_bytes().replace(b"\r\nFrom: <>\r\n", f"\r\nFrom: {sender}\r\n".encode())
    result = parse_email(raw)
    assert (result.ignored_reason, result.bounced_message_id) == (
        "bounce: 5.1.1 oskar@birchwood.example — No such user here", "<sd-104.7a6b5c4d3e2f1a0b@shop.example>")


@pytest.mark.parametrize("sender", NULL_SENDERS)
def test_a_mail_system_note_naming_a_failure_code_is_a_bounce(sender):
    raw = crlf(f"From: {sender}\nTo: support@shop.example\nSubject: Notice\nIn-Reply-To: <sd-120.0000111122223333@shop.example>\n"
               "Message-ID: <note-1@mx.example>\n\nRemote said 550 no.\n")
    result = parse_email(raw)
    assert (result.ignored_reason, result.bounced_message_id) == ("bounce: 550 — no.", "<sd-120.0000111122223333@shop.example>")


@pytest.mark.parametrize("sender", NULL_SENDERS)
def test_a_mail_system_note_naming_no_failure_is_ignored_and_fails_nothing(sender):
    raw = crlf(f"From: {sender}\nTo: support@shop.example\nSubject: Notice\nIn-Reply-To: <sd-120.0000111122223333@shop.example>\n"
               "Message-ID: <note-1@mx.example>\n\nSee the log.\n")
    result = parse_email(raw)
    assert (result.ignored_reason, result.bounced_message_id, result.messages) == ("auto-reply: mail system notice", "", [])


@pytest.mark.parametrize("report_type, part_type", [("feedback-report", "message/feedback-report"),
                                                     ("disposition-notification", "message/disposition-notification")])
def test_an_abuse_report_or_read_receipt_from_the_null_sender_fails_nothing(report_type, part_type):
    raw = crlf("Return-Path: <>\nFrom: <>\nTo: support@shop.example\nSubject: Report\nMessage-ID: <arf-1@fbl.example>\nMIME-Version: 1.0\n"
               f'Content-Type: multipart/report; report-type={report_type}; boundary="r"\n\n--r\nContent-Type: text/plain\n\n'
               f"This is a report about a message you sent.\n--r\nContent-Type: {part_type}\n\nFeedback-Type: abuse\n\n"
               "--r\nContent-Type: message/rfc822\n\nFrom: support@shop.example\nMessage-ID: <sd-122.1111222233334444@shop.example>\n\nHi\n--r--\n")
    result = parse_email(raw)
    assert (result.ignored_reason, result.bounced_message_id) == (f"auto-reply: {report_type} report", "")


def test_bounce_with_no_from_at_all():
    result = parse("bounce_postfix_no_from.eml")
    assert result.bounced_message_id == "<sd-102.aa0b1c2d3e4f5061@shop.example>"


def test_bounce_subject_and_notice_without_any_sender_header():
    raw = crlf("To: support@shop.example\nSubject: Mail delivery failed: returning message to sender\nMessage-ID: <x1@mx.example>\n\n"
               "This message was created automatically by mail delivery software.\n\n  ana@gone.example\n"
               "    550 5.1.1 <ana@gone.example>: Recipient address rejected: User unknown\n\n"
               "------ This is a copy of the message, including all the headers. ------\n\nMessage-ID: <sd-121.abcdefabcdefabcd@shop.example>\n")
    result = parse_email(raw)
    assert (result.ignored_reason, result.bounced_message_id) == (
        "bounce: 5.1.1 ana@gone.example — Recipient address rejected: User unknown", "<sd-121.abcdefabcdefabcd@shop.example>")


def test_out_of_office_from_the_null_sender_is_an_auto_reply_not_a_bounce():
    result = parse("autoreply_null_from.eml")
    assert (result.ignored_reason, result.bounced_message_id) == (
        "auto-reply: out-of-office subject 'Out of Office: Re: Where is my parcel?'", "")


def test_auto_reply_without_from_is_ignored_not_malformed():
    assert parse("autoreply_no_from.eml").ignored_reason == "auto-reply: Auto-Submitted: auto-replied"


def test_machine_mail_with_only_a_null_return_path_is_ignored():
    raw = crlf("Return-Path: <>\nTo: support@shop.example\nSubject: Weekly statistics\nMessage-ID: <stats-1@mx.example>\n\nAll queues empty.\n")
    assert parse_email(raw).ignored_reason == "auto-reply: mail system notice"


# --- a buyer's mail with bounce words is still the buyer's ---------------------------------------


@pytest.mark.parametrize(
    "head, body",
    [
        # a buyer forwards the bounce they got from someone else
        ("From: Lea Brandt <lea@example.de>\nSubject: Fwd: Undeliverable: Your order\n",
         "Your shop's address bounced when I wrote: Delivery has failed to these recipients or groups."),
        # a buyer asks about a parcel the carrier could not deliver
        ("From: Omar Haddad <omar@example.com>\nSubject: Delivery failed\n",
         "The courier says delivery failed and the parcel could not be delivered to my address. What now?"),
        # a carrier's own notice, written by a person's system, no machine signs
        ("From: Parcel Service <notice@parcels.example>\nSubject: Delivery failure notice for parcel 1Z999\n",
         "We were unable to deliver your parcel today. Please arrange a new date."),
    ],
)
def test_bounce_words_alone_never_hide_a_buyer_mail(head, body):
    raw = crlf(f"{head}To: support@shop.example\nMessage-ID: <buyer-1@example.com>\nContent-Type: text/plain; charset=utf-8\n\n{body}\n")
    assert person(parse_email(raw)).body_text == body


def test_a_buyer_attaching_a_bounce_they_got_wrote_a_buyer_mail():
    attached = (FIXTURES / "bounce_sendmail_dsn.eml").read_bytes()
    raw = crlf("From: Lea Brandt <lea@example.de>\nTo: support@shop.example\nSubject: Your address bounced\nMessage-ID: <lea-2@example.de>\n"
               'MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="fw"\n\n--fw\nContent-Type: text/plain; charset=utf-8\n\n'
               "My mail to you could not be delivered to your shop, see the attached notice.\n--fw\nContent-Type: message/rfc822\n\n")
    raw += attached + b"\r\n--fw--\r\n"
    m = person(parse_email(raw))
    assert (m.sender, m.body_text) == ("lea@example.de", "My mail to you could not be delivered to your shop, see the attached notice.")
    assert [a.content_type for a in m.attachments] == ["message/rfc822"]


# --- senders read leniently ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, sender, sender_name, flags",
    [
        ("sender_no_brackets.eml", "mia.lang@example.com", "Mia Lang", []),
        ("sender_unquoted_comma_utf8.eml", "joerg.mueller@example.de", "Müller, Jörg", []),
        ("sender_encoded_address.eml", "soren.holm@example.dk", "Søren Holm", []),
        ("sender_from_sender_header.eml", "ines.duarte@example.pt", "Ines Duarte", ["sender-fallback"]),
        ("sender_from_name_only_reply_to.eml", "wei.zhang@example.cn", "Wei Zhang", ["sender-fallback"]),
        ("sender_from_return_path.eml", "sam.otieno@example.ke", "", ["sender-fallback"]),
    ],
)
def test_odd_senders_are_read(name, sender, sender_name, flags):
    m = person(parse(name))
    assert (m.sender, m.sender_name, m.flags, m.identities) == (sender, sender_name, flags, [("email", sender)])


@pytest.mark.parametrize(
    "from_value, sender, sender_name",
    [
        ("Big Bug bigbug@bugs.example", "bigbug@bugs.example", "Big Bug"),
        ("Doe, John <John.Doe@example.com>", "john.doe@example.com", "Doe, John"),
        ("王, 小明 <wang@example.cn>", "wang@example.cn", "王, 小明"),
        ('"Name <nina@example.com>"', "nina@example.com", "Name"),
        ("nina@example.com (Nina Ross)", "nina@example.com", "Nina Ross"),
        ("Nina Ross <nina@example.com", "nina@example.com", "Nina Ross"),
        ("<mailto:Nina@Example.com>", "nina@example.com", ""),
        (ew("Jürgen <jurgen@example.de>", encoding="Q"), "jurgen@example.de", "Jürgen"),
        (ew("Zoë Adams") + " <zoe@example.com>", "zoe@example.com", "Zoë Adams"),
    ],
)
def test_lenient_from_shapes(from_value, sender, sender_name):
    raw = crlf(f"From: {from_value}\nTo: support@shop.example\nSubject: Hi\nMessage-ID: <odd-1@example.com>\n"
               "Content-Type: text/plain; charset=utf-8\n\nWhere is my order?\n")
    m = person(parse_email(raw))
    assert (m.sender, m.sender_name, m.flags) == (sender, sender_name, [])


def test_latin1_bytes_in_an_unquoted_name_are_read():
    raw = crlf("From: Mller, Hans <hans@example.de>\nTo: support@shop.example\nSubject: Hi\nMessage-ID: <odd-2@example.de>\n\nHallo\n")
    raw = raw.replace(b"Mller", "Müller".encode("latin-1"))
    m = person(parse_email(raw))
    assert (m.sender, m.sender_name, m.flags) == ("hans@example.de", "Müller, Hans", ["charset-fallback"])


@pytest.mark.parametrize(
    "head, message",
    [
        ("From: Customer Service Team\nReply-To: Customer Service Team\n",
         "From header has no address: 'Customer Service Team', and Reply-To has none either"),
        ("From: Order Desk\nSender: desk\nReturn-Path: <desk>\n", "From header has no address: 'Order Desk', and Sender, Return-Path have none either"),
        ("From: \n", "From header is empty, and no Sender, Reply-To or Return-Path to take it from"),
        ("", "no From header, and no Sender, Reply-To or Return-Path to take it from"),
    ],
)
def test_only_mail_with_no_usable_sender_anywhere_is_refused(head, message):
    raw = crlf(f"{head}To: support@shop.example\nSubject: Hello\nMessage-ID: <nobody-1@example.com>\n\nHello\n")
    with pytest.raises(MalformedDelivery) as caught:
        parse_email(raw)
    assert str(caught.value) == message


def test_no_sender_fixture_is_refused_with_the_reason():
    with pytest.raises(MalformedDelivery, match=r"^From header has no address: 'Customer Service Team', and Reply-To has none either$"):
        parse("malformed_no_sender_anywhere.eml")


@pytest.mark.parametrize(
    "value, expected",
    [
        ("MAILER-DAEMON <>", Mailbox(name="MAILER-DAEMON", null=True)),
        ("<>", Mailbox(null=True)),
        ("mailer-daemon", Mailbox(name="mailer-daemon", spec="mailer-daemon")),
        ("Mail Delivery Subsystem <mailer-daemon>", Mailbox(name="Mail Delivery Subsystem", spec="mailer-daemon")),
        ("a@one.example, b@two.example", Mailbox(address="a@one.example", spec="a@one.example")),
        ('"Esc \\"q\\"" <E@X.example>', Mailbox(name='Esc "q"', address="e@x.example", spec="E@X.example")),
        ("user@", Mailbox(name="user@", spec="user@")),
        ("", Mailbox()),
    ],
)
def test_first_mailbox(value, expected):
    assert first_mailbox(value) == expected


# --- through the pipeline and the inbound command --------------------------------------------


def deliver(account, raw: bytes):
    row, _ = pipeline.store_delivery(account, message_id_of(raw), raw, channel="email")
    with clock.frozen(NOW):
        pipeline.process(row.pk)
    row.refresh_from_db()
    return row


def our_sent_reply(account, external_id: str) -> Message:
    buyer = deliver(account, (FIXTURES / "utf8_gmail_reply.eml").read_bytes())
    assert buyer.status == "processed"
    return Message.objects.create(
        conversation=Conversation.objects.get(), account=account, direction=Message.Direction.OUTBOUND, sender="support@shop.example",
        recipients=["oskar@birchwood.example"], body_text="Hello", external_id=external_id, delivery_status=Message.Delivery.SENT,
        sent_at=NOW, created_at=NOW,
    )


@pytest.mark.parametrize("sender", ["MAILER-DAEMON <>", "<>", "Mail Delivery Subsystem <mailer-daemon>"])
def test_a_bounce_from_the_null_sender_turns_our_reply_red(email_account, sender):
    ours = our_sent_reply(email_account, "<sd-104.7a6b5c4d3e2f1a0b@shop.example>")
    raw = (FIXTURES / "bounce_qmail.eml").read_bytes().replace(b"\r\nFrom: <>\r\n", f"\r\nFrom: {sender}\r\n".encode())
    row = deliver(email_account, raw)
    reason = "bounce: 5.1.1 oskar@birchwood.example — No such user here"
    assert (row.status, row.error) == ("ignored", reason)
    ours.refresh_from_db()
    assert (ours.delivery_status, ours.error) == ("failed", reason)
    assert Conversation.objects.get().has_problem is True


BOUNCE_AND_SENDER_FIXTURES = sorted(p.name for p in FIXTURES.glob("*.eml") if re.match(r"(bounce|autoreply|sender|malformed)_", p.name))


@pytest.mark.parametrize("name", BOUNCE_AND_SENDER_FIXTURES)
def test_inbound_command_takes_every_bounce_and_odd_sender(db, name):
    import io

    from django.core.management import call_command
    from django.core.management.base import CommandError

    from sellerdesk.channels.models import ChannelAccount, RawDelivery

    ChannelAccount.objects.create(kind="email", name="Support", address="support@shop.example")
    out = io.StringIO()
    with clock.frozen(NOW):
        try:
            call_command("inbound", "email", str(FIXTURES / name), stdout=out)
        except CommandError as exc:  # only mail that is not mail at all, or has no sender anywhere
            assert name.startswith("malformed_"), f"{name}: {exc}"
            assert str(exc).startswith("malformed: ")
    row = RawDelivery.objects.get()
    expected = "failed" if name.startswith("malformed_") else "processed" if name.startswith("sender_") else "ignored"
    assert row.status == expected
    assert out.getvalue().splitlines()[0] == f"email delivery {row.pk}: {expected}"


def test_inbound_command_shows_the_reply_it_marked_failed(email_account):
    import io

    from django.core.management import call_command

    ours = our_sent_reply(email_account, "<sd-107.00aa11bb22cc33dd@shop.example>")
    out = io.StringIO()
    with clock.frozen(NOW):
        call_command("inbound", "email", str(FIXTURES / "bounce_office365.eml"), stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[1:] == [
        "  error: bounce: 5.1.10 kim.berg@fjord-trading.example — RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup",
        f"  our message {ours.pk} in conversation {ours.conversation_id} marked failed",
    ]
