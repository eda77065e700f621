"""The web chat channel: a visitor's messages come in through the widget endpoint (views.py); a
reply goes to the visitor's widget as a transcript line, and by email as well when the visitor is
not on the page and left an address."""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.db import transaction

from sellerdesk.channels.base import Channel, ParseResult, PermanentSendError
from sellerdesk.lib import clock

log = logging.getLogger(__name__)


class WebchatChannel(Channel):
    name = "webchat"
    label = "Web chat"

    def parse(self, raw) -> ParseResult:
        from sellerdesk.channels.webchat.parse import parse_delivery

        return parse_delivery(raw)

    def send(self, account, message) -> str:
        visitor, line = write_line(account, message)
        if not is_on_page(visitor, clock.now()) and visitor.email:
            return send_by_email(account, message, visitor.email)
        return f"webchat:{line.pk}"

    def check_connection(self, account) -> str:
        """Nothing to reach: what the widget will do, or what is missing for it to work."""
        from sellerdesk.channels.connectiontest import Failed
        from sellerdesk.channels.webchat.presence import agents_online

        domains = (account.config or {}).get("domains") or []
        if not domains:
            raise Failed("no allowed domains: the widget refuses every site until you add your store's")
        mail = email_account_for(account)
        return (f"widget allowed on {', '.join(domains)}; agents online now: {'yes' if agents_online(fresh=True) else 'no'}; "
                + (f"answers to visitors who left go by email from {mail.name}" if mail else
                   "no email account: visitors who left see answers only when they come back"))

    def deliver_inline(self, message) -> bool:
        """In the request that sent the reply: the line goes to the stream at once. Only when the
        visitor has left and gave an email does the worker take over (send(), for the mail)."""
        from sellerdesk.conversations.tasks import mark_sent

        # The line and "sent" in one transaction: on SQLite one wait for the write lock, not two.
        from sellerdesk.channels.webchat.live import FIELDS, hub

        with transaction.atomic():
            visitor, line = write_line(message.account, message)
            if not is_on_page(visitor, clock.now()) and visitor.email:
                return False
            mark_sent(message)
            row = {field: getattr(line, field) for field in FIELDS}
            transaction.on_commit(lambda: hub.publish(row))
        return True

    def after_write(self, raw, result) -> None:
        """The bot's turn (bot.py) once the intake's transaction with this visitor message commits."""
        from sellerdesk.channels.models import RawDelivery

        if raw.status == RawDelivery.Status.PROCESSED:
            queue_turn(raw.pk)


class _Turns:
    """The bot's turns of one transaction's visitor messages: one task, queued when it commits.

    A task rather than the turns themselves at the commit: the intake's run then writes the next
    waiting messages (they reach the agents' inbox) before the bot answers these; a burst of 50
    chats would otherwise wait for 50 turns, one after another, between two batches."""

    def __init__(self):
        self.ids: list[int] = []

    def __call__(self) -> None:
        from sellerdesk.channels.webchat.tasks import bot_turns

        bot_turns.enqueue(self.ids)


def queue_turn(raw_id: int) -> None:
    from django.db import connection

    # The task this transaction queues already, if any (the callbacks waiting for its commit).
    pending = next((f for _, f, _ in connection.run_on_commit if isinstance(f, _Turns)), None) if connection.in_atomic_block else None
    if pending is not None:
        pending.ids.append(raw_id)
        return
    turns = _Turns()
    turns.ids.append(raw_id)
    transaction.on_commit(turns)  # outside a transaction: queued at once


def take_turn(raw_id: int) -> None:
    from sellerdesk.channels.webchat.bot import turn

    try:
        turn(raw_id)
    except Exception:  # one bad turn must not cost the others theirs: a person answers
        log.exception("web chat bot: the turn for delivery %s failed", raw_id)


def write_line(account, message):
    """The visitor and the transcript line of this reply (written once, however often sent)."""
    from sellerdesk.channels.webchat.models import ChatEvent, ChatVisitor

    key = message.conversation.thread_key.removeprefix("webchat:")
    visitor = ChatVisitor.objects.filter(account=account, key=key).first()
    if visitor is None:
        raise PermanentSendError("this chat's visitor is gone (erased): the reply cannot be delivered")
    now = clock.now()
    # No savepoint inside deliver_inline's transaction: an error there undoes the whole delivery.
    with transaction.atomic(savepoint=False):
        line = ChatEvent.objects.filter(message=message).first()
        if line is None:
            files = [{"id": a.pk, "name": a.filename, "type": a.content_type}
                     for a in message.attachments.only("pk", "filename", "content_type")]
            line = ChatEvent.objects.create(
                visitor=visitor, kind=ChatEvent.Kind.AGENT if message.author_id else ChatEvent.Kind.BOT,
                text=message.body_text, name=message.sender_name, message=message, files=files, created_at=now,
            )
        if message.author_id and visitor.handed_over_at is None:
            ChatVisitor.objects.filter(pk=visitor.pk).update(handed_over_at=now)  # a person answers: the bot stays quiet
    return visitor, line


def is_on_page(visitor, now: dt.datetime) -> bool:
    """The widget reopens its stream every SELLERDESK_WEBCHAT_STREAM_SECONDS while the page is open."""
    return visitor.last_seen_at >= now - dt.timedelta(seconds=settings.WEBCHAT_STREAM_SECONDS * 2 + 10)


def email_account_for(account):
    """The email account that sends this chat's answers by email: the one chosen on the set-up page,
    else the first active email account."""
    from sellerdesk.channels.models import ChannelAccount

    chosen = (account.config or {}).get("email_account")
    accounts = ChannelAccount.objects.filter(kind="email", is_active=True)
    return (accounts.filter(pk=chosen).first() if chosen else None) or accounts.order_by("pk").first()


def send_by_email(account, message, address: str) -> str:
    from sellerdesk.channels.email.outbound import send_email_reply

    mail_account = email_account_for(account)
    if mail_account is None:
        raise PermanentSendError("the visitor left the page and no email account is set up to send them the answer")
    message.recipients = [address]  # for this mail only; the row keeps what it had
    if not message.subject:
        message.subject = account.name
    return send_email_reply(mail_account, message)
