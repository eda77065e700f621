"""A generated corpus of odd but real-shaped mail: what mailboxes really hold besides tidy messages.

Every mail is built here from its parts (nothing copied): bad and unknown charsets, missing,
duplicated and broken headers, 8-bit bytes in headers, broken RFC 2047 words, nested multiparts
and forwarded messages, HTML only, attachments only, TNEF, calendar invites, delivery status
notifications with a null sender, auto-replies, huge lines, CRLF / LF / CR line ends, truncated
MIME, binary garbage, an empty file, non-UTF-8 file names, S/MIME, and Chinese and Japanese in
their own encodings. Each shape is made in several variants (line ends, with and without a
Message-ID) and says what `sellerdesk inbound email` must make of it: the delivery's status and,
for the mail that is not a buyer's message, the start of the reason.

    .venv/bin/python -m tests.channels.oddmail DIR     # writes the corpus as DIR/<name>.eml
"""

from __future__ import annotations

import base64
import sys
from dataclasses import dataclass
from pathlib import Path

SHOP = "support@shop.example"
DATE = "Thu, 05 Nov 2026 09:12:44 +0800"


@dataclass
class OddMail:
    name: str
    content: bytes
    status: str  # processed | ignored | failed
    reason: str = ""  # the stored reason (ignored / failed); "" for processed
    shows: str = ""  # for a processed mail whose point is decoding: what the buyer's message text must contain


def b64(data: bytes, width: int = 76) -> bytes:
    text = base64.b64encode(data)
    return b"\n".join(text[i:i + width] for i in range(0, len(text), width))


def head(n: int, *, subject: bytes = b"Where is my order?", sender: bytes = b"Buyer <buyer@example.net>",
         mid: bool = True, date: bytes = DATE.encode(), extra: bytes = b"") -> bytes:
    lines = [b"From: " + sender] if sender is not None else []
    lines += [b"To: " + SHOP.encode(), b"Subject: " + subject]
    if date is not None:
        lines.append(b"Date: " + date)
    if mid:
        lines.append(b"Message-ID: <odd-%d@mail.example.net>" % n)
    lines.append(b"MIME-Version: 1.0")
    return b"\n".join(lines) + b"\n" + extra


def text(n: int, body: str = "Hello, my parcel has not arrived yet. Order 1001.", charset: str = "utf-8", **kw) -> bytes:
    encoded = f"{body}\n(ref {n})\n".encode(charset)
    return head(n, **kw) + f"Content-Type: text/plain; charset={charset}\nContent-Transfer-Encoding: 8bit\n\n".encode() + encoded


def multipart(n: int, parts: list[bytes], subtype: str = "mixed", *, close: bool = True, boundary: str = "", **kw) -> bytes:
    boundary = boundary or f"=_odd_{n}_b"
    out = head(n, **kw) + f'Content-Type: multipart/{subtype}; boundary="{boundary}"\n\nThis is a multi-part message in MIME format.\n'.encode()
    for part in parts:
        out += f"--{boundary}\n".encode() + part + b"\n"
    if close:
        out += f"--{boundary}--\n".encode()
    return out


def part(content_type: str, body: bytes, *, cte: str = "8bit", extra: str = "") -> bytes:
    return f"Content-Type: {content_type}\nContent-Transfer-Encoding: {cte}\n{extra}\n".encode() + body


def plain_part(n: int, words: str = "Please see the attached photo of the broken item.") -> bytes:
    return part("text/plain; charset=utf-8", f"{words} (ref {n})\n".encode())


def pdf() -> bytes:
    return b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


# --- the shapes ---------------------------------------------------------------------------------
# Each: (name, build(n) -> bytes, status, reason).

def _unknown_charset(n):
    return text(n, charset="utf-8").replace(b"charset=utf-8", b"charset=x-unknown-8bit")


def _empty_charset(n):
    return text(n).replace(b"charset=utf-8", b'charset=""')


