"""Saving a chat account from its set-up page (one event, like every channel account change)."""

from __future__ import annotations

from django.db import transaction

from sellerdesk.channels.models import ChannelAccount
from sellerdesk.conversations.events import record


def save_chat_account(account: ChannelAccount | None, user, data: dict) -> ChannelAccount:
    with transaction.atomic():
        created = account is None
        account = ChannelAccount(kind="webchat") if created else ChannelAccount.objects.select_for_update().get(pk=account.pk)
        account.name, account.is_active = data["name"], data["is_active"]
        mail = data.get("email_account")
        account.config = {**(account.config or {}), "domains": data["domains"], "title": data.get("title", ""),
                          "greeting": data.get("greeting", ""), "offline_message": data.get("offline_message", ""),
                          "email_account": mail.pk if mail else None}
        account.save()
        record("channel_account_created" if created else "channel_account_updated", actor=user, account_id=account.pk,
               channel="webchat", domains=data["domains"])
    return account
