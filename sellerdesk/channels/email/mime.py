"""Raw RFC 5322 bytes -> the readable pieces of a mail: headers, text, sanitised HTML, attachments.

A part that cannot be read (broken base64, missing boundaries) is skipped and
the mail flagged "broken-part"; the other parts are still returned. Only a
delivery that is not a mail at all raises MalformedDelivery.
"""

from __future__ import annotations

import email
import email.utils
import mimetypes
import re
from dataclasses import dataclass, field
from email import errors
from email.message import Message

from sellerdesk.channels.base import InboundAttachment, MalformedDelivery
from sellerdesk.channels.email import charsets, htmltext
from sellerdesk.channels.email.headers import RAW_POLICY, HeaderText

_HEADER_LINE = re.compile(rb"^(From |[\x21-\x39\x3b-\x7e]+[ \t]*:)")
_UNREADABLE = (errors.InvalidBase64LengthDefect,)
_DAMAGED = (
    errors.InvalidBase64CharactersDefect,
    errors.StartBoundaryNotFoundDefect,
    errors.CloseBoundaryNotFoundDefect,
    errors.NoBoundaryInMultipartDefect,
    errors.MultipartInvariantViolationDefect,
)
# Machine-readable report parts: the bounce reader looks at them, they are not body text.
_REPORT_PARTS = {"message/delivery-status", "message/disposition-notification", "text/rfc822-headers", "message/feedback-report"}
CHARSET_FALLBACK = "charset-fallback"
BROKEN_PART = "broken-part"
BROKEN_HEADER = "broken-header"


@dataclass
class Mail:
    msg: Message
    hdr: HeaderText
    text: str = ""
    html: str = ""  # sanitised
    attachments: list[InboundAttachment] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)

    def header(self, name: str) -> str:
        return self.hdr.decode(self.msg.get(name))

    def raw_header(self, name: str) -> str:
        return " ".join(str(self.msg.get(name) or "").split())

    def flag(self, name: str) -> None:
        if name not in self.flags:
            self.flags.append(name)

    def final_flags(self) -> list[str]:
        """The flags, once every header the caller needed has been decoded."""
        if self.hdr.fallback:
            self.flag(CHARSET_FALLBACK)
        if self.hdr.broken:
            self.flag(BROKEN_HEADER)
        return list(self.flags)


@dataclass
class _Body:
    plain: list[str] = field(default_factory=list)
    html: list[str] = field(default_factory=list)
    attachments: list[InboundAttachment] = field(default_factory=list)


def read(raw: bytes) -> Mail:
    if not raw or not raw.strip():
        raise MalformedDelivery("empty message")
    start = raw.lstrip()[:4096]
    if not _HEADER_LINE.match(start) and _looks_binary(start):
        raise MalformedDelivery("not an email message: binary data where the headers should be")
    msg = email.message_from_bytes(raw, policy=RAW_POLICY)
    mail = Mail(msg=msg, hdr=HeaderText())
    body = _Body()
    _walk(msg, body, mail)
    plain = "\n\n".join(t for t in body.plain if t.strip())
    markup = "\n".join(body.html)
    mail.text = plain if plain.strip() else htmltext.html_to_text(markup)
    mail.html = htmltext.sanitise(markup) if markup.strip() else ""
    mail.attachments = body.attachments
    return mail


def own_parts(msg: Message):
    """The parts of a mail (itself first), without looking inside the mails attached to it."""
    yield msg
    if msg.get_content_type() in ("message/rfc822", "message/global") or not msg.is_multipart():
        return
    children = msg.get_payload()
    for child in children if isinstance(children, list) else []:
        if isinstance(child, Message):
            yield from own_parts(child)


def _looks_binary(data: bytes) -> bool:
    controls = sum(1 for b in data if b < 32 and b not in (9, 10, 13, 27))
    return b"\x00" in data or controls > len(data) // 20