def _utf7_charset(n):
    return head(n) + b"Content-Type: text/plain; charset=unicode-1-1-utf-7\n\nHello +AOk-t+AOk- order 1001 (ref %d)\n" % n


def _latin1_label_utf8_bytes(n):
    return text(n, "Grüße, wo bleibt meine Bestellung? Größe M.").replace(b"charset=utf-8", b"charset=iso-8859-1")


def _windows1252(n):
    return text(n, "“Smart quotes” and a € sign — where is my order?", charset="cp1252").replace(b"charset=cp1252", b"charset=windows-1252")


def _no_from(n):
    return text(n, sender=None)


def _no_date(n):
    return text(n, date=None)


def _bad_date(n):
    return text(n, date=b"yesterday at noon")


def _far_date(n):
    return text(n, date=b"Mon, 31 Dec 99999 25:61:00 +9999")


def _no_message_id(n):
    return text(n, mid=False, subject=b"No id here %d" % n)


def _duplicate_headers(n):
    mail = text(n)
    return mail.replace(b"Subject: Where is my order?\n",
                        b"Subject: Where is my order?\nSubject: Second subject line\nFrom: Other <other@example.org>\n"
                        b"Message-ID: <dup-second-%d@mail.example.net>\n" % n)


def _broken_header_lines(n):
    mail = text(n)
    return mail.replace(b"MIME-Version: 1.0\n", b"MIME-Version: 1.0\nThis line has no colon at all\n X-Continued: starts with space\n"
                                                b"X-Empty:\n: no name\n")


def _header_with_nul(n):
    return text(n, subject=b"Order\x00 1001 missing")


def _eight_bit_utf8_headers(n):
    return text(n, subject="我的订单到哪了？".encode(), sender="张伟 <zhang.wei@example.cn>".encode())


def _eight_bit_gbk_headers(n):
    return text(n, "订单号 1001 还没到", charset="gbk", subject="我的订单到哪了".encode("gbk"), sender="张伟 <zw@example.cn>".encode("gbk"))


def _rfc2047_bad_base64(n):
    return text(n, subject=b"=?utf-8?B?5oiR55qE!!!not*base64?= order", sender=b"=?utf-8?B?@@@?= <buyer@example.net>")


def _rfc2047_unknown_charset(n):
    return text(n, subject=b"=?x-klingon?Q?Qapla=27?= order", sender=b"=?x-unknown?B?SGVsbG8=?= <buyer@example.net>")


def _rfc2047_unterminated(n):
    return text(n, subject=b"=?utf-8?Q?Where_is_my_order")


def _rfc2047_split_multibyte(n):
    # One character's bytes across two encoded words (not allowed, often seen).
    word = "订单".encode()
    return text(n, subject=b"=?utf-8?B?" + base64.b64encode(word[:2]) + b"?= =?utf-8?B?" + base64.b64encode(word[2:]) + b"?=")


def _rfc2047_wrong_label(n):
    return text(n, subject=b"=?gb2312?B?" + base64.b64encode("订单查询 — 丟失".encode("gb18030")) + b"?=")


def _html_only(n):
    return head(n) + b"Content-Type: text/html; charset=utf-8\n\n<html><body><p>Where is <b>my order</b> 1001?</p><p>ref %d</p></body></html>\n" % n


def _broken_html_only(n):
    return head(n) + b"Content-Type: text/html\n\n<html><body><p>Where is <b>my order<td></table>ref %d<script>alert(1)</script><!-- unclosed\n" % n


def _attachments_only(n):
    return multipart(n, [part("application/pdf; name=invoice.pdf", b64(pdf()), cte="base64",
                              extra="Content-Disposition: attachment; filename=invoice.pdf\n")])


def _attachment_no_name(n):
    return multipart(n, [plain_part(n), part("application/octet-stream", b64(b"\x00\x01binary"), cte="base64")])


