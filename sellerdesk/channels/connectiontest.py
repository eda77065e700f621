""""Test connection" for a channel account: renew the token, make one cheap read call.

Each channel does its own check (`Channel.check_connection`, in its client.py) with the same
clients as replies and lookups, so what passes here is what they will do. One try only (no
back-off: an admin is waiting at the button). The outcome is recorded on the account
(`last_error`, cleared on success) with a `channel_connection_tested` event.
"""

from __future__ import annotations

import re

from django.db import transaction

from sellerdesk.channels.base import PermanentSendError, RetryableSendError
from sellerdesk.channels.models import ChannelAccount
from sellerdesk.conversations.events import record


class Failed(Exception):
    """The platform answered, but not what the account needs; the text says what to fix."""


def renew(client) -> str:
    """Renew the token when the account holds a refresh token; a note for the success text."""
    if client.creds.get("refresh_token"):
        client.refresh()
        return "token renewed"
    client.access_token()
    return "stored token used"


def _check(account) -> str:
    from sellerdesk.channels.registry import CHANNELS, get_channel

    try:
        if account.kind in CHANNELS:
            return get_channel(account.kind).check_connection(account)
    except NotImplementedError:
        pass
    raise Failed(f"channel {account.kind!r} has no connection test")


def check(account: ChannelAccount) -> tuple[bool, str]:
    """(ok, text) for one marketplace account; nothing is written."""
    try:
        return True, _check(account)
    except RetryableSendError as exc:
        # "<platform>: HTTP 503 after 1 tries" -> "<platform> cannot be reached: HTTP 503"
        label, _sep, reason = str(exc).partition(": ")
        reason = re.sub(r" after \d+ tries$", "", reason)
        return False, f"{label} cannot be reached: {reason}"
    except (PermanentSendError, Failed) as exc:
        return False, str(exc)


def test_connection(account: ChannelAccount, user=None) -> tuple[bool, str]:
    """Check the account and record the outcome: last_error set (or cleared) and one event."""
    ok, text = check(account)
    with transaction.atomic():
        ChannelAccount.objects.filter(pk=account.pk).update(last_error="" if ok else text)
        record("channel_connection_tested", actor=user, account_id=account.pk, channel=account.kind, ok=ok, result=text)
    account.last_error = "" if ok else text
    return ok, text


test_connection.__test__ = False  # not a pytest test, despite the name
