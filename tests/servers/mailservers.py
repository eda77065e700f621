"""Real mail servers on 127.0.0.1 for tests: Debian's dovecot (IMAP) and aiosmtpd (SMTP).

Nothing here imports Django, so any test folder can use these servers.
"""

from __future__ import annotations

import email
import grp
import itertools
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from email import policy
from email.message import EmailMessage
from pathlib import Path

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult
from imap_tools import MailBoxUnencrypted

DOVECOT = "/usr/sbin/dovecot"
HOST = "127.0.0.1"


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


# --- IMAP: dovecot -----------------------------------------------------------------------

DOVECOT_CONF = """\
base_dir = {root}/run
state_dir = {root}/state
instance_name = sellerdesk-test-{port}
protocols = imap
listen = {host}
log_path = {root}/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
auth_failure_delay = 0
default_login_user = {user}
default_internal_user = {user}
default_internal_group = {group}
first_valid_uid = 1
mail_location = maildir:{root}/mail/%u
mail_fsync = never
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {root}/passwd
}}
userdb {{
  driver = static
  args = uid={uid} gid={gid} home={root}/mail/%u
}}
service imap-login {{
  chroot =
  inet_listener imap {{
    address = {host}
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
service anvil {{
  chroot =
  # No auth penalty: failed-login tests must not slow down every later login from 127.0.0.1.
  unix_listener anvil-auth-penalty {{
    mode = 0
  }}
}}
service auth-worker {{
  user = $default_internal_user
}}
"""


def traversable_temp_dir(uid: int) -> str:
    """A temporary folder whose every parent lets `uid` through (dovecot's processes, as nobody under
    root, read their configuration there): the system's temp folder may be private (mode 0700)."""
    candidates = [tempfile.gettempdir(), "/var/tmp", "/dev/shm"]
    for base in candidates:
        path = Path(base)
        if path.is_dir() and (uid == os.geteuid() or all(p.stat().st_mode & 0o001 for p in (path, *path.parents))):
            return base
    raise RuntimeError(f"no temporary folder that user {uid} can reach: {candidates}")


class DovecotServer:
    """A private dovecot instance: passwd-file users, maildir in a temporary directory.

    Dovecot refuses to serve mail as root, so under root it runs as `nobody`;
    otherwise as the current user. Mail gets in only through IMAP (APPEND).
    """

    host = HOST
    password = "imap-secret"
    max_users = 2000

    def __init__(self) -> None:
        self.port = 0
        self.root: Path | None = None
        self.process: subprocess.Popen | None = None
        self._users = itertools.count(1)

    def start(self) -> "DovecotServer":
        if os.geteuid() == 0:
            entry = pwd.getpwnam("nobody")
        else:
            entry = pwd.getpwuid(os.geteuid())
        group = grp.getgrgid(entry.pw_gid).gr_name
        self.root = Path(tempfile.mkdtemp(prefix="sellerdesk-dovecot-", dir=traversable_temp_dir(entry.pw_uid)))
        for sub in ("run", "state", "mail"):
            (self.root / sub).mkdir()
        # Dovecot re-reads a passwd-file at most once a second, so every user exists from the start.
        (self.root / "passwd").write_text("".join(f"{self._user(n)}:{{PLAIN}}{self.password}::::::\n" for n in range(1, self.max_users + 1)))
        self.port = free_port()
        conf = self.root / "dovecot.conf"
        conf.write_text(
            DOVECOT_CONF.format(
                root=self.root, host=HOST, port=self.port, user=entry.pw_name, group=group, uid=entry.pw_uid, gid=entry.pw_gid
            )
        )
        if os.geteuid() == 0:
            for path in [self.root, *self.root.rglob("*")]:
                os.chown(path, entry.pw_uid, entry.pw_gid)
        self.process = subprocess.Popen(
            [DOVECOT, "-F", "-c", str(conf)],
            user=entry.pw_uid if os.geteuid() == 0 else None,
            group=entry.pw_gid if os.geteuid() == 0 else None,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            start_new_session=True,
        )
        self._wait_ready()
        return self

    def _wait_ready(self, timeout: float = 20) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"dovecot exited: {self.process.stderr.read().decode()} {self.log()}")
            try:
                with socket.create_connection((HOST, self.port), timeout=2) as sock:
                    if sock.recv(100).startswith(b"* OK"):
                        return
            except OSError:
                time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"dovecot did not answer on {HOST}:{self.port}: {self.log()}")

    def log(self) -> str:
        path = self.root / "dovecot.log" if self.root else None
        return path.read_text(errors="replace") if path and path.exists() else ""

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.root:
            shutil.rmtree(self.root, ignore_errors=True)

    # users and mail

    @staticmethod
    def _user(n: int) -> str:
        return f"user{n}@shop.example"

    def add_user(self) -> str:
        """A user nobody used before, with an empty mailbox; the password is `self.password`."""
        n = next(self._users)
        if n > self.max_users:
            raise RuntimeError(f"all {self.max_users} test users of this dovecot are taken")
        return self._user(n)

    def connect(self, username: str) -> MailBoxUnencrypted:
        return MailBoxUnencrypted(HOST, self.port, timeout=10).login(username, self.password, initial_folder=None)

    def append(self, username: str, raw: bytes, mailbox: str = "INBOX") -> int:
        """APPEND one message; returns its UID."""
        with self.connect(username) as box:
            typ, data = box.client.append(mailbox, None, None, raw)
        assert typ == "OK", data
        return int(data[0].split(b"APPENDUID ")[1].split(b"]")[0].split()[1])

    def create_mailbox(self, username: str, name: str) -> None:
        with self.connect(username) as box:
            box.folder.create(name)

    def delete_mailbox(self, username: str, name: str) -> None:
        with self.connect(username) as box:
            box.folder.delete(name)

    def uidvalidity(self, username: str, name: str = "INBOX") -> int:
        with self.connect(username) as box:
            return box.folder.status(name, ["UIDVALIDITY"])["UIDVALIDITY"]

    def flags(self, username: str, name: str = "INBOX") -> list[tuple[str, ...]]:
        with self.connect(username) as box:
            box.folder.set(name, readonly=True)
            return [m.flags for m in box.fetch(headers_only=True, mark_seen=False)]

    def imap_config(self, username: str, mailboxes: list[str] | None = None) -> dict:
        return {"host": HOST, "port": self.port, "security": "none", "username": username, "mailboxes": mailboxes or ["INBOX"]}


