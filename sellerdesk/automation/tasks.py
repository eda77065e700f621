from __future__ import annotations

import logging

from django_tasks import task

log = logging.getLogger(__name__)


@task()
def sweep_due() -> int:
    """The scheduler's periodic run of due time triggers."""
    from sellerdesk.automation.sweep import sweep_all

    return sweep_all()


@task()
def send_notification(webhook: str, emails: list[str], text: str) -> None:
    """A rule's notify action: a team-chat webhook (JSON with the text) and/or an email."""
    from sellerdesk.automation.notify import post_webhook, send_email

    if webhook:
        post_webhook(webhook, text)
    if emails:
        send_email(emails, text)
