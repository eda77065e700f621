"""The FAQ answers the bot may give: `sellerdesk.automation.faq.match(text, lang)` when that module
is installed, no answer otherwise (the bot then hands the chat to a person)."""

from __future__ import annotations

import importlib
import logging

log = logging.getLogger(__name__)


def answer(text: str, language: str) -> str:
    """The FAQ answer for the visitor's text, "" when there is none."""
    try:
        faq = importlib.import_module("sellerdesk.automation.faq")
    except ImportError:
        return ""
    try:
        found = faq.match(text, language)
    except Exception:  # a broken FAQ entry must not stop the chat: a person answers instead
        log.exception("the FAQ lookup failed")
        return ""
    if not found:
        return ""
    if isinstance(found, str):
        return found
    if isinstance(found, dict):
        return str(found.get("answer") or "")
    return str(getattr(found, "answer", "") or "")
