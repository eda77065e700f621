"""Send an outbound Message as a threaded reply over the account's SMTP server.

Errors are sorted for conversations.tasks.deliver: anything a later attempt
may fix (network, timeouts, 4xx) is RetryableSendError; the rest (5xx, a
wrong password, a refused address, bad settings) is PermanentSendError with
a text the agent can act on.
"""

from __future__ import annotations

import email.utils
import logging
import mimetypes
import smtplib
import ssl
from email import headerregistry, policy
from email.headerregistry import Address
from email.message import EmailMessage

from django.conf import settings

from sellerdesk.channels.base import PermanentSendError, RetryableSendError
from sellerdesk.channels.email.connection import (
    MailConnectionError,
    ServerSettings,
    open_smtp,
    server_reason,
    server_settings,
    smtp_error_text,
)
from sellerdesk.lib import clock

log = logging.getLogger(__name__)


class MessageIdsHeader(headerregistry.UnstructuredHeader):
    """In-Reply-To / References: fold only between ids, never RFC 2047-encode them.

    The stock folder encodes a msg-id that does not fit on a line, and mail
    clients then no longer recognise it, which breaks threading.
    """

    max_count = 1

    def fold(self, *, policy):
        lines, line, has_token = [], f"{self.name}:", False
        for token in str(self).split():
            if has_token and len(line) + 1 + len(token) > policy.max_line_length:
                lines.append(line)
                line = ""
            line += " " + token
            has_token = True
        lines.append(line)
        return policy.linesep.join(lines) + policy.linesep


_headers = headerregistry.HeaderRegistry()
_headers.map_to_type("in-reply-to", MessageIdsHeader)
_headers.map_to_type("references", MessageIdsHeader)
# cte_type 7bit: non-ASCII bodies go quoted-printable or base64, whichever is
# shorter, so servers without 8BITMIME get them intact.
MAIL_POLICY = policy.SMTP.clone(header_factory=_headers, cte_type="7bit")


def _one_line(text: str) -> str:
    return " ".join((text or "").split())


def build_reply(account, message, from_address: str) -> EmailMessage:
    """The MIME message for an outbound Message (text/plain UTF-8, threaded headers)."""
    mail = EmailMessage(policy=MAIL_POLICY)
    name = _one_line(message.sender_name or account.name)
    mail["From"] = Address(display_name=name, addr_spec=from_address)
    mail["To"] = ", ".join(_one_line(r) for r in message.recipients)
    mail["Subject"] = _one_line(message.subject)
    mail["Date"] = email.utils.format_datetime(clock.now())
    mail["Message-ID"] = message.external_id or email.utils.make_msgid(domain=settings.MAIL_DOMAIN)
    if message.in_reply_to:
        mail["In-Reply-To"] = message.in_reply_to
    if message.references:
        mail["References"] = _one_line(message.references)
    mail["X-Auto-Response-Suppress"] = "All"  # no Exchange out-of-office replies to us
    if message.is_automated:
        mail["Auto-Submitted"] = "auto-replied"  # RFC 3834: their auto-responders stay quiet
    mail.set_content(message.body_full or message.body_text or "", subtype="plain", charset="utf-8")
    if message.pk:
        for att in message.attachments.all():
            maintype, _, subtype = (att.content_type or _guess_type(att.filename)).partition("/")
            mail.add_attachment(bytes(att.data), maintype=maintype, subtype=subtype or "octet-stream", filename=att.filename)
    return mail


def _guess_type(filename: str) -> str:
    return mimetypes.guess_type(filename)[0] or "application/octet-stream"


def _envelope_recipients(recipients: list[str]) -> list[str]:
    if not recipients:
        raise PermanentSendError("The reply has no recipient address.")
    addresses = [addr for _, addr in email.utils.getaddresses(recipients)]
    bad = [r for r, addr in zip(recipients, addresses) if "@" not in addr]
    if bad or len(addresses) != len(recipients):
        raise PermanentSendError(f"Not an email address: {', '.join(bad or recipients)}.")
    return addresses


def send_email_reply(account, message) -> str:
    """Send `message` through the account's SMTP server; return its Message-ID."""
    try:
        smtp_settings = server_settings(account, "smtp")
    except MailConnectionError as exc:
        raise PermanentSendError(f"Cannot send: {exc}") from None
    if not smtp_settings.from_address:
        raise PermanentSendError("Cannot send: the account has no from address (SMTP from_address or the account address).")
    recipients = _envelope_recipients(list(message.recipients or []))
    try:
        mail = build_reply(account, message, smtp_settings.from_address)
    except (ValueError, TypeError) as exc:  # e.g. a malformed address in the headers
        raise PermanentSendError(f"The reply cannot be built: {exc}") from None
    _transmit(smtp_settings, mail, recipients)
    return str(mail["Message-ID"])


def _transmit(s: ServerSettings, mail: EmailMessage, recipients: list[str]) -> None:
    try:
        smtp = open_smtp(s)
        try:
            refused = smtp.send_message(mail, from_addr=s.from_address, to_addrs=recipients)
        finally:
            _quit(smtp)
    except smtplib.SMTPRecipientsRefused as exc:
        codes = [code for code, _ in exc.recipients.values()]
        details = "; ".join(f"{addr} ({code} {server_reason(text)})" for addr, (code, text) in exc.recipients.items())
        if all(400 <= code < 500 for code in codes):
            raise RetryableSendError(f"The mail server deferred the recipient: {details}") from None
        raise PermanentSendError(f"The mail server refused the recipient address: {details}") from None
    except smtplib.SMTPAuthenticationError as exc:
        _raise_by_code(exc, f"SMTP login failed for {s.username}: {smtp_error_text(exc)}. Check the SMTP password in the account settings.")
    except smtplib.SMTPSenderRefused as exc:
        _raise_by_code(exc, f"The mail server refused the sender address {exc.sender}: {smtp_error_text(exc)}")
    except smtplib.SMTPDataError as exc:
        _raise_by_code(exc, f"The mail server did not take the message: {smtp_error_text(exc)}")
    except smtplib.SMTPNotSupportedError as exc:
        raise PermanentSendError(f"The SMTP server at {s.where} does not support what the settings ask for: {exc}") from None
    except smtplib.SMTPResponseException as exc:  # greeting, EHLO, STARTTLS answered with an error
        _raise_by_code(exc, f"The SMTP server at {s.where} answered {smtp_error_text(exc)}")
    except ssl.SSLError as exc:  # a certificate or TLS mismatch: settings, not luck
        raise PermanentSendError(f"TLS with the SMTP server at {s.where} failed: {exc}. Check the security setting.") from None
    except (OSError, smtplib.SMTPServerDisconnected) as exc:  # refused, timeout, reset, DNS
        reason = "timed out" if isinstance(exc, TimeoutError) else (str(exc) or type(exc).__name__)
        raise RetryableSendError(f"Cannot reach the SMTP server at {s.where}: {reason}") from None
    except smtplib.SMTPException as exc:  # e.g. no common AUTH mechanism
        raise PermanentSendError(f"Sending through the SMTP server at {s.where} failed: {exc}") from None
    if refused:  # some recipients took it: sending again would duplicate, so report and carry on
        log.warning("%s was refused for some recipients: %s", mail["Message-ID"], refused)


def _raise_by_code(exc: smtplib.SMTPResponseException, text: str):
    if 400 <= exc.smtp_code < 500:
        raise RetryableSendError(text) from None
    raise PermanentSendError(text) from None


def _quit(smtp: smtplib.SMTP) -> None:
    try:
        smtp.quit()
    except (OSError, smtplib.SMTPException):
        smtp.close()