def _image_only(n):
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 40
    return multipart(n, [part("image/png", b64(png), cte="base64", extra="Content-Disposition: inline\n")], subject=b"photo")


def _tnef(n):
    tnef = b"\x78\x9f\x3e\x22" + bytes(range(256)) * 3
    return multipart(n, [plain_part(n), part('application/ms-tnef; name="winmail.dat"', b64(tnef), cte="base64",
                                              extra='Content-Disposition: attachment; filename="winmail.dat"\n')])


def _calendar_invite(n):
    ics = (b"BEGIN:VCALENDAR\nMETHOD:REQUEST\nPRODID:-//Example//Calendar//EN\nVERSION:2.0\nBEGIN:VEVENT\n"
           b"UID:call-%d@example.net\nDTSTART:20261110T020000Z\nDTEND:20261110T023000Z\nSUMMARY:Call about order 1001\n"
           b"ORGANIZER:mailto:buyer@example.net\nATTENDEE;RSVP=TRUE:mailto:support@shop.example\nEND:VEVENT\nEND:VCALENDAR\n") % n
    return multipart(n, [part("text/plain; charset=utf-8", b"Can we talk about order 1001? (ref %d)\n" % n),
                         part("text/calendar; method=REQUEST; charset=utf-8", ics)], subtype="alternative",
                     subject=b"Invitation: Call about order 1001")


def _calendar_only(n):
    ics = b"BEGIN:VCALENDAR\nMETHOD:REQUEST\nBEGIN:VEVENT\nUID:only-%d@example.net\nSUMMARY:Return pickup\nEND:VEVENT\nEND:VCALENDAR\n" % n
    return head(n, subject=b"Invitation: Return pickup") + b"Content-Type: text/calendar; method=REQUEST\n\n" + ics


def _dsn(n, *, status=b"5.1.1", action=b"failed"):
    report = (b"Reporting-MTA: dns; mx.example.net\n\nFinal-Recipient: rfc822; nobody@example.org\nAction: " + action +
              b"\nStatus: " + status + b"\nDiagnostic-Code: smtp; 550 5.1.1 user unknown\n")
    original = b"From: support@shop.example\nTo: nobody@example.org\nSubject: Your order\nMessage-ID: <ours-%d@shop.example>\n\nHi\n" % n
    return multipart(n, [plain_part(n, "Delivery to the following recipient failed permanently."),
                         part("message/delivery-status", report), part("message/rfc822", original)],
                     subtype='report; report-type="delivery-status"', sender=b"Mail Delivery System <MAILER-DAEMON@mx.example.net>",
                     subject=b"Undelivered Mail Returned to Sender", extra=b"Return-Path: <>\n")


def _dsn_delayed(n):
    return _dsn(n, status=b"4.4.7", action=b"delayed")


def _dsn_broken_status(n):
    return _dsn(n, status=b"not a status", action=b"")


def _null_sender_no_from(n):
    return text(n, sender=None, extra=b"Return-Path: <>\n", subject=b"Delivery Status Notification (Failure)")


def _auto_replied(n):
    return text(n, "I am out of the office until Monday.", subject=b"Automatic reply: Where is my order?",
                extra=b"Auto-Submitted: auto-replied\n")


def _x_autoreply(n):
    return text(n, "Thanks, we got your mail.", subject=b"Re: your mail", extra=b"X-Autoreply: yes\n")


def _precedence_bulk(n):
    return text(n, "Our weekly newsletter.", subject=b"Weekly deals", extra=b"Precedence: bulk\nList-Unsubscribe: <mailto:u@example.net>\n")


def _ooo_subject(n):
    return text(n, "Ich bin nicht im Büro.", subject="Abwesenheitsnotiz: Where is my order?".encode())


def _huge_line(n):
    return text(n, "Where is my order? " + "x" * 1_000_000)


def _many_lines(n):
    return text(n, "Where is my order?\n" + "line of text\n" * 20000)


