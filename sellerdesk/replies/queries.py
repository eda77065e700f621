"""Reads of the template library: filtered lists and the quarterly review list."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q

from sellerdesk.replies import scope
from sellerdesk.replies.models import Approval, ReplyTemplate
from sellerdesk.replies.templating.suggest import matches

REVIEW_EVERY = dt.timedelta(days=91)  # quarterly


def review_due_q(now: dt.datetime) -> Q:
    # Never reviewed: due a quarter after it was added (a fresh install's library is not overdue).
    return Q(last_reviewed_at__isnull=True, created_at__lt=now - REVIEW_EVERY) | Q(last_reviewed_at__lt=now - REVIEW_EVERY)


def is_due(t: ReplyTemplate, now: dt.datetime) -> bool:
    return (t.last_reviewed_at or t.created_at) < now - REVIEW_EVERY


def templates(now: dt.datetime, *, query: str = "", category: str = "", language: str = "", tag: str = "", due: bool = False,
              store: int | None = None) -> list[ReplyTemplate]:
    """The library, filtered; `store`: only templates that may be used in that store's conversations."""
    rows = ReplyTemplate.objects.prefetch_related("stores")
    if store is not None:
        rows = rows.filter(scope.for_store(store))
    if category:
        rows = rows.filter(category=category)
    if language:
        rows = rows.filter(language=language)
    if due:
        rows = rows.filter(review_due_q(now), is_active=True)
    tag = tag.casefold()
    return [t for t in rows if matches(t, query) and (not tag or tag in (x.casefold() for x in t.tags or []))]


def all_tags() -> list[str]:
    tags: set[str] = set()
    for row in ReplyTemplate.objects.values_list("tags", flat=True):
        tags.update(row or [])
    return sorted(tags, key=str.casefold)


def pending_approvals():
    return Approval.objects.filter(status=Approval.Status.PENDING).select_related("conversation", "conversation__customer", "requested_by").order_by("requested_at", "id")
