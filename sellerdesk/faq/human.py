"""How to reach a person: the automation's own line and words (automation/texts.py), so an FAQ
answer ends exactly like every other automated message and a buyer's reply is recognised the same way.
"""

from __future__ import annotations

from sellerdesk.automation import texts


def line(lang: str) -> str | None:
    """The line in this language, or None: then nothing automatic may be sent in it."""
    base = (lang or "").lower().replace("_", "-").split("-")[0]
    return texts.HUMAN_LINE.get(base)


def with_line(text: str, lang: str) -> str | None:
    return texts.with_human_line(text, lang) if line(lang) else None


def asks_for_human(text: str) -> bool:
    return texts.asks_for_human(text)
