"""/api/v1/templates: the template library, and a template filled for a conversation (read-only)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from ninja import Field, Path, Query, Router, Schema

from sellerdesk.api.errors import NotFound
from sellerdesk.api.schemas import MAX_ID, Error
from sellerdesk.conversations.models import Conversation
from sellerdesk.lib import clock
from sellerdesk.replies import queries, scope
from sellerdesk.replies.models import ReplyTemplate
from sellerdesk.replies.templating.render import markers, render
from sellerdesk.replies.templating.suggest import suggest
from sellerdesk.replies.templating.variables import values_for

router = Router(tags=["templates"])
Id = Annotated[int, Field(ge=1, le=MAX_ID)]


class TemplateOut(Schema):
    id: int
    key: str
    language: str
    channel: str = Field(description='platform tone; "" = any channel')
    category: str
    title: str
    body: str
    intents: list[str]
    tags: list[str]
    stores: list[int] = Field(description="channel account ids the template is limited to; [] = every store")
    is_active: bool
    usage_count: int
    last_used_at: dt.datetime | None
    last_reviewed_at: dt.datetime | None
    due_for_review: bool


class TemplateQuery(Schema):
    q: str = Field("", max_length=200, description="words that must all appear (title, text, tags, key)")
    language: str = Field("", max_length=10)
    category: str = Field("", max_length=20)
    tag: str = Field("", max_length=60)
    due: bool = Field(False, description="only templates due for their quarterly review")
    store: Id | None = Field(None, description="only templates usable in this store's (channel account's) conversations: its own and those for every store")
    conversation: Id | None = Field(None, description="suggestions for this conversation instead, best first")


class RenderQuery(Schema):
    conversation: Id


class RenderedOut(Schema):
    text: str
    missing: list[str] = Field(description="values not known: left as [[name]] in text; a send is refused until filled")
    error: str


def _out(t: ReplyTemplate, now: dt.datetime) -> dict:
    return {**{f: getattr(t, f) for f in ("id", "key", "language", "channel", "category", "title", "body", "intents", "tags",
                                           "is_active", "usage_count", "last_used_at", "last_reviewed_at")},
            "stores": sorted(s.pk for s in t.stores.all()), "due_for_review": queries.is_due(t, now)}


def _conversation(pk: int) -> Conversation:
    conv = Conversation.objects.select_related("customer", "order", "account").filter(pk=pk).first()
    if conv is None:
        raise NotFound(f"Conversation {pk} not found.")
    return conv


@router.get("", response={200: list[TemplateOut], 401: Error, 404: Error, 422: Error})
def list_templates(request, filters: Query[TemplateQuery]):
    now = clock.now()
    if filters.conversation is not None:
        rows = [s.template for s in suggest(_conversation(filters.conversation), query=filters.q)]
    else:
        rows = queries.templates(now, query=filters.q, category=filters.category, language=filters.language, tag=filters.tag,
                                 due=filters.due, store=filters.store)
    return [_out(t, now) for t in rows]


@router.get("/{template_id}/render", response={200: RenderedOut, 401: Error, 404: Error, 422: Error})
def render_template(request, template_id: Path[Id], params: Query[RenderQuery]):
    """The template filled for a conversation, as the reply box would get it (does not count as a use)."""
    template = ReplyTemplate.objects.filter(pk=template_id).first()
    if template is None:
        raise NotFound(f"Template {template_id} not found.")
    conv = _conversation(params.conversation)
    if not scope.applies(template, conv.account_id):
        raise NotFound(f"Template {template_id} is for other stores than conversation {conv.pk}'s.")
    result = render(template.body, values_for(conv, request.user, template.language))
    missing = list(result.missing) + [m for m in markers(result.text) if m not in result.missing]
    return {"text": result.text, "missing": missing, "error": result.error}
