"""A buyer chasing a problem: the `buyer_chasing` condition.

"Where is my order?" from a buyer who says the parcel is late, stuck or still not here, that it
has been two weeks, or who writes for the second time is not a status question: they already saw
the status and it is the problem. A canned status answer would tell them what they know; a person
answers, with the tracking shown (the recipes' fallback note). Triage may still read such a
message as a calm order question, so the words are looked for here, as data (chasing.json, every
language on every message, a desk's own additions in DATA_DIR/automation/chasing.json), and an
earlier buyer message in the same conversation within FOLLOW_UP_DAYS counts as writing again.
"""

from __future__ import annotations

import datetime as dt
import json
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from sellerdesk.automation.registry import Param, condition

SHIPPED = Path(__file__).resolve().parent / "chasing.json"
FOLLOW_UP_DAYS = 14
KINDS = ("late", "waited", "again")


def override_path() -> Path:
    return Path(settings.DATA_DIR) / "automation" / "chasing.json"


@lru_cache(maxsize=1)
def _matcher():
    from sellerdesk.triage.cues import Matcher, _merge

    data = json.loads(SHIPPED.read_text(encoding="utf-8"))
    extra = override_path()
    if extra.exists():
        data = _merge(data, json.loads(extra.read_text(encoding="utf-8")))
    return Matcher({kind: [e for phrases in langs.values() for e in phrases] for kind, langs in data["cues"].items()})


def reload() -> None:
    _matcher.cache_clear()


def find(text: str) -> dict[str, str]:
    """{kind: the words that showed it} for the chasing kinds found in `text`."""
    from sellerdesk.triage.cues import _words

    found: dict[str, str] = {}
    for kind, matched, _pos in _matcher().scan(text, _words(text)):
        found.setdefault(kind, matched)
    return {kind: found[kind] for kind in KINDS if kind in found}


def wrote_before(ctx) -> bool:
    """The buyer wrote in this conversation before the message of this event, within FOLLOW_UP_DAYS."""
    if "follow_up" in ctx.given:
        return bool(ctx.given["follow_up"])
    if ctx.conversation is None:
        return False
    from sellerdesk.conversations.models import Message

    earlier = Message.objects.filter(conversation=ctx.conversation, direction=Message.Direction.INBOUND,
                                     created_at__gte=ctx.now - dt.timedelta(days=FOLLOW_UP_DAYS))
    current = ctx.data.get("message_id")
    if isinstance(current, int):
        earlier = earlier.filter(pk__lt=current)
    else:
        earlier = earlier.exclude(pk=earlier.order_by("-id").values("pk")[:1])  # all but the latest
    return earlier.exists()


@condition("buyer_chasing", label=_("The buyer is chasing a problem (late, waited N days, writes again)"), params={
    "kinds": Param("list", choices=KINDS, help="empty: any (late, waited, again)"),
})
def buyer_chasing(ctx, kinds=None):
    wanted = set(kinds) if kinds else set(KINDS)
    if set(find(ctx.full_text)) & wanted:
        return True
    return "again" in wanted and wrote_before(ctx)
