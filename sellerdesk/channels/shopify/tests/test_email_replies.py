"""Replies on Shopify conversations go out by email, end to end: webhook -> reply -> deliver -> real SMTP server."""

from __future__ import annotations

import datetime as dt

import pytest

from sellerdesk.accounts.models import AgentProfile
from sellerdesk.conversations import actions
from sellerdesk.conversations.models import Conversation, Message
from sellerdesk.conversations.tasks import deliver as deliver_message
from sellerdesk.channels.email.tests.conftest import make_account
from tests.channels.webhookkit import capture, post, run_worker
from tests.servers.conftest_plugin import smtp_server  # noqa: F401  (fixture)

NOW = dt.datetime(2026, 11, 5, 12, 0, tzinfo=dt.timezone.utc)
REPLY = "Hi Jane,\n\nsorry about the chipped mug: a new one is on its way.\n\nBest regards\nLi Wei"


@pytest.fixture
def agent_li(agent):
    AgentProfile.objects.filter(user=agent).update(display_name="Li Wei")
    agent.refresh_from_db()
    return agent


@pytest.fixture
def mailbox(db, smtp_server):
    return make_account(smtp_config=smtp_server.smtp_config(), smtp_password=smtp_server.password, name="Acme support")


def webhooks(client, hook_url, *names) -> Conversation:
    assert [post(client, hook_url, capture("shopify", n)).status_code for n in names] == [200] * len(names)
    assert set(run_worker(NOW)) == {"processed"}
    return Conversation.objects.get()


def reply_from(shop, mailbox):
    shop.config = {**(shop.config or {}), "reply_email_account": str(mailbox.pk)}
    shop.save()


def test_a_reply_on_a_return_request_is_mailed_to_the_buyer(client, shop, hook_url, mailbox, smtp_server, agent_li):
    reply_from(shop, mailbox)
    conv = webhooks(client, hook_url, "orders_create.json", "returns_request.json")
    label = b"%PDF-1.4\n% return label\n"
    message = actions.send_reply(conv, agent_li, REPLY, files=[actions.OutgoingFile("label.pdf", "application/pdf", label)])
    assert message.recipients == ["acme-store.myshopify.com"]  # the notice came from the shop, not the buyer

    assert deliver_message(message.pk) == "sent"

    [mail] = smtp_server.received
    assert (mail.mail_from, mail.rcpt_tos) == ("support@shop.example", ["jane.doe@example.com"])
    parsed = mail.message
    assert str(parsed["From"]) == "Li Wei <support@shop.example>"
    assert str(parsed["To"]) == "jane.doe@example.com"
    assert str(parsed["Subject"]) == "Re: Return request #1001-R1"
    assert str(parsed["Message-ID"]) == message.external_id
    # The webhook notice's id ("shopify:<event id>") is no Message-ID: no threading headers point at it.
    assert (parsed["In-Reply-To"], parsed["References"]) == (None, None)
    assert parsed.get_body(("plain",)).get_content().replace("\r\n", "\n") == REPLY + "\n"
    [attachment] = list(parsed.iter_attachments())
    assert (attachment.get_filename(), attachment.get_content_type(), attachment.get_content()) == ("label.pdf", "application/pdf", label)
    message.refresh_from_db()
    assert (message.delivery_status, message.error) == ("sent", "")


def test_recipients_that_are_email_addresses_are_used_with_mail_threading(client, shop, hook_url, mailbox, smtp_server, agent_li):
    reply_from(shop, mailbox)
    conv = webhooks(client, hook_url, "orders_create.json", "disputes_create.json")
    message = actions.send_reply(conv, agent_li, "We are looking into it.")
    Message.objects.filter(pk=message.pk).update(recipients=["Jane Doe <jane@home.example>"], in_reply_to="<abc-1@mail.example>",
                                                 references="shopify:8e5c <abc-0@mail.example> <abc-1@mail.example>")

    assert deliver_message(message.pk) == "sent"

    [mail] = smtp_server.received
    assert mail.rcpt_tos == ["jane@home.example"]
    parsed = mail.message
    assert (str(parsed["To"]), str(parsed["Subject"])) == ("Jane Doe <jane@home.example>", "Re: Chargeback 1052608616 (Shopify Payments)")
    assert (str(parsed["In-Reply-To"]), str(parsed["References"])) == ("<abc-1@mail.example>", "<abc-0@mail.example> <abc-1@mail.example>")
    assert parsed.get_content().replace("\r\n", "\n") == "We are looking into it.\n"


def test_without_the_setting_the_reply_fails_naming_it(client, shop, hook_url, mailbox, smtp_server, agent_li):
    conv = webhooks(client, hook_url, "orders_create.json", "returns_request.json")
    message = actions.send_reply(conv, agent_li, REPLY)

    assert deliver_message(message.pk) == "failed"

    message.refresh_from_db()
    assert (message.delivery_status, message.error) == ("failed", 'No "Reply by email from" account is set for the Shopify account '
                                                        '"Acme store": choose an email account on its set-up page (Channels).')
    assert smtp_server.received == []
    assert Conversation.objects.get().has_problem is True


def test_an_inactive_reply_mailbox_fails_with_a_reason(client, shop, hook_url, mailbox, smtp_server, agent_li):
    reply_from(shop, mailbox)
    mailbox.is_active = False
    mailbox.save()
    message = actions.send_reply(webhooks(client, hook_url, "orders_create.json", "returns_request.json"), agent_li, REPLY)

    assert deliver_message(message.pk) == "failed"

    message.refresh_from_db()
    assert message.error == ('The "Reply by email from" account of the Shopify account "Acme store" is gone or inactive: '
                             "choose another email account on its set-up page (Channels).")
    assert smtp_server.received == []


def test_no_buyer_email_fails(client, shop, hook_url, mailbox, smtp_server, agent_li):
    reply_from(shop, mailbox)
    conv = webhooks(client, hook_url, "disputes_create.json")  # the order (and its buyer) is not known
    assert (conv.customer.name, conv.customer.email) == ("Shopify", "")  # the notice's sender, no email
    message = actions.send_reply(conv, agent_li, "We are looking into it.")

    assert deliver_message(message.pk) == "failed"

    message.refresh_from_db()
    assert (message.delivery_status, message.error) == ("failed", "the buyer's email is unknown")
    assert smtp_server.received == []
