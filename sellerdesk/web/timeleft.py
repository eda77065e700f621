"""Time left until a deadline as words ("3 h 12 min left" / "overdue 2 h").

desk.js repeats this between page loads using the same patterns (PATTERNS,
rendered into the page), so both sides always say the same thing.
"""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

from sellerdesk.conversations.queries import time_left_state

__all__ = ["patterns", "time_left_state", "time_left_text"]


def patterns() -> dict[str, str]:
    return {
        "left_d": _("%(d)s d %(h)s h left"),
        "left_h": _("%(h)s h %(m)s min left"),
        "left_m": _("%(m)s min left"),
        "over_d": _("overdue %(d)s d %(h)s h"),
        "over_h": _("overdue %(h)s h"),
        "over_m": _("overdue %(m)s min"),
    }


def time_left_text(deadline: dt.datetime | None, now: dt.datetime, texts: dict[str, str] | None = None) -> str:
    """`texts`: the page's `patterns()`, when it writes many rows."""
    if deadline is None:
        return ""
    seconds = int((deadline - now).total_seconds())
    prefix = "left" if seconds >= 0 else "over"
    minutes = abs(seconds) // 60
    d, h, m = minutes // 1440, minutes // 60 % 24, minutes % 60
    p = texts or patterns()
    if d:
        return p[f"{prefix}_d"] % {"d": d, "h": h}
    if minutes >= 60:
        return p[f"{prefix}_h"] % {"h": h, "m": m}
    return p[f"{prefix}_m"] % {"m": m}
