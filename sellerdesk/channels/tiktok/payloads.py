"""Declared shapes of TikTok Shop's webhooks and the API answers we read (docs/channels.md,
Platform facts → TikTok Shop). [U] marks fields no captured delivery or document confirmed."""

from __future__ import annotations

from sellerdesk.channels.payloadtypes import Id, Model, OptionalId, Text, UnixTime

RETURN_STATUS_CHANGE, NEW_CONVERSATION, NEW_MESSAGE = 12, 13, 14


class Envelope(Model):
    type: int
    tts_notification_id: Id
    shop_id: OptionalId = None
    timestamp: UnixTime = None
    data: dict


class Sender(Model):
    role: Text = None
    im_user_id: OptionalId = None


class MessageData(Model):
    """14 NEW_MESSAGE; `content` is a JSON string whose shape depends on `type`."""

    conversation_id: Id
    message_id: Id
    type: Text = None
    content: Text = None
    sender: Sender | None = None
    create_time: UnixTime = None


class ConversationData(Model):
    """13 NEW_CONVERSATION [U]."""

    conversation_id: OptionalId = None
    create_time: UnixTime = None


class ReturnData(Model):
    """12 RETURN_STATUS_CHANGE [U]."""

    order_id: Id
    return_id: Id
    return_status: Text = None
    return_type: Text = None  # [U]
    return_role: Text = None  # [U]
    update_time: UnixTime = None


MODELS = {NEW_MESSAGE: MessageData, NEW_CONVERSATION: ConversationData, RETURN_STATUS_CHANGE: ReturnData}


# --- API answers ---------------------------------------------------------------------------------

class Answer(Model):
    """Every Partner API answer: {"code": 0, "message": "Success", "data": {...}}."""

    code: int
    message: Text = None
    data: dict | None = None
