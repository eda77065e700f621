"""One action on many conversations: each one through its own action (its own event), so a
bulk change reads in every conversation's history like the single one it is."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from sellerdesk.conversations import actions
from sellerdesk.conversations.models import Conversation
from sellerdesk.lib import clock

MAX = 200  # conversations per submission


@dataclass
class Macro:
    """A reply template plus changes: the reply is filled for each conversation and sent."""

    template_id: int | None = None
    status: str = ""  # "" | "resolved" | "pending" (sending leaves it pending anyway)
    assignee: object = None  # a user, or None: unchanged


@dataclass
class Outcome:
    done: list[int] = field(default_factory=list)
    skipped: list[tuple[int, str]] = field(default_factory=list)  # (conversation id, why)


def conversations(ids: list[int]) -> list[Conversation]:
    return list(Conversation.objects.filter(pk__in=ids[:MAX]).select_related("customer", "account", "order").order_by("pk"))


def assign(user, ids, assignee) -> Outcome:
    out = Outcome()
    for conv in conversations(ids):
        actions.assign(conv, user, assignee)
        out.done.append(conv.pk)
    return out


def resolve(user, ids) -> Outcome:
    out = Outcome()
    for conv in conversations(ids):
        if conv.status == Conversation.Status.RESOLVED:
            out.skipped.append((conv.pk, _("already resolved")))
            continue
        actions.resolve(conv, user)
        out.done.append(conv.pk)
    return out


def snooze(user, ids, hours: float) -> Outcome:
    out = Outcome()
    until = clock.now() + dt.timedelta(hours=hours)
    for conv in conversations(ids):
        actions.snooze(conv, user, until)
        out.done.append(conv.pk)
    return out


def apply_macro(user, ids, macro: Macro) -> Outcome:
    from sellerdesk.replies.models import ReplyTemplate
    from sellerdesk.replies.templating.render import render
    from sellerdesk.replies.templating.variables import values_for

    template = ReplyTemplate.objects.filter(pk=macro.template_id, is_active=True).first() if macro.template_id else None
    out = Outcome()
    for conv in conversations(ids):
        if template is not None:
            filled = render(template.body, values_for(conv, user, template.language))
            if filled.error or filled.missing:
                why = filled.error or _("the template needs %(names)s for this conversation") % {"names": ", ".join(filled.missing)}
                out.skipped.append((conv.pk, why))
                continue
            try:
                actions.send_reply(conv, user, filled.text, resolve=macro.status == "resolved")
            except actions.ActionError as exc:
                out.skipped.append((conv.pk, str(exc)))
                continue
        elif macro.status == "resolved" and conv.status != Conversation.Status.RESOLVED:
            actions.resolve(conv, user)
        if macro.assignee is not None:
            actions.assign(conv, user, macro.assignee)
        out.done.append(conv.pk)
    return out