def _long_header(n):
    return text(n, subject=b"Order " + b"1001 " * 4000)


def _many_received(n):
    received = b"".join(b"Received: from hop%d.example.net by hop%d.example.net; " % (i, i + 1) + DATE.encode() + b"\n" for i in range(300))
    return received + text(n)


def _truncated_multipart(n):
    return multipart(n, [plain_part(n), part("application/pdf", b64(pdf() * 20)[:150], cte="base64")], close=False)


def _truncated_mid_header(n):
    return text(n, subject=b"Order %d where" % n)[:95]


def _no_boundary_param(n):
    return head(n) + b"Content-Type: multipart/mixed\n\n--x\nContent-Type: text/plain\n\nWhere is my order? (ref %d)\n--x--\n" % n


def _boundary_never_used(n):
    return head(n) + b'Content-Type: multipart/mixed; boundary="nowhere"\n\nWhere is my order? (ref %d)\n' % n


def _bad_base64_body(n):
    return head(n) + b"Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: base64\n\n!!!not base64 at all (ref %d)***\n" % n


def _bad_quoted_printable(n):
    return head(n) + b"Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: quoted-printable\n\nOrder =ZZ 1001 =E4=B8 ref %d=\n" % n


def _unknown_transfer_encoding(n):
    return head(n) + b"Content-Type: text/plain\nContent-Transfer-Encoding: x-uuencode\n\nbegin 644 note.txt\n`\nend\nref %d\n" % n


def _binary_garbage(n):
    return bytes((i * 37 + n) % 256 for i in range(3000))


def _headers_only(n):
    return head(n).rstrip(b"\n") + b"\n"


def _body_only(n):
    return b"Where is my order? I paid a week ago. (ref %d)\n" % n


def _non_utf8_filenames(n):
    return multipart(n, [
        plain_part(n),
        part("application/pdf", b64(pdf()), cte="base64",
             extra="Content-Disposition: attachment; filename*=gb2312''%B7%A2%C6%B1.pdf\n"),
        part("application/pdf", b64(pdf()), cte="base64",
             extra='Content-Disposition: attachment; filename="=?shift_jis?B?' + base64.b64encode("請求書.pdf".encode("shift_jis")).decode() + '?="\n'),
        (b"Content-Type: application/pdf\nContent-Transfer-Encoding: base64\nContent-Disposition: attachment; filename=\""
         + "发票-收据.pdf".encode("gbk") + b"\"\n\n" + b64(pdf())),
        part("application/pdf", b64(pdf()), cte="base64",
             extra="Content-Disposition: attachment; filename*=x-unknown''%FF%FE.pdf\n"),
    ])


def _smime_signed(n):
    signature = b64(b"\x30\x82\x01\x00" + bytes(range(200)))
    return multipart(n, [plain_part(n, "Signed message: where is my order?"),
                         part('application/pkcs7-signature; name="smime.p7s"', signature, cte="base64",
                              extra='Content-Disposition: attachment; filename="smime.p7s"\n')],
                     subtype='signed; protocol="application/pkcs7-signature"; micalg=sha-256')


def _smime_encrypted(n):
    return head(n) + (b'Content-Type: application/pkcs7-mime; smime-type=enveloped-data; name="smime.p7m"\n'
                      b"Content-Transfer-Encoding: base64\nContent-Disposition: attachment; filename=\"smime.p7m\"\n\n") + b64(bytes(range(256)) + b"%d" % n)


def _forwarded(n):
    inner = (b"From: Original Buyer <orig@example.org>\nTo: " + SHOP.encode() + b"\nSubject: Broken item\nDate: " + DATE.encode() +
             b"\nMessage-ID: <inner-%d@example.org>\nContent-Type: multipart/mixed; boundary=\"inner\"\n\n--inner\n"
             b"Content-Type: text/plain\n\nThe item arrived broken.\n--inner\nContent-Type: image/jpeg\nContent-Transfer-Encoding: base64\n\n"
             % n) + b64(b"\xff\xd8\xff\xe0" + b"\x00" * 64) + b"\n--inner--\n"
    return multipart(n, [plain_part(n, "Forwarding the buyer's mail below."), part("message/rfc822", inner)], subject=b"Fwd: Broken item")


