"""Header values -> text: RFC 2047 encoded words, raw 8-bit (RFC 6532) headers, addresses, ids, dates.

The mail is parsed with a policy that hands back header values untouched, so
every charset goes through charsets.decode (GB2312 labels read as GB18030...).
"""

from __future__ import annotations

import datetime as dt
import email.header
import email.utils
import re
from dataclasses import replace
from email.errors import HeaderParseError
from email.policy import Compat32

from sellerdesk.channels.email import charsets
from sellerdesk.channels.email.addresses import Mailbox, first_mailbox

_MSGID = re.compile(r"<[^<>\s]+>")
_FOLD = re.compile(r"\r?\n[ \t]")
_SENDER_CHARS = 4000


class RawHeaderPolicy(Compat32):
    """compat32 parsing, but header values come back as the raw (surrogate-escaped) text."""

    def header_fetch_parse(self, name, value):
        return value


RAW_POLICY = RawHeaderPolicy()


class HeaderText:
    """Decodes header values, remembering whether any charset had to be guessed."""

    def __init__(self):
        self.fallback = False
        self.broken = False

    def decode(self, value) -> str:
        if value is None:
            return ""
        value = _FOLD.sub(" ", str(value)).replace("\r", "").replace("\n", " ")
        value = self._text(value)
        if "=?" not in value:
            return _spaces(value)
        try:
            chunks = email.header.decode_header(value)
        except (HeaderParseError, ValueError):
            self.broken = True
            return _spaces(value)
        out = []
        for chunk, label in chunks:
            if isinstance(chunk, str):
                out.append(chunk)
                continue
            text, fallback = charsets.decode(chunk, label or "utf-8")
            self.fallback |= fallback and bool(label)
            out.append(text)
        return _spaces("".join(out))

    def _text(self, value: str) -> str:
        """Raw 8-bit header bytes (kept as surrogates by the parser) -> text: RFC 6532 says UTF-8."""
        try:
            raw = value.encode("ascii", "surrogateescape")
        except UnicodeEncodeError:  # already text
            return value
        if raw.isascii():
            return value
        text, fallback = charsets.decode(raw, "utf-8")
        self.fallback |= fallback
        return text

    def address(self, value) -> tuple[str, str]:
        """(display name, lower-cased address) of the first address in a header, or ("", "")."""
        box = self.mailbox(value)
        return (box.name, box.address) if box.address else ("", "")

    def mailbox(self, value) -> Mailbox:
        """The first mailbox of a sender header, read leniently (see addresses.py), its name decoded."""
        if value is None:
            return Mailbox()
        # A sender header is short; a huge one is junk, and only its start can name the sender.
        text = self._text(_FOLD.sub(" ", str(value)[:_SENDER_CHARS]).replace("\r", "").replace("\n", " "))
        box = first_mailbox(text)
        if not box.address and "=?" in text:
            # Some mailers encode the whole "Name <address>" as one encoded word.
            decoded = first_mailbox(self.decode(text))
            if decoded.address:
                return decoded
        return replace(box, name=self.decode(box.name) if "=?" in box.name else box.name)

    def addresses(self, value) -> list[tuple[str, str]]:
        if not value:
            return []
        value = self._text(_FOLD.sub(" ", str(value)))
        found = []
        for name, addr in email.utils.getaddresses([value]):
            addr = addr.strip().strip("<>").lower()
            if "@" in addr and " " not in addr:
                found.append((self.decode(name).strip().strip('"').strip(), addr))
        return found


def _spaces(text: str) -> str:
    return " ".join(text.split())


def message_ids(value: str) -> list[str]:
    """Every <id> in an In-Reply-To / References value, in order, without repeats."""
    ids = _MSGID.findall(value or "")
    if not ids and (value or "").strip():
        ids = [(value or "").split()[0]]  # some mailers drop the angle brackets
    return list(dict.fromkeys(ids))


def parse_date(value: str) -> dt.datetime | None:
    """An aware UTC datetime, or None for a missing or unreadable Date."""
    if not value:
        return None
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:  # "-0000": the zone is unknown, RFC 5322 says treat as UTC
        when = when.replace(tzinfo=dt.timezone.utc)
    return when.astimezone(dt.timezone.utc)