# --- SMTP: aiosmtpd --------------------------------------------------------------------------


@dataclass
class ReceivedMail:
    mail_from: str
    rcpt_tos: list[str]
    raw: bytes

    @property
    def message(self) -> EmailMessage:
        return email.message_from_bytes(self.raw, policy=policy.default)


class _RecordingHandler:
    def __init__(self) -> None:
        self.received: list[ReceivedMail] = []
        self.rcpt_reply = ""
        self.data_reply = ""

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.rcpt_reply:
            return self.rcpt_reply
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.data_reply:
            return self.data_reply
        self.received.append(ReceivedMail(envelope.mail_from, list(envelope.rcpt_tos), envelope.original_content))
        return "250 OK queued"


class SmtpServer:
    """aiosmtpd on a free port, recording every mail; can be told to answer with an error."""

    host = HOST
    username = "support@shop.example"
    password = "smtp-secret"

    def __init__(self) -> None:
        self.handler = _RecordingHandler()
        self.port = free_port()
        self.controller = Controller(
            self.handler,
            hostname=HOST,
            port=self.port,
            authenticator=self._authenticate,
            auth_require_tls=False,
            enable_SMTPUTF8=True,
        )

    def _authenticate(self, server, session, envelope, mechanism, auth_data) -> AuthResult:
        ok = auth_data.login == self.username.encode() and auth_data.password == self.password.encode()
        return AuthResult(success=ok, handled=False)

    def start(self) -> "SmtpServer":
        self.controller.start()
        return self

    def stop(self) -> None:
        self.controller.stop()

    @property
    def received(self) -> list[ReceivedMail]:
        return self.handler.received

    def reject_recipients(self, reply: str) -> None:
        """Answer every RCPT TO with `reply`, e.g. "550 5.1.1 User unknown"."""
        self.handler.rcpt_reply = reply

    def reject_data(self, reply: str) -> None:
        """Answer the end of DATA with `reply`, e.g. "451 4.3.0 Try again later"."""
        self.handler.data_reply = reply

    def smtp_config(self, from_address: str = "support@shop.example", login: bool = True) -> dict:
        return {
            "host": HOST,
            "port": self.port,
            "security": "none",
            "username": self.username if login else "",
            "from_address": from_address,
        }
