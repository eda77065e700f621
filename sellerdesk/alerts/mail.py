"""Alert emails: plain text and HTML, through the desk's outbound SMTP settings."""

from __future__ import annotations

import smtplib

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation

from sellerdesk.alerts.chat import SendFailed


def send(address: str, title: str, lines: list[tuple[str, str]], language: str) -> None:
    with translation.override(language):
        html = render_to_string("alerts/email.html", {"title": title, "lines": lines, "language": language})
    text = title + "\n\n" + "\n".join(f"- {t}\n  {u}" for t, u in lines) + "\n"
    message = EmailMultiAlternatives(subject=title, body=text, from_email=settings.DEFAULT_FROM_EMAIL, to=[address])
    message.attach_alternative(html, "text/html")
    try:
        message.send()
    except smtplib.SMTPRecipientsRefused as exc:
        raise SendFailed(f"recipient refused: {exc}", retryable=False) from None
    except smtplib.SMTPResponseException as exc:
        raise SendFailed(f"SMTP {exc.smtp_code}: {exc.smtp_error!r}", retryable=400 <= exc.smtp_code < 500) from None
    except (smtplib.SMTPException, OSError) as exc:
        raise SendFailed(f"{type(exc).__name__}: {exc}", retryable=True) from None
