"""/api/v1/faq: the seller's FAQ (list, create, replace, delete) and a text matched against it."""

from __future__ import annotations

from typing import Annotated

from ninja import Field, Query, Router, Schema, Status

from sellerdesk.api.errors import FieldError, Forbidden, NotFound
from sellerdesk.api.schemas import MAX_ID, Error
from sellerdesk.faq import actions, matcher
from sellerdesk.faq.models import FaqEntry

router = Router(tags=["faq"])
Id = Annotated[int, Field(ge=1, le=MAX_ID)]


class TextIn(Schema):
    question: str = Field(max_length=300)
    answer: str = Field(max_length=actions.MAX_TEXT)
    wordings: str = Field("", max_length=4000, description="other ways buyers ask it, one per line")


class EntryIn(Schema):
    topic: str = Field("other", description="returns, shipping, warranty, customs, payment or other")
    is_active: bool = True
    texts: dict[str, TextIn] = Field(description='per language ("en", "zh", "de"...)')


class TextOut(Schema):
    question: str
    answer: str
    wordings: str


class EntryOut(Schema):
    id: int
    topic: str
    is_active: bool
    texts: dict[str, TextOut]


class MatchQuery(Schema):
    text: str = Field(min_length=1, max_length=4000)
    lang: str = Field(min_length=2, max_length=10)


class MatchOut(Schema):
    matched: bool
    entry_id: int | None = None
    topic: str = ""
    question: str = ""
    answer: str = Field("", description='in the buyer\'s language, ending with the "reply HUMAN" line')
    score: float | None = None


def _out(entry: FaqEntry) -> dict:
    return {"id": entry.pk, "topic": entry.topic, "is_active": entry.is_active,
            "texts": {t.language: {"question": t.question, "answer": t.answer, "wordings": t.wordings}
                      for t in entry.texts.order_by("language")}}


def _editor(request) -> None:
    from sellerdesk.web.templatetags.desk import is_supervisor

    if not is_supervisor(request.user):
        raise Forbidden("Only supervisors and admins may edit the FAQ.")


def _save(request, entry, payload: EntryIn) -> dict:
    texts = {lang: actions.Wording(t.question, t.answer, t.wordings) for lang, t in payload.texts.items()}
    try:
        entry = actions.save_entry(entry, topic=payload.topic, is_active=payload.is_active, texts=texts, actor=request.user)
    except actions.FaqError as exc:
        field = "topic" if str(exc).startswith("topic") else "texts"
        raise FieldError(field, str(exc)) from None
    return _out(entry)


@router.get("", response={200: list[EntryOut], 401: Error}, summary="The FAQ entries with their texts per language")
def list_entries(request):
    return [_out(e) for e in FaqEntry.objects.prefetch_related("texts").order_by("pk")[:500]]


@router.post("", response={201: EntryOut, 400: Error, 401: Error, 403: Error, 422: Error}, summary="Add an FAQ entry")
def create_entry(request, payload: EntryIn):
    _editor(request)
    return Status(201, _save(request, None, payload))


@router.get("/match", response={200: MatchOut, 401: Error, 422: Error}, summary="The FAQ answer a buyer's text would get")
def match_text(request, q: Query[MatchQuery]):
    found = matcher.match(q.text, q.lang)
    if found is None:
        return {"matched": False}
    return {"matched": True, "entry_id": found.entry_id, "topic": found.topic, "question": found.question,
            "answer": found.answer, "score": found.score}


@router.put("/{entry_id}", response={200: EntryOut, 400: Error, 401: Error, 403: Error, 404: Error, 422: Error}, summary="Replace an FAQ entry")
def replace_entry(request, entry_id: Id, payload: EntryIn):
    _editor(request)
    entry = FaqEntry.objects.filter(pk=entry_id).first()
    if entry is None:
        raise NotFound(f"No FAQ entry {entry_id}.")
    return _save(request, entry, payload)


@router.delete("/{entry_id}", response={204: None, 401: Error, 403: Error, 404: Error, 422: Error}, summary="Delete an FAQ entry")
def remove_entry(request, entry_id: Id):
    _editor(request)
    entry = FaqEntry.objects.filter(pk=entry_id).first()
    if entry is None:
        raise NotFound(f"No FAQ entry {entry_id}.")
    actions.delete_entry(entry, actor=request.user)
    return Status(204, None)
