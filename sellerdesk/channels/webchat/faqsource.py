"""The FAQ answers the bot may give: `sellerdesk.automation.faq.match(text, lang)` (the seller's FAQ
list, docs/automation.md) when that module is there, no answer otherwise (the bot then hands the
chat to a person). Its "reply HUMAN" words are recognised too."""

from __future__ import annotations

import importlib
import logging

log = logging.getLogger(__name__)


def _module():
    try:
        return importlib.import_module("sellerdesk.automation.faq")
    except ImportError:
        return None
    except Exception:  # installed but not loadable (not configured): as if absent, and said so
        log.exception("the FAQ module cannot be loaded; the chat bot answers from tracking only")
        return None


def answer(text: str, language: str) -> str:
    """The FAQ answer for the visitor's text in their language, "" when there is none."""
    faq = _module()
    if faq is None:
        return ""
    try:
        found = faq.match(text, language)
    except Exception:  # a broken FAQ entry must not stop the chat: a person answers
        log.exception("the FAQ lookup failed")
        return ""
    if not found:
        return ""
    if isinstance(found, str):
        return found
    return str(getattr(found, "answer", "") or "")


def asks_for_human(text: str) -> bool:
    faq = _module()
    return bool(faq is not None and hasattr(faq, "asks_for_human") and faq.asks_for_human(text))
