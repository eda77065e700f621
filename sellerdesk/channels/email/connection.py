"""Opening an email account's IMAP and SMTP connections, and the "Test connection" check.

Settings live in ChannelAccount.config["imap"] / ["smtp"] (see docs/email.md,
"Connecting a mailbox"); passwords in the encrypted credentials. Every failure
is turned into a MailConnectionError whose text an agent can act on.
"""

from __future__ import annotations

import imaplib
import re
import smtplib
import socket
import ssl
from dataclasses import dataclass, field

from imap_tools import MailBox, MailBoxStartTls, MailBoxUnencrypted
from imap_tools.errors import ImapToolsError, MailboxLoginError, UnexpectedCommandStatusError

from sellerdesk.lib.hosts import is_loopback

IMAP_TIMEOUT = 30  # seconds, for connecting and every command
SMTP_TIMEOUT = 30
SECURITY_CHOICES = ("ssl", "starttls", "none")
DEFAULT_PORTS = {"imap": {"ssl": 993, "starttls": 143, "none": 143}, "smtp": {"ssl": 465, "starttls": 587, "none": 25}}


class MailConnectionError(Exception):
    """A mail server could not be reached or refused us; the text says what to fix."""


@dataclass(frozen=True)
class ServerSettings:
    host: str
    port: int
    security: str
    username: str
    password: str
    mailboxes: list[str] = field(default_factory=list)  # IMAP only
    from_address: str = ""  # SMTP only

    @property
    def where(self) -> str:
        return f"{self.host}:{self.port}"


def has_settings(account, protocol: str) -> bool:
    return bool((account.config or {}).get(protocol, {}).get("host"))


def server_settings(account, protocol: str) -> ServerSettings:
    """The account's "imap" or "smtp" settings, checked, with the password from the credentials."""
    cfg = (account.config or {}).get(protocol) or {}
    label = protocol.upper()
    host = str(cfg.get("host") or "").strip()
    if not host:
        raise MailConnectionError(f"{label} is not configured: the server host is missing.")
    security = str(cfg.get("security") or "ssl").lower()
    if security not in SECURITY_CHOICES:
        raise MailConnectionError(f"{label} security must be one of {', '.join(SECURITY_CHOICES)}, not {security!r}.")
    try:
        port = int(cfg.get("port") or DEFAULT_PORTS[protocol][security])
    except (TypeError, ValueError):
        raise MailConnectionError(f"{label} port must be a number, not {cfg.get('port')!r}.") from None
    try:
        password = str(account.credentials.get(f"{protocol}_password") or "")
    except ValueError as exc:  # the encryption key changed
        raise MailConnectionError(f"{label} password cannot be read: {exc}.") from None
    username = str(cfg.get("username") or "")
    if username and security == "none" and not is_loopback(host):
        # The login would cross the network readable by anyone on the way.
        raise MailConnectionError(f"{label} login to {host} without encryption is refused: choose SSL/TLS or STARTTLS "
                                  "(no encryption only for a server on this machine).")
    if username and not password:
        raise MailConnectionError(f"{label} password is not set (it is forgotten when the server or user changes): enter it again.")
    mailboxes = [str(m) for m in cfg.get("mailboxes") or ["INBOX"]] if protocol == "imap" else []
    return ServerSettings(
        host=host,
        port=port,
        security=security,
        username=username,
        password=password,
        mailboxes=mailboxes,
        from_address=str(cfg.get("from_address") or account.address or "") if protocol == "smtp" else "",
    )


def server_reason(text) -> str:
    """A server reply without its response code: b'[AUTHENTICATIONFAILED] Authentication failed.' -> 'Authentication failed'."""
    if isinstance(text, (list, tuple)):
        text = b" ".join(t for t in text if isinstance(t, bytes)) if text else b""
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    text = re.sub(r"^\s*\[[^\]]*\]\s*", "", str(text)).strip()
    text = re.sub(r"\s*\([\d.+ ]+ secs\)\.?$", "", text)  # dovecot's "(0.001 + 0.000 secs)" timing
    return text.rstrip(".") or "no reason given"


def _network_reason(exc: BaseException) -> str:
    if isinstance(exc, (socket.timeout, TimeoutError)):
        return "timed out"
    if isinstance(exc, ConnectionRefusedError):
        return "connection refused (is the host and port right?)"
    if isinstance(exc, socket.gaierror):
        return "host name not found"
    if isinstance(exc, ssl.SSLCertVerificationError):
        return f"TLS certificate not trusted: {exc.verify_message}"
    if isinstance(exc, ssl.SSLError):
        return f"TLS failed: {exc.reason or exc}"
    return str(exc) or type(exc).__name__


# --- IMAP ----------------------------------------------------------------------------


