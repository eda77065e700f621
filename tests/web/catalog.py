"""The translatable strings of the web UI, found the way makemessages would (without GNU gettext)."""

from __future__ import annotations

import io
from pathlib import Path

from babel.messages.extract import extract
from django.utils.translation.template import templatize

import sellerdesk

ROOT = Path(sellerdesk.__file__).parent
WEB = ROOT / "web"
REPLIES = ROOT / "replies"  # its pages (templates, approvals, compliance rules) are part of the UI
ROUTING = ROOT / "routing"  # the supervisor pages (queue health, metrics)
CHANNELS = ROOT / "channels"  # each channel's set-up page (forms, templates) and the shared one
TRACKING = ROOT / "tracking"  # the tracking timeline beside a conversation, the tracking page
FAQ = ROOT / "faq"  # the FAQ page
AUTOMATION = ROOT / "automation"  # the Automations page, its conditions, actions and events
# The manager's pages: alerts, SLA settings and breach log, analytics, CSAT, presence and bulk actions.
MANAGER = [ROOT / "alerts", ROOT / "sla", ROOT / "analytics", ROOT / "csat", ROOT / "collision"]
PO_PATH = ROOT / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
KEYWORDS = {"_": None, "gettext": None, "gettext_lazy": None, "gettext_noop": None, "ngettext": (1, 2), "ngettext_lazy": (1, 2),
            "pgettext": ((1, "c"), 2), "pgettext_lazy": ((1, "c"), 2)}


def _python_messages(code: str) -> set:
    found = set()
    for _lineno, message, _comments, _context in extract("python", io.BytesIO(code.encode()), keywords=KEYWORDS):
        found.add(message if isinstance(message, str) else tuple(message))
    return found


def ui_messages() -> set:
    """Every msgid (a str, or a (singular, plural) tuple) in web/ templates and Python files."""
    found = set()
    for path in sorted([*WEB.rglob("*.html"), *REPLIES.rglob("*.html"), *ROUTING.rglob("*.html"), *TRACKING.rglob("*.html"), *FAQ.rglob("*.html"), *CHANNELS.rglob("*.html"), *AUTOMATION.rglob("*.html"), *(p for d in MANAGER for p in d.rglob("*.html"))]):
        # templatize() keeps the template's layout; its gettext() calls are one-line reprs, so dedenting is safe.
        code = "\n".join(line.lstrip() for line in templatize(path.read_text(), origin=str(path)).splitlines())
        found |= _python_messages(code)
    for path in sorted([*WEB.rglob("*.py"), *REPLIES.rglob("*.py"), *ROUTING.rglob("*.py"), *TRACKING.rglob("*.py"), *FAQ.rglob("*.py"), *CHANNELS.rglob("*.py"), *AUTOMATION.rglob("*.py"), *(p for d in MANAGER for p in d.rglob("*.py"))]):
        found |= _python_messages(path.read_text())
    return found