def _empty_rfc822(n):
    return multipart(n, [plain_part(n), part("message/rfc822", b"")], subject=b"Fwd: (nothing)")


def _nested_deep(n, depth=40):
    body = plain_part(n, "Deep inside.")
    for level in range(depth):
        body = f'Content-Type: multipart/mixed; boundary="lvl{level}"\n\n--lvl{level}\n'.encode() + body + f"\n--lvl{level}--\n".encode()
    return head(n) + body


def _very_deep(n):
    return _nested_deep(n, depth=300)


def _alternative_empty_text(n):
    return multipart(n, [part("text/plain; charset=utf-8", b""),
                         part("text/html; charset=utf-8", b"<p>Where is my order? ref %d</p>" % n)], subtype="alternative")


def _flowed(n):
    return head(n) + b"Content-Type: text/plain; charset=utf-8; format=flowed; delsp=yes\n\nWhere is my  \norder? It was  \ndue Monday. (ref %d)\n" % n


def _weird_from(n, sender):
    return text(n, sender=sender)


def _cjk(charset: str, words: str, label: str = ""):
    def build(n):
        body = f"{words}\n(ref {n})\n".encode(charset)
        subject = b"=?" + (label or charset).encode() + b"?B?" + base64.b64encode(words[:8].encode(charset)) + b"?="
        return (head(n, subject=subject) +
                f"Content-Type: text/plain; charset={label or charset}\nContent-Transfer-Encoding: 8bit\n\n".encode() + body)
    return build


def _cjk_base64(charset: str, words: str):
    def build(n):
        return head(n) + f"Content-Type: text/plain; charset={charset}\nContent-Transfer-Encoding: base64\n\n".encode() + b64(
            f"{words} (ref {n})".encode(charset))
    return build


ZH = "您好，我的订单 1001 已经一个星期了还没有收到，请帮我查一下物流。"
ZH_TW = "您好，我的訂單 1001 已經一個星期了還沒有收到，請幫我查一下物流。"
JA = "こんにちは。注文番号 1001 の商品がまだ届きません。確認をお願いします。"

