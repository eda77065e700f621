"""Mail that no person wrote and nobody should answer: auto-replies, out-of-office, lists, receipts.

Answering these starts mail loops (RFC 3834), so they are stored and ignored.
"""

from __future__ import annotations

import re
from email.message import Message

_PRECEDENCE = {"auto_reply", "bulk", "junk", "list"}
_OUT_OF_OFFICE = re.compile(
    "|".join(
        [
            r"\bout of (?:the )?office\b", r"\bout-of-office\b", r"^\s*(?:automatic|auto)[ -]?(?:reply|response)\b",
            r"^\s*autoreply\b", r"^\s*ooo\b", r"\baway from (?:the |my )?office\b", r"\bon (?:annual )?leave until\b",
            r"\babwesenheitsnotiz\b", r"^\s*automatische antwort\b", r"\bnicht im büro\b", r"\babwesend\b",
            r"^\s*réponse automatique\b", r"\babsen(?:t|te|ce) du bureau\b", r"\bhors du bureau\b",
            r"^\s*respuesta automática\b", r"\bfuera de (?:la )?oficina\b",
            r"^\s*risposta automatica\b", r"\bfuori (?:sede|ufficio)\b",
            r"^\s*automatisch antwoord\b", r"\bafwezig\b",
            r"自动回复", r"自動回覆", r"自动答复", r"休假中", r"不在办公室", r"外出中",
            r"自動応答", r"自動返信", r"不在通知", r"不在のお知らせ", r"自動送信メール",
        ]
    ),
    re.IGNORECASE,
)


def reason(msg: Message, subject: str, *, relay: bool = False) -> str:
    """Why the mail is automated ("" for a person's mail). Header checks are skipped for
    marketplace relays, whose sending system stamps its own headers on buyers' mail."""
    if not relay:
        found = _header_reason(msg)
        if found:
            return f"auto-reply: {found}"
    if _OUT_OF_OFFICE.search(subject or ""):
        return f"auto-reply: out-of-office subject {subject.strip()[:80]!r}"
    return ""


def is_personal_autoreply(msg: Message, subject: str) -> bool:
    """A person's out-of-office or a vacation responder, as opposed to a mail system's report."""
    return bool(_OUT_OF_OFFICE.search(subject or "")) or " ".join(str(msg.get("X-Autoreply") or "").split()).lower() == "yes" \
        or msg.get("X-Autorespond") is not None


def _header_reason(msg: Message) -> str:
    def value(name: str) -> str:
        return " ".join(str(msg.get(name) or "").split())

    submitted = value("Auto-Submitted")
    if submitted and submitted.split(";")[0].strip().lower() != "no":
        return f"Auto-Submitted: {submitted}"
    if value("X-Autoreply").lower() == "yes":
        return "X-Autoreply: yes"
    if msg.get("X-Autorespond") is not None:
        return "X-Autorespond"
    precedence = value("Precedence").lower()
    if precedence in _PRECEDENCE:
        return f"Precedence: {precedence}"
    for name in ("List-Id", "List-Unsubscribe"):
        if msg.get(name) is not None:
            return f"{name} header"
    if msg.get_content_type() == "multipart/report":
        return f"{msg.get_param('report-type') or 'unknown'} report"
    return ""
