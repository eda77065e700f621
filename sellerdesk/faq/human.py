"""The line every automatic answer ends with: how to reach a person, in the buyer's language.

A buyer who replies with the word HUMAN (any case) is asking for a person (`asks_for_human`).
"""

from __future__ import annotations

import re

HUMAN_LINE = {
    "en": "This is an automatic answer. Reply HUMAN to reach a person.",
    "de": "Dies ist eine automatische Antwort. Antworten Sie mit HUMAN, um eine Person zu erreichen.",
    "fr": "Ceci est une réponse automatique. Répondez HUMAN pour joindre une personne.",
    "es": "Esta es una respuesta automática. Responda HUMAN para hablar con una persona.",
    "it": "Questa è una risposta automatica. Risponda HUMAN per parlare con una persona.",
    "ja": "こちらは自動応答です。担当者をご希望の場合は「HUMAN」とご返信ください。",
    "zh": "这是自动回复。如需人工客服，请回复 HUMAN。",
    "pt": "Esta é uma resposta automática. Responda HUMAN para falar com uma pessoa.",
    "nl": "Dit is een automatisch antwoord. Antwoord HUMAN om een medewerker te bereiken.",
    "pl": "To jest automatyczna odpowiedź. Odpowiedz HUMAN, aby skontaktować się z człowiekiem.",
    "ko": "자동 응답입니다. 상담원과 연결하려면 HUMAN이라고 답장해 주세요.",
}

_HUMAN = re.compile(r"(?<![A-Za-z])HUMAN(?![A-Za-z])", re.I)


def line(lang: str) -> str | None:
    """The line in this language, or None: then nothing automatic may be sent in it."""
    return HUMAN_LINE.get((lang or "").split("-")[0].lower())


def with_line(text: str, lang: str) -> str | None:
    tail = line(lang)
    return f"{text.rstrip()}\n\n{tail}" if tail else None


def asks_for_human(text: str) -> bool:
    """A short reply naming HUMAN (not a long message that happens to contain the word)."""
    stripped = (text or "").strip()
    return len(stripped) <= 40 and bool(_HUMAN.search(stripped))
