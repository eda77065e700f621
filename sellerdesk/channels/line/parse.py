"""A stored LINE delivery -> the buyers' messages (or why there are none).

A user's userId is the buyer: thread key "line:<userId>" and a social identity. Messages and
postbacks (a button the buyer pressed) become messages; follow and unfollow are remembered by
the follow-up (fetch in channel.py); group and room events, and events in standby mode (another
module of the channel answers them), are skipped. Pictures, video, audio and files are
downloaded after the message is stored; until then the text says what came.
"""

from __future__ import annotations

import datetime as dt

from sellerdesk.channels.base import InboundMessage, ParseResult
from sellerdesk.channels.line import payloads
from sellerdesk.channels.line.receiver import read

MEDIA_TYPES = {"image", "video", "audio", "file"}


def thread_key(user_id: str) -> str:
    return f"line:{user_id}"


def message_key(event: payloads.LineEvent) -> str:
    """The message's id: the platform's message id, or the event id for a postback."""
    if event.message is not None:
        return f"line:msg:{event.message.id}"
    return f"line:event:{event.webhookEventId}"


def event_time(event: payloads.LineEvent) -> dt.datetime:
    return dt.datetime.fromtimestamp(event.timestamp / 1000, tz=dt.timezone.utc)


def text_of(event: payloads.LineEvent) -> str:
    if event.type == "postback":
        return f"[postback] {event.postback.data}".strip()
    m = event.message
    if m.type == "text":
        return m.text
    if m.type == "file":
        return f"[file] {m.fileName}".strip()
    if m.type in MEDIA_TYPES:
        external = m.contentProvider is not None and m.contentProvider.type == "external"
        # External content is the sender's own URL: shown, never fetched by us.
        return f"[{m.type}] {m.contentProvider.originalContentUrl}".strip() if external else f"[{m.type}]"
    if m.type == "sticker":
        return f"[sticker] {', '.join(m.keywords)}".strip()
    if m.type == "location":
        place = " ".join(p for p in (m.title, m.address) if p)
        return f"[location] {place + ' ' if place else ''}({m.latitude}, {m.longitude})"
    return f"[{m.type}]"


def skip_reason(event: payloads.LineEvent) -> str:
    """Why an event gives no message ("" when it gives one)."""
    if event.type not in ("message", "postback"):
        return f"{event.type} event"
    if event.mode != "active":
        return f"{event.type} in {event.mode} mode (another module answers it)"
    if event.source is None or event.source.type != "user" or not event.source.userId:
        return f"{event.type} from a {event.source.type if event.source else 'missing'} source, not a user's chat"
    return ""


def parse_delivery(raw) -> ParseResult:
    data = read(raw.account, bytes(raw.body))
    messages, skipped = [], []
    for event in data.events:
        reason = skip_reason(event)
        if reason:
            skipped.append(reason)
            continue
        user = event.source.userId
        messages.append(InboundMessage(
            external_id=message_key(event),
            channel="line",
            sender=user,
            body_text=text_of(event),
            body_full=text_of(event),
            sent_at=event_time(event),
            thread_key=thread_key(user),
            marketplace=raw.account.marketplace,
            identities=[("social", f"line:{user}")],
        ))
    if not messages:
        return ParseResult(ignored_reason="; ".join(dict.fromkeys(skipped)) or "no events (the console's webhook check)")
    return ParseResult(messages=messages)