def open_imap(s: ServerSettings):
    """A logged-in imap_tools mailbox (no folder selected); end it with close_imap()."""
    try:
        if s.security == "none":
            box = MailBoxUnencrypted(s.host, s.port, timeout=IMAP_TIMEOUT)
        elif s.security == "starttls":
            box = MailBoxStartTls(s.host, s.port, timeout=IMAP_TIMEOUT, ssl_context=ssl.create_default_context())
        else:
            box = MailBox(s.host, s.port, timeout=IMAP_TIMEOUT, ssl_context=ssl.create_default_context())
    except (OSError, imaplib.IMAP4.error, ImapToolsError) as exc:
        raise MailConnectionError(f"IMAP connection to {s.where} failed: {_imap_error_reason(exc)}") from exc
    try:
        box.login(s.username, s.password, initial_folder=None)
    except MailboxLoginError as exc:
        close_imap(box)
        raise MailConnectionError(f"IMAP login failed for {s.username}: {server_reason(exc.command_result[1])}") from exc
    except (OSError, imaplib.IMAP4.error) as exc:
        close_imap(box)
        raise MailConnectionError(f"IMAP login failed for {s.username}: {_imap_error_reason(exc)}") from exc
    return box


def _imap_error_reason(exc: BaseException) -> str:
    if isinstance(exc, UnexpectedCommandStatusError):
        return server_reason(exc.command_result[1])
    if isinstance(exc, imaplib.IMAP4.error):
        return str(exc)
    return _network_reason(exc)


def close_imap(box) -> None:
    """Log out politely; if the connection is already broken just drop it."""
    try:
        box.client.logout()
    except (OSError, imaplib.IMAP4.error):
        try:
            box.client.shutdown()
        except OSError:
            pass


def select_readonly(box, mailbox: str) -> tuple[int, int]:
    """EXAMINE a mailbox (read-only, so nothing is marked seen); return (UIDVALIDITY, message count)."""
    try:
        _, data = box.folder.set(mailbox, readonly=True)
    except UnexpectedCommandStatusError as exc:
        raise MailConnectionError(f"IMAP mailbox {mailbox!r} cannot be opened: {server_reason(exc.command_result[1])}") from exc
    _, validity = box.client.response("UIDVALIDITY")
    if not validity or validity[0] is None:
        raise MailConnectionError(f"IMAP server sent no UIDVALIDITY for mailbox {mailbox!r}.")
    return int(validity[-1]), int(data[-1] or 0)


# --- SMTP ----------------------------------------------------------------------------


def open_smtp(s: ServerSettings) -> smtplib.SMTP:
    """A connected SMTP session, after EHLO, STARTTLS and login as configured.

    Raises the smtplib / socket errors; callers decide what is retryable.
    """
    # EHLO with the sender's domain: the default getfqdn() can hang on a DNS lookup.
    local_name = s.from_address.rpartition("@")[2] or "localhost"
    if s.security == "ssl":
        smtp = smtplib.SMTP_SSL(s.host, s.port, local_hostname=local_name, timeout=SMTP_TIMEOUT, context=ssl.create_default_context())
    else:
        smtp = smtplib.SMTP(s.host, s.port, local_hostname=local_name, timeout=SMTP_TIMEOUT)
    try:
        smtp.ehlo()
        if s.security == "starttls":
            smtp.starttls(context=ssl.create_default_context())
            smtp.ehlo()
        if s.username:
            smtp.login(s.username, s.password)
    except BaseException:
        smtp.close()
        raise
    return smtp


def smtp_error_text(exc: smtplib.SMTPResponseException) -> str:
    return f"{exc.smtp_code} {server_reason(exc.smtp_error)}"


# --- "Test connection" -------------------------------------------------------------------


def _check_imap(account) -> tuple[bool, str]:
    if not has_settings(account, "imap"):
        return False, "IMAP not configured"
    try:
        s = server_settings(account, "imap")
        box = open_imap(s)
        try:
            for mailbox in s.mailboxes:
                select_readonly(box, mailbox)
        finally:
            close_imap(box)
    except MailConnectionError as exc:
        return False, str(exc).rstrip(".")
    except (OSError, imaplib.IMAP4.error) as exc:
        return False, f"IMAP failed: {_imap_error_reason(exc)}"
    n = len(s.mailboxes)
    return True, f"IMAP ok ({n} mailbox{'es' if n != 1 else ''})"


def _check_smtp(account) -> tuple[bool, str]:
    if not has_settings(account, "smtp"):
        return False, "SMTP not configured"
    try:
        s = server_settings(account, "smtp")
    except MailConnectionError as exc:
        return False, str(exc).rstrip(".")
    try:
        smtp = open_smtp(s)
    except smtplib.SMTPAuthenticationError as exc:
        return False, f"SMTP login failed for {s.username}: {smtp_error_text(exc)}"
    except smtplib.SMTPNotSupportedError as exc:
        return False, f"SMTP server at {s.where}: {exc}"
    except smtplib.SMTPResponseException as exc:
        return False, f"SMTP server at {s.where} refused us: {smtp_error_text(exc)}"
    except (OSError, smtplib.SMTPException) as exc:
        return False, f"SMTP connection to {s.where} failed: {_network_reason(exc)}"
    try:
        smtp.quit()
    except (OSError, smtplib.SMTPException):
        smtp.close()
    return True, "SMTP ok"


def test_connection(account) -> tuple[bool, str]:
    """Log in to IMAP (and open each mailbox) and to SMTP: (ok, "IMAP ok (3 mailboxes), SMTP ok")."""
    imap_ok, imap_text = _check_imap(account)
    smtp_ok, smtp_text = _check_smtp(account)
    return imap_ok and smtp_ok, f"{imap_text}, {smtp_text}"


test_connection.__test__ = False  # not a pytest test, despite the name
