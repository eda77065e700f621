"""The new text of a mail: quoted replies, forwarded headers and signatures cut away.

Our own cut points run first (precise, and covering the Chinese, Japanese and
Outlook forms mail-parser-reply misses); mail-parser-reply then trims what is
left. A cut never leaves nothing: a cut point with no text above it is skipped,
and a mail that is all quote keeps its whole text.
"""

from __future__ import annotations

import re
from functools import lru_cache

from mailparser_reply.parser import EmailMessage

_LANGUAGES = ("en", "de", "fr", "es", "it", "nl", "ja", "zh")
_TWO_LINES = r"[^\n]{0,300}?(?:\n[^\n]{0,300}?)?"
_CUTS = re.compile(
    "|".join(
        [
            # "On Fri, Nov 20, 2026 at 10:00 AM Shop <a@b> wrote:" and its translations (may wrap once)
            rf"^[ \t]*On\s{_TWO_LINES}\swrote:[ \t]*$",
            rf"^[ \t]*Am\s{_TWO_LINES}\sschrieb\b[^\n]{{0,200}}:[ \t]*$",
            rf"^[ \t]*Le\s{_TWO_LINES}\sa écrit[ \t]*:[ \t]*$",
            rf"^[ \t]*El\s{_TWO_LINES}\sescribió[ \t]*:[ \t]*$",
            rf"^[ \t]*Il\s{_TWO_LINES}\sha scritto[ \t]*:[ \t]*$",
            rf"^[ \t]*Op\s{_TWO_LINES}\sschreef\b[^\n]{{0,200}}:[ \t]*$",
            # 在 2026年11月20日 10:00，张三 <a@b> 写道： / 於 … 寫道：
            r"^[ \t]*[在於][^\n]{0,300}?[写寫]道[ \t]*[:：][ \t]*$",
            # 2026年11月20日(金) 10:00 山田 <a@b>: / 2026/11/20 10:00、山田 wrote:
            r"^[ \t]*\d{4}[年/.-]\s?\d{1,2}[月/.-]\s?\d{1,2}日?[^\n]{0,200}?"
            r"(?:<[^<>\n]+@[^<>\n]+>[ \t]*|wrote|書きました|のメッセージ|のメール)[ \t]*[:：][ \t]*$",
            r"^[^\n]{0,200}\d{1,2}:\d{2}[^\n]{0,200}\swrote:[ \t]*$",
            # -----Original Message----- and its translations, QQ's "------ 原始邮件 ------"
            r"^[ \t]*-{2,}[ \t]*(?:Original Message|Ursprüngliche Nachricht|Message d'origine|Mensaje original|"
            r"Messaggio originale|Oorspronkelijk bericht|原始邮件|原始郵件|元のメッセージ|원본 메시지)[ \t]*-{2,}[ \t]*$",
            # Outlook's header block: From: … then Sent:/Date: within three lines
            r"^[ \t]*\*?(?:From|Von|De|Da|Van|Od|Från|发件人|寄件者|差出人|보낸 사람)\*?[ \t]*[:：][^\n]*\n(?:[^\n]*\n){0,2}?"
            r"[ \t]*\*?(?:Sent|Date|Gesendet|Datum|Envoyé|Enviado|Fecha|Inviato|Data|Verzonden|Skickat|"
            r"发送时间|日期|寄件日期|送信日時|日付|보낸 날짜)\*?[ \t]*[:：]",
            r"^[ \t]*(?:发件人|寄件者|差出人)[ \t]*[:：]",
            r"^[ \t]*_{20,}[ \t]*$",
            # the signature delimiter "-- " (many clients drop the trailing space)
            r"^-- ?$",
            r"^[ \t]*(?:Sent from my [^\n]{1,40}|Get Outlook for [^\n]{1,30}|iPhoneから送信|从我的[^\n]{1,20}发送|"
            r"Von meinem [^\n]{1,30} gesendet|Envoyé de mon [^\n]{1,30}|Enviado desde mi [^\n]{1,30}|Inviato da [^\n]{1,30})[ \t]*$",
            # Amazon relay footer
            r"^[^\n]*(?:To mark this message as no response needed|no-response-needed\.html)",
            r"^[ \t]*For Your Information: To help arbitrate disputes",
            r"^[ \t]*\[commMgrTok:[^\]\n]*\][ \t]*$",
        ]
    ),
    re.MULTILINE | re.IGNORECASE,
)
_TRIM_LIMIT = 20_000
_NAME_WORD = re.compile(r"^(?:[A-ZÀ-ÞĀ-ſ]|[^\x00-\u024f])")


def first_cut(text: str) -> int:
    """Where the first cut point with new text above it starts, or len(text)."""
    for match in _CUTS.finditer(text):
        if text[: match.start()].strip():
            return match.start()
    return len(text)


def _without_trailing_quote(text: str) -> str:
    lines = text.rstrip().split("\n")
    while lines and (lines[-1].lstrip().startswith(">") or not lines[-1].strip()):
        lines.pop()
    return "\n".join(lines) if any(l.strip() for l in lines) else text


def _looks_like_signature(signature: str) -> bool:
    """mail-parser-reply cuts at "Thanks," even in "Thanks, the parcel came": accept only closings."""
    first = signature.strip().split("\n", 1)[0].strip()
    if len(first) > 30 or re.search(r"[.?!。？！]\s*$", first):
        return False
    _, comma, after = first.partition(",")
    words = after.split()
    return not comma or (len(words) <= 3 and all(_NAME_WORD.match(w) for w in words))


@lru_cache(maxsize=1)
def _patterns() -> dict:
    """mail-parser-reply's three patterns for our languages, built once: it joins and compiles
    them again for every mail it reads (a third of its time on short replies)."""
    sample = EmailMessage(text="", languages=list(_LANGUAGES), keep_hyphen_lists=True)
    return {
        "_header_regex": sample.HEADER_REGEX,
        "_disclaimers_regex": sample.DISCLAIMERS_REGEX,
        "_signature_regex": sample.SIGNATURE_REGEX,
    }


def _trim(text: str) -> str:
    if len(text) > _TRIM_LIMIT:  # mail-parser-reply's patterns get slow on huge texts; real replies are short
        return text
    message = EmailMessage(text=text, languages=list(_LANGUAGES), keep_hyphen_lists=True, **_patterns()).read()
    if not message.replies:
        return text
    reply = message.replies[0]
    body = reply.body if _looks_like_signature(reply.signatures or "") else reply.full_body
    return body if body.strip() else reply.full_body


def new_text(full: str) -> str:
    """The part of a mail body its sender just wrote."""
    full = full.replace("\r\n", "\n").strip()
    first = _CUTS.search(full)
    if first and not full[: first.start()].strip():
        return full  # nothing above the first quote: a bare forward, all of it is what they sent us
    head = _without_trailing_quote(full[: first_cut(full)])
    trimmed = _trim(head).strip()
    return trimmed or head.strip() or full
