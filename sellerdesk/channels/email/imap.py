"""IMAP polling: new mail of every configured mailbox becomes raw deliveries.

Per (account, mailbox) a MailboxState keeps (UIDVALIDITY, last_uid). A poll
fetches `UID last_uid+1:*` in batches and stores each batch's mails in one
transaction that also moves last_uid forward, so a crash half way refetches at
most the batch that was not committed. When UIDVALIDITY changes the old UIDs mean nothing: everything is
fetched again and the Message-ID dedupe of store_deliveries drops what we had.

Mailboxes are opened read-only (EXAMINE) and read with BODY.PEEK[], so polling
never marks mail as seen: the seller's own mail client keeps its unread state.
"""

from __future__ import annotations

import logging
import re

from django.db import transaction

from sellerdesk.channels.email.connection import (
    MailConnectionError,
    close_imap,
    has_settings,
    open_imap,
    select_readonly,
    server_reason,
    server_settings,
)
from sellerdesk.channels.email.inbound import message_id_of
from sellerdesk.channels.models import ChannelAccount, MailboxState
from sellerdesk.channels.pipeline import store_deliveries
from sellerdesk.lib import clock

log = logging.getLogger(__name__)
# A UID FETCH takes at most this many messages / bytes: bounded memory, few round trips.
BATCH = 50
BATCH_BYTES = 25 * 1024 * 1024
IMAP_KINDS = ("email",)  # account kinds fed by IMAP; each delivery goes to the channel of its account kind
_UID = re.compile(rb"\bUID (\d+)")
_SIZE = re.compile(rb"\bRFC822\.SIZE (\d+)")


def poll_all() -> int:
    """Poll every active email account with IMAP settings; one bad account never stops the others.

    Returns the number of new deliveries. Each account's last_error says what
    went wrong in its last poll ("" when it worked).
    """
    total = 0
    for account in ChannelAccount.objects.filter(kind__in=IMAP_KINDS, is_active=True).order_by("pk"):
        if not has_settings(account, "imap"):
            continue
        try:
            new, errors = _poll(account)
            total += new
        except MailConnectionError as exc:
            errors = [str(exc)]
        except Exception as exc:  # a protocol surprise or a database error: record it, go on
            errors = [f"IMAP polling failed: {type(exc).__name__}: {exc}"]
            log.exception("polling %s failed", account)
        if errors:
            log.warning("polling %s: %s", account, "; ".join(errors))
        # update() so a concurrent edit of the account's settings is not overwritten.
        ChannelAccount.objects.filter(pk=account.pk).update(last_error="; ".join(errors), last_polled_at=clock.now())
    return total


def poll_account(account: ChannelAccount) -> int:
    """Fetch new mail of all the account's mailboxes; return how many deliveries were new.

    A mailbox that cannot be opened does not stop the others; the errors are
    raised together at the end as one MailConnectionError.
    """
    new, errors = _poll(account)
    if errors:
        raise MailConnectionError("; ".join(errors))
    return new


def _poll(account: ChannelAccount) -> tuple[int, list[str]]:
    settings = server_settings(account, "imap")
    box = open_imap(settings)
    new, errors = 0, []
    try:
        for mailbox in settings.mailboxes:
            try:
                new += _poll_mailbox(account, box, mailbox)
            except MailConnectionError as exc:
                errors.append(str(exc))
    finally:
        close_imap(box)
    return new, errors


def _poll_mailbox(account: ChannelAccount, box, mailbox: str) -> int:
    uidvalidity, exists = select_readonly(box, mailbox)
    state, _ = MailboxState.objects.get_or_create(account=account, mailbox=mailbox)
    if state.uidvalidity != uidvalidity:
        if state.uidvalidity is not None:
            log.warning("%s %s: UIDVALIDITY %s -> %s, fetching all again", account, mailbox, state.uidvalidity, uidvalidity)
        state.uidvalidity, state.last_uid = uidvalidity, 0
        state.save(update_fields=["uidvalidity", "last_uid", "updated_at"])
    if not exists:
        return 0
    new = 0
    for batch in _batches(_new_uids(box, mailbox, state.last_uid)):
        fetched = _fetch(box, mailbox, batch)
        if not fetched:
            continue
        deliveries = [
            (message_id_of(raw), raw, {"imap_mailbox": mailbox, "imap_uid": uid, "imap_uidvalidity": uidvalidity}) for uid, raw in fetched
        ]
        # One fetch, one transaction: its mails and the mailbox position move together.
        with transaction.atomic():
            stored = store_deliveries(account, deliveries, channel=account.kind)
            last = fetched[-1][0]
            MailboxState.objects.filter(pk=state.pk, last_uid__lt=last).update(last_uid=last, updated_at=clock.now())
        new += sum(created for _, created in stored)
    return new


def _new_uids(box, mailbox: str, last_uid: int) -> list[tuple[int, int]]:
    """[(uid, size)] of the messages after last_uid, in UID order."""
    typ, data = box.client.uid("FETCH", f"{last_uid + 1}:*", "(UID RFC822.SIZE)")
    if typ != "OK":
        raise MailConnectionError(f"IMAP listing of mailbox {mailbox!r} failed: {server_reason(data)}")
    found = {}
    for item in data:
        line = item[0] if isinstance(item, tuple) else item
        uid, size = _UID.search(line or b""), _SIZE.search(line or b"")
        if uid and size:
            found[int(uid.group(1))] = int(size.group(1))
    # "n:*" always matches the highest UID, even when it is below n.
    return sorted((uid, size) for uid, size in found.items() if uid > last_uid)


def _batches(pending: list[tuple[int, int]]) -> list[list[int]]:
    batches, batch, batch_bytes = [], [], 0
    for uid, size in pending:
        if batch and (len(batch) >= BATCH or batch_bytes + size > BATCH_BYTES):
            batches.append(batch)
            batch, batch_bytes = [], 0
        batch.append(uid)
        batch_bytes += size
    if batch:
        batches.append(batch)
    return batches


def _fetch(box, mailbox: str, uids: list[int]) -> list[tuple[int, bytes]]:
    """[(uid, raw bytes)] in UID order. Messages expunged meanwhile are simply absent."""
    typ, data = box.client.uid("FETCH", ",".join(map(str, uids)), "(UID BODY.PEEK[])")
    if typ != "OK":
        raise MailConnectionError(f"IMAP fetch in mailbox {mailbox!r} failed: {server_reason(data)}")
    found: dict[int, bytes] = {}
    for i, item in enumerate(data):
        if not isinstance(item, tuple):
            continue
        match = _UID.search(item[0])
        if match is None and i + 1 < len(data) and isinstance(data[i + 1], bytes):
            match = _UID.search(data[i + 1])  # some servers put UID after the literal
        if match is None:
            raise MailConnectionError(f"IMAP server sent a message without its UID in mailbox {mailbox!r}.")
        found[int(match.group(1))] = bytes(item[1])
    return sorted(found.items())