def _walk(part: Message, body: _Body, mail: Mail) -> None:
    if any(isinstance(d, _DAMAGED) for d in part.defects):
        mail.flag(BROKEN_PART)
    ctype = part.get_content_type()
    if part.is_multipart():
        children = part.get_payload()
        if ctype == "message/rfc822" or not isinstance(children, list):
            _attach(part, body, mail)
        elif ctype == "multipart/alternative":
            _walk_alternative(children, body, mail)
        else:
            for child in children:
                _walk(child, body, mail)
        return
    if part.get_content_maintype() == "multipart":  # no boundary or no parts: nothing readable in it
        mail.flag(BROKEN_PART)
        return
    if ctype in _REPORT_PARTS:
        return
    disposition = (part.get_content_disposition() or "").lower()
    if ctype in ("text/plain", "text/html") and disposition != "attachment" and not _filename(part, mail):
        text = _text_of(part, mail)
        if text is not None:
            (body.plain if ctype == "text/plain" else body.html).append(text)
        return
    _attach(part, body, mail)


def _walk_alternative(children: list[Message], body: _Body, mail: Mail) -> None:
    """Versions of the same content: the first plain text, the richest (last) HTML, all attachments."""
    versions = []
    for child in children:
        sub = _Body()
        _walk(child, sub, mail)
        versions.append(sub)
        body.attachments.extend(sub.attachments)
    body.plain.extend(next((v.plain for v in versions if any(t.strip() for t in v.plain)), []))
    body.html.extend(next((v.html for v in reversed(versions) if any(t.strip() for t in v.html)), []))


def _payload(part: Message, mail: Mail) -> bytes | None:
    try:
        data = part.get_payload(decode=True)
    except Exception:  # a payload the email package cannot decode at all
        mail.flag(BROKEN_PART)
        return None
    if any(isinstance(d, _UNREADABLE) for d in part.defects):
        mail.flag(BROKEN_PART)
        return None
    if any(isinstance(d, _DAMAGED) for d in part.defects):
        mail.flag(BROKEN_PART)
    return data if isinstance(data, bytes) else b""


def _text_of(part: Message, mail: Mail) -> str | None:
    data = _payload(part, mail)
    if data is None:
        return None
    text, fallback = charsets.decode(data, part.get_content_charset())
    if fallback:
        mail.flag(CHARSET_FALLBACK)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if str(part.get_param("format") or "").lower() == "flowed":
        text = _unflow(text, str(part.get_param("delsp") or "").lower() == "yes")
    return text


def _unflow(text: str, delsp: bool) -> str:
    """RFC 3676 format=flowed: join soft-broken lines (those ending in a space)."""
    out, pending = [], ""
    for line in text.split("\n"):
        if line.startswith(" "):
            line = line[1:]  # space-stuffing
        if line.endswith(" ") and line != "-- ":
            pending += line[:-1] if delsp else line
            continue
        out.append(pending + line)
        pending = ""
    if pending:
        out.append(pending)
    return "\n".join(out)


def _filename(part: Message, mail: Mail) -> str:
    for header, param in (("content-disposition", "filename"), ("content-type", "name")):
        value = part.get_param(param, header=header)
        if value is None:
            continue
        if isinstance(value, tuple):  # RFC 2231: (charset, language, percent-decoded latin-1 text)
            label, _, text = value
            decoded, fallback = charsets.decode(text.encode("latin-1", "replace"), label or "utf-8")
            mail.hdr.fallback |= fallback
        else:
            decoded = mail.hdr.decode(email.utils.unquote(value))
        decoded = decoded.replace("/", "_").replace("\\", "_").strip()
        if decoded:
            return decoded
    return ""


def _attach(part: Message, body: _Body, mail: Mail) -> None:
    ctype = part.get_content_type()
    if ctype == "message/rfc822":
        inner = part.get_payload()
        try:
            data = inner[0].as_bytes() if isinstance(inner, list) and inner else b""
        except Exception:  # an embedded mail too broken to write back out
            mail.flag(BROKEN_PART)
            return
    else:
        data = _payload(part, mail)
        if data is None:
            return
    disposition = (part.get_content_disposition() or "").lower()
    content_id = " ".join(str(part.get("Content-ID") or "").split()).strip("<>")
    inline = disposition == "inline" or (bool(content_id) and disposition != "attachment")
    name = _filename(part, mail)
    if not name:
        ext = ".eml" if ctype == "message/rfc822" else (mimetypes.guess_extension(ctype) or ".bin")
        name = f"{'inline' if inline else 'attachment'}-{len(body.attachments) + 1}{ext}"
    body.attachments.append(InboundAttachment(filename=name, content_type=ctype, data=data, content_id=content_id, is_inline=inline))
