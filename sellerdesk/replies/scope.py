"""Which stores a template is for: the stores (channel accounts) it is limited to, or every store
when it names none (docs/templates.md, "Stores and brands")."""

from __future__ import annotations

from django.db.models import Q

from sellerdesk.replies.models import ReplyTemplate

_Link = ReplyTemplate.stores.through


def for_store(account_id: int) -> Q:
    """Templates an agent may use in a conversation of this store: its own and the unlimited ones."""
    limited = _Link.objects.values("replytemplate_id")
    mine = _Link.objects.filter(channelaccount_id=account_id).values("replytemplate_id")
    return Q(pk__in=mine) | ~Q(pk__in=limited)


def limited_to(account_id: int) -> set[int]:
    """Ids of the templates limited to (among others) this store."""
    return set(_Link.objects.filter(channelaccount_id=account_id).values_list("replytemplate_id", flat=True))


def applies(template: ReplyTemplate, account_id: int) -> bool:
    stores = {s.pk for s in template.stores.all()}
    return not stores or account_id in stores
