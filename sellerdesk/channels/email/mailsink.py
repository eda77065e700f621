"""The demo outbox: a local SMTP server that keeps every mail it receives as an .eml file.

`sellerdesk mailsink` runs it on 127.0.0.1; the demo accounts send through
it, and the "Demo outbox" page lists what arrived with list_outbox().
It accepts any login, so it must only ever listen on a local address.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import hashlib
import logging
import re
from dataclasses import dataclass
from email import policy
from email.parser import BytesParser
from pathlib import Path

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult
from django.conf import settings

from sellerdesk.lib import clock

log = logging.getLogger(__name__)
_NAME = re.compile(r"^\d{8}T\d{12}-[0-9a-f]{12}\.eml$")


def outbox_dir() -> Path:
    return Path(settings.DATA_DIR) / "outbox"


def save_mail(directory: Path, raw: bytes, mail_from: str = "", rcpt_tos: list[str] | None = None) -> Path:
    """Write one received mail, with the envelope as Return-Path / X-Original-To like a local MDA does."""
    directory.mkdir(parents=True, exist_ok=True)
    envelope = f"Return-Path: <{mail_from or ''}>\r\nX-Original-To: {', '.join(rcpt_tos or [])}\r\n".encode()
    data = envelope + raw
    name = f"{clock.now():%Y%m%dT%H%M%S%f}-{hashlib.sha256(data).hexdigest()[:12]}.eml"
    tmp = directory / f".{name}.tmp"
    tmp.write_bytes(data)
    tmp.replace(directory / name)  # readers never see half a file
    return directory / name


class OutboxHandler:
    """aiosmtpd handler: store every mail in the outbox directory."""

    def __init__(self, directory: Path | None = None):
        self.directory = Path(directory) if directory else outbox_dir()

    async def handle_DATA(self, server, session, envelope) -> str:
        path = save_mail(self.directory, envelope.original_content, envelope.mail_from, envelope.rcpt_tos)
        mail = _summary(path)
        log.info("demo outbox: %s from %s to %s, subject %r -> %s", mail.message_id, envelope.mail_from, ", ".join(envelope.rcpt_tos), mail.subject, path.name)
        return "250 OK stored in the demo outbox"


def _accept_any_login(server, session, envelope, mechanism, auth_data) -> AuthResult:
    return AuthResult(success=True)


def start_mailsink(host: str = "127.0.0.1", port: int | None = None, directory: Path | None = None) -> Controller:
    """Start the sink in a background thread; call .stop() on the result to end it."""
    controller = Controller(
        OutboxHandler(directory),
        hostname=host,
        port=settings.MAILSINK_PORT if port is None else port,
        authenticator=_accept_any_login,  # demo accounts may have a username set
        auth_require_tls=False,
        enable_SMTPUTF8=True,
    )
    controller.start()
    return controller


@dataclass(frozen=True)
class OutboxMail:
    name: str
    path: Path
    sender: str
    recipients: str
    subject: str
    date: dt.datetime | None
    message_id: str
    in_reply_to: str
    references: str


def _summary(path: Path) -> OutboxMail:
    with path.open("rb") as fp:
        headers = BytesParser(policy=policy.default).parse(fp, headersonly=True)
    try:
        date = email.utils.parsedate_to_datetime(str(headers["Date"])) if headers["Date"] else None
    except (TypeError, ValueError):
        date = None
    return OutboxMail(
        name=path.name,
        path=path,
        sender=str(headers.get("From", "")),
        recipients=str(headers.get("To", "")),
        subject=str(headers.get("Subject", "")),
        date=date,
        message_id=str(headers.get("Message-ID", "")).strip(),
        in_reply_to=str(headers.get("In-Reply-To", "")).strip(),
        references=" ".join(str(headers.get("References", "")).split()),
    )


def list_outbox(limit: int = 50, directory: Path | None = None) -> list[OutboxMail]:
    """The most recent mails in the outbox, newest first."""
    directory = Path(directory) if directory else outbox_dir()
    if not directory.is_dir():
        return []
    names = sorted((p.name for p in directory.iterdir() if _NAME.match(p.name)), reverse=True)[:limit]
    return [_summary(directory / name) for name in names]


def read_outbox_mail(name: str, directory: Path | None = None) -> tuple[OutboxMail, str]:
    """One mail of the outbox and its plain-text body. Unknown or odd names raise FileNotFoundError."""
    directory = Path(directory) if directory else outbox_dir()
    path = directory / name
    if not _NAME.match(name) or not path.is_file():
        raise FileNotFoundError(f"no mail {name!r} in the demo outbox")
    message = BytesParser(policy=policy.default).parsebytes(path.read_bytes())
    body = message.get_body(preferencelist=("plain",))
    return _summary(path), body.get_content() if body is not None else ""