SHAPES = [
    ("plain", text, "processed", ""),
    ("unknown_charset", _unknown_charset, "processed", ""),
    ("empty_charset", _empty_charset, "processed", ""),
    ("utf7_charset", _utf7_charset, "processed", ""),
    ("latin1_label_utf8_bytes", _latin1_label_utf8_bytes, "processed", ""),
    ("windows1252", _windows1252, "processed", ""),
    ("no_from", _no_from, "failed", "malformed: no From header, and no Sender, Reply-To or Return-Path to take it from"),
    ("no_date", _no_date, "processed", ""),
    ("bad_date", _bad_date, "processed", ""),
    ("far_date", _far_date, "processed", ""),
    ("no_message_id", _no_message_id, "processed", ""),
    ("duplicate_headers", _duplicate_headers, "processed", ""),
    ("broken_header_lines", _broken_header_lines, "processed", ""),
    ("header_with_nul", _header_with_nul, "processed", ""),
    ("8bit_utf8_headers", _eight_bit_utf8_headers, "processed", ""),
    ("8bit_gbk_headers", _eight_bit_gbk_headers, "processed", ""),
    ("rfc2047_bad_base64", _rfc2047_bad_base64, "processed", ""),
    ("rfc2047_unknown_charset", _rfc2047_unknown_charset, "processed", ""),
    ("rfc2047_unterminated", _rfc2047_unterminated, "processed", ""),
    ("rfc2047_split_multibyte", _rfc2047_split_multibyte, "processed", ""),
    ("rfc2047_wrong_label", _rfc2047_wrong_label, "processed", ""),
    ("html_only", _html_only, "processed", ""),
    ("broken_html_only", _broken_html_only, "processed", ""),
    ("attachments_only", _attachments_only, "processed", ""),
    ("attachment_no_name", _attachment_no_name, "processed", ""),
    ("image_only", _image_only, "processed", ""),
    ("tnef_winmail_dat", _tnef, "processed", ""),
    ("calendar_invite", _calendar_invite, "processed", ""),
    ("calendar_only", _calendar_only, "processed", ""),
    ("dsn_failed", _dsn, "ignored", "bounce: 5.1.1 nobody@example.org — user unknown"),
    ("dsn_delayed", _dsn_delayed, "ignored", "bounce: 4.4.7 nobody@example.org (delayed) — user unknown"),
    ("dsn_broken_status", _dsn_broken_status, "ignored", "bounce: 5.1.1 nobody@example.org — user unknown"),
    ("null_sender_no_from", _null_sender_no_from, "ignored", "bounce: failed"),
    ("auto_replied", _auto_replied, "ignored", "auto-reply: Auto-Submitted: auto-replied"),
    ("x_autoreply", _x_autoreply, "ignored", "auto-reply: X-Autoreply: yes"),
    ("precedence_bulk", _precedence_bulk, "ignored", "auto-reply: Precedence: bulk"),
    ("ooo_subject", _ooo_subject, "ignored", "auto-reply: out-of-office subject 'Abwesenheitsnotiz: Where is my order?'"),
    ("huge_line", _huge_line, "processed", ""),
    ("many_lines", _many_lines, "processed", ""),
    ("long_header", _long_header, "processed", ""),
    ("many_received", _many_received, "processed", ""),
    ("truncated_multipart", _truncated_multipart, "processed", ""),
    ("truncated_mid_header", _truncated_mid_header, "processed", ""),
    ("no_boundary_param", _no_boundary_param, "processed", ""),
    ("boundary_never_used", _boundary_never_used, "processed", ""),
    ("bad_base64_body", _bad_base64_body, "processed", ""),
    ("bad_quoted_printable", _bad_quoted_printable, "processed", ""),
    ("unknown_transfer_encoding", _unknown_transfer_encoding, "processed", ""),
    ("binary_garbage", _binary_garbage, "failed", "malformed: not an email message: binary data where the headers should be"),
    ("headers_only", _headers_only, "processed", ""),
    ("body_only", _body_only, "failed", "malformed: no From header, and no Sender, Reply-To or Return-Path to take it from"),
    ("non_utf8_filenames", _non_utf8_filenames, "processed", ""),
    ("smime_signed", _smime_signed, "processed", ""),
    ("smime_encrypted", _smime_encrypted, "processed", ""),
    ("forwarded_rfc822", _forwarded, "processed", ""),
    ("empty_rfc822", _empty_rfc822, "processed", ""),
    ("nested_40_deep", _nested_deep, "processed", ""),
    ("nested_300_deep", _very_deep, "processed", ""),
    ("alternative_empty_text", _alternative_empty_text, "processed", ""),
    ("format_flowed", _flowed, "processed", ""),
    ("from_group_syntax", lambda n: _weird_from(n, b"undisclosed-recipients:;"), "failed",
     "malformed: From header has no address: 'undisclosed-recipients', and no Sender, Reply-To or Return-Path to take it from"),
    ("from_no_domain", lambda n: _weird_from(n, b"buyer"), "failed",
     "malformed: From header has no address: 'buyer', and no Sender, Reply-To or Return-Path to take it from"),
    ("from_idn_domain", lambda n: _weird_from(n, "Käufer <kaeufer@bücher.example>".encode()), "processed", ""),
    ("from_quoted_commas", lambda n: _weird_from(n, b'"Doe, John (Buyer)" <john.doe@example.net>'), "processed", ""),
    ("from_two_addresses", lambda n: _weird_from(n, b"a@example.net, b@example.net"), "processed", ""),
    ("gb2312", _cjk("gb2312", ZH), "processed", ""),
    ("gbk", _cjk("gbk", ZH), "processed", ""),
    ("gb18030", _cjk("gb18030", ZH), "processed", ""),
    ("gbk_labelled_gb2312", _cjk("gbk", ZH_TW, label="gb2312"), "processed", ""),
    ("big5", _cjk("big5", ZH_TW), "processed", ""),
    ("iso2022jp", _cjk("iso2022_jp", JA, label="iso-2022-jp"), "processed", ""),
    ("shift_jis", _cjk("shift_jis", JA), "processed", ""),
    ("euc_jp", _cjk("euc_jp", JA, label="euc-jp"), "processed", ""),
    ("gb2312_base64", _cjk_base64("gb2312", ZH), "processed", ""),
    ("big5_base64", _cjk_base64("big5", ZH_TW), "processed", ""),
    ("shift_jis_base64", _cjk_base64("shift_jis", JA), "processed", ""),
]

