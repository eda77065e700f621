"""Writing real-shaped mail bytes by hand: encoded words, base64 / quoted-printable bodies, MIME parts.

Used by build_fixtures.py and build_demo_mail.py (which wrote the committed .eml files)
and by tests that need many small variants of one mail.
"""

from __future__ import annotations

import base64
import binascii

CRLF = b"\r\n"


def ew(text: str, charset: str = "utf-8", encoding: str = "B") -> str:
    """An RFC 2047 encoded word, split into several words (at character boundaries) when long."""
    words, chunk = [], ""
    for char in text:
        if len((chunk + char).encode(charset, "strict")) > 36 and chunk:
            words.append(chunk)
            chunk = ""
        chunk += char
    words.append(chunk)
    out = []
    for word in words:
        data = word.encode(charset)
        if encoding == "B":
            out.append(f"=?{charset.upper()}?B?{base64.b64encode(data).decode()}?=")
        else:
            qp = "".join(
                chr(b) if (48 <= b <= 57 or 65 <= b <= 90 or 97 <= b <= 122) else "_" if b == 32 else f"={b:02X}" for b in data
            )
            out.append(f"=?{charset}?Q?{qp}?=")
    return "\r\n ".join(out)


def b64(data: bytes) -> bytes:
    text = base64.b64encode(data)
    return CRLF.join(text[i : i + 76] for i in range(0, len(text), 76)) + CRLF


def qp(text: str, charset: str = "utf-8") -> bytes:
    """Quoted-printable the way mail clients write it: CRLF lines, soft breaks before 76 columns."""
    lines = [binascii.b2a_qp(line.encode(charset), quotetabs=False, istext=True).replace(b"\n", CRLF) for line in text.split("\n")]
    return CRLF.join(lines) + CRLF


def crlf(text: str, charset: str = "utf-8") -> bytes:
    return text.replace("\r\n", "\n").replace("\n", "\r\n").encode(charset)


def headers(pairs: list[tuple[str, str]]) -> bytes:
    return b"".join(f"{name}: {value}".encode("utf-8") + CRLF for name, value in pairs)


def part(pairs: list[tuple[str, str]], body: bytes) -> bytes:
    return headers(pairs) + CRLF + body


def multipart(boundary: str, parts: list[bytes], preamble: str = "This is a multi-part message in MIME format.") -> bytes:
    out = crlf(preamble + "\n") + CRLF if preamble else b""
    for p in parts:
        out += f"--{boundary}".encode() + CRLF + p
        if not p.endswith(CRLF):
            out += CRLF
    return out + f"--{boundary}--".encode() + CRLF


def text_part(text: str, charset: str = "utf-8", cte: str = "quoted-printable", subtype: str = "plain", extra: str = "") -> bytes:
    body = {"quoted-printable": lambda: qp(text, charset), "base64": lambda: b64(crlf(text, charset)),
            "8bit": lambda: crlf(text, charset), "7bit": lambda: crlf(text, charset)}[cte]()
    return part([("Content-Type", f'text/{subtype}; charset="{charset}"{extra}'), ("Content-Transfer-Encoding", cte)], body)


# --- Amazon shapes (see sellerdesk/channels/email/amazon.py and notifications.py for the assumptions) ---


def amazon_body(message: str, order: str, item: str, token: str, site: str = "amazon.com", begin: str = "Begin message", end: str = "End message") -> str:
    order_line = f"Order ID: {order}\nItem: {item}\n\n" if order else f"Item: {item}\n\n"
    return (
        f"------------- {begin} -------------\n\n{message}\n\n------------- {end} -------------\n\n"
        f"For Your Information: To help arbitrate disputes and preserve trust and safety, we retain all messages buyers and sellers "
        f"send through {site.capitalize()} for two years. This includes your response to the message below. Amazon uses filtering "
        f"technology to protect buyers and sellers from possible fraud. Messages that fail this filtering will not be transmitted.\n\n"
        f"{order_line}"
        f"To mark this message as no response needed, click here: https://sellercentral.{site}/gp/communication-manager/no-response-needed.html?msg={token}\n\n"
        f"Was this email helpful?\n\nCopyright 2026 Amazon.com, Inc. or its affiliates. All rights reserved.\n\n[commMgrTok:{token}]\n"
    )


def amazon_head(name: str, alias: str, subject: str, date: str, mid: str, to: str = "support@shop.example") -> list[tuple[str, str]]:
    return [
        ("Return-Path", "<0100019a4b2c3d4e-relay@amazonses.com>"),
        ("Authentication-Results", f"mx.shop.example; spf=pass smtp.mailfrom=amazonses.com; dkim=pass header.d={alias.split('@')[1]}"),
        ("From", f'"{name}" <{alias}>' if name else alias),
        ("To", to),
        ("Subject", subject),
        ("Date", date),
        ("Message-ID", mid),
        ("MIME-Version", "1.0"),
    ]


def sc_head(sender: str, subject: str, date: str, mid: str, to: str = "support@shop.example") -> list[tuple[str, str]]:
    return [
        ("From", sender), ("To", to), ("Subject", subject), ("Date", date), ("Message-ID", mid),
        ("Precedence", "bulk"), ("Auto-Submitted", "auto-generated"), ("MIME-Version", "1.0"),
        ("Content-Type", "text/plain; charset=UTF-8"), ("Content-Transfer-Encoding", "quoted-printable"),
    ]
