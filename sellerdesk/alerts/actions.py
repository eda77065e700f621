"""Every write of the alerts app: marking read, a person's preferences, chat robots. One event each."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext_noop

from sellerdesk.alerts.models import ChatWebhook, Kind, Notification, Preference
from sellerdesk.conversations.actions import ActionError
from sellerdesk.conversations.events import record
from sellerdesk.lib import clock


def mark_read(user, ids: list[int] | None = None) -> int:
    """Mark the user's notifications read (`ids`, or all unread). Returns how many changed."""
    with transaction.atomic():
        qs = Notification.objects.filter(recipient=user, read_at__isnull=True)
        if ids is not None:
            qs = qs.filter(pk__in=ids)
        changed = qs.update(read_at=clock.now())
        if changed:
            record("notifications_read", actor=user, count=changed)
        return changed


def save_preferences(user, *, in_app: list[str], email: list[str], quiet_start: dt.time | None, quiet_end: dt.time | None) -> Preference:
    if (quiet_start is None) != (quiet_end is None):
        raise ActionError(gettext_noop("Give both the start and the end of the quiet hours, or neither."))
    known = set(Kind.values)
    with transaction.atomic():
        pref, _ = Preference.objects.get_or_create(user=user, defaults={"in_app": [], "email": []})
        pref.in_app = [k for k in Kind.values if k in in_app and k in known]
        pref.email = [k for k in Kind.values if k in email and k in known]
        pref.quiet_start, pref.quiet_end = quiet_start, quiet_end
        pref.save()
        record("alert_preferences_saved", actor=user, in_app=pref.in_app, email=pref.email,
               quiet=f"{quiet_start:%H:%M}-{quiet_end:%H:%M}" if quiet_start else "")
        return pref


def save_webhook(user, *, name: str, platform: str, url: str, secret: str, kinds: list[str], team=None,
                 language: str = "zh-hans", webhook: ChatWebhook | None = None) -> ChatWebhook:
    name, url, secret = (name or "").strip(), (url or "").strip(), (secret or "").strip()
    if not name:
        raise ActionError(gettext_noop("Give the robot a name."))
    if platform not in ChatWebhook.Platform.values:
        raise ActionError(gettext_noop("Choose WeCom, Feishu, DingTalk or Slack."))
    if webhook is None and not url.startswith(("https://", "http://")):
        raise ActionError(gettext_noop("The webhook address starts with https://."))
    with transaction.atomic():
        created = webhook is None
        hook = webhook or ChatWebhook(created_at=clock.now())
        target = {} if created else hook.target
        if url:
            target["url"] = url
        if secret or created:
            target["secret"] = secret
        hook.name, hook.platform, hook.team = name[:100], platform, team
        hook.kinds = [k for k in Kind.values if k in kinds]
        hook.language = language if language in ("en", "zh-hans") else "zh-hans"
        hook.target = target
        hook.save()
        record("chat_webhook_saved", actor=user, webhook_id=hook.pk, name=hook.name, channel=platform,
               created=created, secrets_changed=[k for k, v in (("url", url), ("secret", secret)) if v])
        return hook


def delete_webhook(user, hook: ChatWebhook) -> None:
    with transaction.atomic():
        record("chat_webhook_deleted", actor=user, webhook_id=hook.pk, name=hook.name, channel=hook.platform)
        hook.delete()