# What the message text must show once decoded (the shapes whose point is a charset or an encoding).
SHOWS = {
    "latin1_label_utf8_bytes": "Grüße, wo bleibt meine Bestellung? Größe M.",
    "windows1252": "“Smart quotes” and a € sign — where is my order?",
    "utf7_charset": "Hello été order 1001",
    "8bit_gbk_headers": "订单号 1001 还没到",
    "gb2312": ZH, "gbk": ZH, "gb18030": ZH, "gbk_labelled_gb2312": ZH_TW, "big5": ZH_TW,
    "iso2022jp": JA, "shift_jis": JA, "euc_jp": JA, "gb2312_base64": ZH, "big5_base64": ZH_TW, "shift_jis_base64": JA,
    "html_only": "Where is my order 1001?",
}

# Variants of every shape: how the lines end, and whether the mail names itself (Message-ID).
LINE_ENDS = {"lf": b"\n", "crlf": b"\r\n"}


def _line_ends(content: bytes, end: bytes) -> bytes:
    return content.replace(b"\n", end) if end != b"\n" else content


def corpus() -> list[OddMail]:
    """Every shape in every variant, plus the files that are hardly mail at all. Names are unique;
    every mail is different from every other (its number is in it), so none is a duplicate."""
    mails: list[OddMail] = []
    n = 0
    for shape, build, status, reason in SHAPES:
        for end_name, end in LINE_ENDS.items():
            for with_id in (True, False):
                n += 1
                content = _line_ends(build(n), end)
                if not with_id:
                    content = content.replace(b"Message-ID: <odd-%d@mail.example.net>" % n, b"X-Was-Message-ID: %d" % n)
                mails.append(OddMail(f"{shape}.{end_name}.{'id' if with_id else 'noid'}", content, status, reason, SHOWS.get(shape, "")))
        n += 1
        mails.append(OddMail(f"{shape}.cr", build(n).replace(b"\n", b"\r"), status, reason, SHOWS.get(shape, "")))
        n += 1
        mixed = build(n).split(b"\n")
        mails.append(OddMail(f"{shape}.mixed", b"".join(line + (b"\r\n" if i % 2 else b"\n") for i, line in enumerate(mixed)),
                             status, reason, SHOWS.get(shape, "")))
    mails.append(OddMail("empty_file", b"", "failed", "malformed: empty message"))
    mails.append(OddMail("one_newline", b"\n", "failed", "malformed: empty message"))
    return mails


def write(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for mail in corpus():
        path = folder / f"{mail.name}.eml"
        path.write_bytes(mail.content)
        paths.append(path)
    return paths


if __name__ == "__main__":
    print(len(write(Path(sys.argv[1]))), "files written")
