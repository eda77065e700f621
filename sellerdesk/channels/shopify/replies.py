"""Replies on Shopify conversations go out by email from the mailbox the shop account names.

Shopify has no buyer-messaging API; shops answer buyers by mail. The Shopify account's config
`reply_email_account` holds the id of an active email ChannelAccount (Channels → Shopify →
"Reply by email from"); its SMTP sender (channels/email/outbound.py) does the sending.
"""

from __future__ import annotations

import copy
import email.utils
import re

from sellerdesk.channels.base import PermanentSendError
from sellerdesk.channels.email.outbound import send_email_reply
from sellerdesk.channels.models import ChannelAccount

SETTING = "reply_email_account"
# Our notices from webhooks carry ids like "shopify:<event id>": not Message-IDs, so they
# must not reach In-Reply-To / References.
_MSG_ID = re.compile(r"<[^<>@\s]+@[^<>@\s]+>")


def reply_mailbox(account) -> ChannelAccount:
    """The active email account the Shopify `account` replies from, or PermanentSendError."""
    pk = str((account.config or {}).get(SETTING) or "")
    if not pk:
        raise PermanentSendError(
            f'No "Reply by email from" account is set for the Shopify account "{account.name}": '
            "choose an email account on its set-up page (Channels).")
    mailbox = ChannelAccount.objects.filter(pk=int(pk) if pk.isdigit() else None, kind="email", is_active=True).first()
    if mailbox is None:
        raise PermanentSendError(
            f'The "Reply by email from" account of the Shopify account "{account.name}" is gone or inactive: '
            "choose another email account on its set-up page (Channels).")
    return mailbox


def _is_email(recipient: str) -> bool:
    _name, addr = email.utils.parseaddr(recipient or "")
    return "@" in addr and "." in addr.rsplit("@", 1)[1]


def buyer_addresses(message) -> list[str]:
    """The message's recipients if they are email addresses, else the conversation customer's email."""
    recipients = [r for r in (message.recipients or []) if r]
    if recipients and all(_is_email(r) for r in recipients):
        return recipients
    customer = message.conversation.customer
    if customer is not None and _is_email(customer.email):
        return [customer.email]
    raise PermanentSendError("the buyer's email is unknown")


def send_by_email(account, message) -> str:
    """Send `message` (on a Shopify conversation) as a mail; return its Message-ID."""
    mailbox = reply_mailbox(account)
    mail = copy.copy(message)  # only what goes on the wire changes; the stored row stays as it is
    mail.recipients = buyer_addresses(message)
    mail.in_reply_to = message.in_reply_to if _MSG_ID.fullmatch(message.in_reply_to or "") else ""
    mail.references = " ".join(_MSG_ID.findall(message.references or ""))
    return send_email_reply(mailbox, mail)
