"""/conversations: the inbox, one thread, and the agent actions on it.

Thin: reads go through conversations.queries, writes through conversations.actions.
"""

from __future__ import annotations

import base64
from typing import Annotated

from django.contrib.auth import get_user_model
from django.db.models import Prefetch, Q, prefetch_related_objects
from ninja import Field, Path, Query, Router, Status

from sellerdesk.api import present
from sellerdesk.api.auth import can_write
from sellerdesk.api.errors import FieldError, NotFound
from sellerdesk.api.schemas import (
    TriageCorrectionIn,
    MAX_ID,
    AssignIn,
    ConversationDetailOut,
    ConversationOut,
    ConversationPage,
    Error,
    InboxQuery,
    MessageOut,
    MessagePage,
    NoteIn,
    PageQuery,
    ReplyIn,
    SnoozeIn,
)
from sellerdesk.conversations import actions
from sellerdesk.conversations.models import Attachment, Conversation, Message
from sellerdesk.conversations.queries import BadCursor, InboxFilters, decode_cursor, inbox_page
from sellerdesk.customers.models import Identity
from sellerdesk.lib import clock
from sellerdesk.orders.models import Claim

router = Router(tags=["conversations"])
ERRORS = {401: Error, 404: Error, 422: Error}
WRITE_ERRORS = {**ERRORS, 400: Error, 403: Error}  # 400: a body that is not JSON
ConversationId = Path[Annotated[int, Field(ge=1, le=MAX_ID)]]


def _get(conversation_id: int) -> Conversation:
    conv = (
        Conversation.objects.select_related("customer", "assignee", "assignee__agent", "order")
        .filter(pk=conversation_id)
        .first()
    )
    if conv is None:
        raise NotFound(f"Conversation {conversation_id} not found.")
    return conv


BAD_CURSOR = "Invalid cursor: pass back a next_cursor exactly as received."


def _check_inbox_cursor(cursor: str) -> None:
    # Out-of-range ids or naive times would reach the database as errors, not as 422s.
    try:
        deadline, pk = decode_cursor(cursor)
    except BadCursor as exc:
        raise FieldError("cursor", BAD_CURSOR, "query") from exc
    if not 0 <= pk <= MAX_ID or (deadline is not None and deadline.tzinfo is None):
        raise FieldError("cursor", BAD_CURSOR, "query")


def _item(conv: Conversation) -> dict:
    return present.conversation(conv, clock.now())


@router.get("", response={200: ConversationPage, **ERRORS}, summary="The inbox, soonest deadline first")
def list_conversations(request, query: Query[InboxQuery]):
    filters = InboxFilters(
        status=query.status,
        channel=query.channel,
        assignee=query.assignee,
        tier=query.tier,
        language=query.language,
        q=query.q,
    )
    if query.cursor:
        _check_inbox_cursor(query.cursor)
    page = inbox_page(filters, user=request.user, cursor=query.cursor or None, size=query.limit)
    now = clock.now()
    return {"items": [present.conversation(c, now) for c in page.items], "next_cursor": page.next_cursor}


@router.get("/{conversation_id}", response={200: ConversationDetailOut, **ERRORS}, summary="One conversation with customer, order and claims")
def get_conversation(request, conversation_id: ConversationId):
    conv = _get(conversation_id)
    prefetch_related_objects([conv.customer], Prefetch("identities", queryset=Identity.objects.order_by("id")))
    claims = Q(conversation=conv)
    if conv.order_id:
        claims |= Q(order_id=conv.order_id)  # claims opened on the same order belong to the picture too
    return present.conversation_detail(conv, Claim.objects.filter(claims).order_by("id"), clock.now())


def _encode_message_cursor(message_id: int) -> str:
    return base64.urlsafe_b64encode(f"m|{message_id}".encode()).decode()


def _decode_message_cursor(cursor: str) -> int:
    try:
        tag, pk = base64.urlsafe_b64decode(cursor.encode()).decode().split("|")
        pk = int(pk)
        if tag != "m" or not 0 <= pk <= MAX_ID:
            raise ValueError(cursor)
        return pk
    except (ValueError, UnicodeDecodeError) as exc:
        raise FieldError("cursor", BAD_CURSOR, "query") from exc


@router.get("/{conversation_id}/messages", response={200: MessagePage, **ERRORS}, summary="Messages and notes, oldest first")
def list_messages(request, conversation_id: ConversationId, query: Query[PageQuery]):
    if not Conversation.objects.filter(pk=conversation_id).exists():
        raise NotFound(f"Conversation {conversation_id} not found.")
    qs = Message.objects.filter(conversation_id=conversation_id)
    if query.cursor:
        qs = qs.filter(pk__gt=_decode_message_cursor(query.cursor))
    # Never load attachment bytes for a listing.
    attachments = Attachment.objects.only("id", "message_id", "filename", "content_type", "size").order_by("id")
    qs = qs.order_by("pk").prefetch_related(Prefetch("attachments", queryset=attachments, to_attr="api_attachments"))
    rows = list(qs[: query.limit + 1])
    more = len(rows) > query.limit
    rows = rows[: query.limit]
    return {
        "items": [present.message(m) for m in rows],
        "next_cursor": _encode_message_cursor(rows[-1].pk) if more else None,
    }


@router.post("/{conversation_id}/reply", response={201: MessageOut, **WRITE_ERRORS}, summary="Send a reply to the buyer (queued)")
def reply(request, conversation_id: ConversationId, payload: ReplyIn):
    can_write(request)
    conv = _get(conversation_id)
    try:
        files = [actions.OutgoingFile(f.filename, f.content_type, base64.b64decode(f.data_base64)) for f in payload.files]
        message = actions.send_reply(conv, request.user, payload.text, resolve=payload.resolve, files=files)
    except actions.ActionError as exc:
        raise FieldError("files" if isinstance(exc, actions.FileTooLarge) else "text", str(exc)) from exc
    message.api_attachments = list(message.attachments.order_by("pk").only("id", "filename", "content_type", "size")) if files else []
    return Status(201, present.message(message))


@router.post("/{conversation_id}/notes", response={201: MessageOut, **WRITE_ERRORS}, summary="Add an internal note")
def add_note(request, conversation_id: ConversationId, payload: NoteIn):
    can_write(request)
    conv = _get(conversation_id)
    try:
        note = actions.add_note(conv, request.user, payload.text)
    except actions.ActionError as exc:
        raise FieldError("text", str(exc)) from exc
    return Status(201, present.message(note))


@router.post("/{conversation_id}/assign", response={200: ConversationOut, **WRITE_ERRORS}, summary="Assign to a user, or unassign with null")
def assign(request, conversation_id: ConversationId, payload: AssignIn):
    can_write(request)
    conv = _get(conversation_id)
    assignee = None
    if payload.assignee_id is not None:
        assignee = get_user_model().objects.filter(pk=payload.assignee_id, is_active=True).select_related("agent").first()
        if assignee is None:
            raise FieldError("assignee_id", f"No active user with id {payload.assignee_id}.")
    return _item(actions.assign(conv, request.user, assignee))


@router.post("/{conversation_id}/resolve", response={200: ConversationOut, **WRITE_ERRORS}, summary="Mark resolved")
def resolve(request, conversation_id: ConversationId):
    can_write(request)
    return _item(actions.resolve(_get(conversation_id), request.user))


@router.post("/{conversation_id}/reopen", response={200: ConversationOut, **WRITE_ERRORS}, summary="Open again")
def reopen(request, conversation_id: ConversationId):
    can_write(request)
    return _item(actions.reopen(_get(conversation_id), request.user))


@router.post(
    "/{conversation_id}/triage", response={200: ConversationOut, **WRITE_ERRORS},
    summary="Correct triage (intent, tier, language, sentiment) of the latest buyer message; stored for retraining",
)
def correct_triage(request, conversation_id: ConversationId, payload: TriageCorrectionIn):
    from sellerdesk.triage.corrections import CorrectionRefused, latest_buyer_message, record_corrections

    can_write(request)
    conv = _get(conversation_id)
    try:
        message = latest_buyer_message(conv)
    except actions.ActionError as exc:
        raise FieldError("conversation_id", str(exc)) from exc
    wanted = {k: v for k, v in payload.dict().items() if v is not None}
    if not wanted:
        raise FieldError("intent", "Give at least one of intent, tier, language, sentiment.")
    try:
        record_corrections(message, wanted, request.user)
    except CorrectionRefused as exc:
        raise FieldError(exc.field, str(exc)) from exc
    return _item(_get(conversation_id))


@router.post("/{conversation_id}/snooze", response={200: ConversationOut, **WRITE_ERRORS}, summary="Hide until a time in the future")
def snooze(request, conversation_id: ConversationId, payload: SnoozeIn):
    can_write(request)
    conv = _get(conversation_id)
    try:
        conv = actions.snooze(conv, request.user, payload.until)
    except actions.ActionError as exc:
        raise FieldError("until", str(exc)) from exc
    return _item(conv)
