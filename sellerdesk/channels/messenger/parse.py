"""A stored Messenger / Instagram delivery -> the buyers' messages (or why there are none).

The buyer is the sender's page-scoped id (PSID on Messenger, IGSID on Instagram): thread key
"<channel>:<id>" and a social identity. Messages (text, attachments, story replies and
mentions, quick replies) and postbacks (a button the buyer pressed) become messages. Echoes
(what the page sent, from here or another tool) and read receipts are written by the follow-up
(channel.py), which needs the database; deliveries, reactions, referrals, standby events and
Instagram comments are skipped with the reason. Files are downloaded after the message is
stored; until then the text says what came.
"""

from __future__ import annotations

import datetime as dt

from sellerdesk.channels.base import InboundMessage, ParseResult
from sellerdesk.channels.messenger import payloads
from sellerdesk.channels.messenger.receiver import read

MEDIA_TYPES = {"image", "video", "audio", "file", "story_mention", "ig_reel", "reel", "share"}
LABELS = {"story_mention": "story mention", "ig_reel": "reel", "reel": "reel", "share": "shared post"}


def thread_key(channel: str, user_id: str) -> str:
    return f"{channel}:{user_id}"


def message_key(channel: str, event: payloads.Event) -> str:
    if event.message is not None:
        return f"{channel}:mid:{event.message.mid}"
    if event.postback is not None and event.postback.mid:
        return f"{channel}:mid:{event.postback.mid}"
    return f"{channel}:postback:{event.sender.id}:{event.timestamp}"


def event_time(event: payloads.Event) -> dt.datetime | None:
    """When the event happened; None when Meta did not say (the intake then takes the arrival)."""
    if event.timestamp is None:
        return None
    # Milliseconds; the app dashboard's test deliveries give seconds.
    seconds = event.timestamp / 1000 if event.timestamp > 10**11 else event.timestamp
    return dt.datetime.fromtimestamp(seconds, tz=dt.timezone.utc)


def attachment_text(a: payloads.Attachment) -> str:
    p = a.payload or payloads.AttachmentPayload()
    if a.type == "image" and p.sticker_id:
        return "[sticker]"
    if a.type == "fallback":  # a link the buyer shared
        return " ".join(x for x in ("[link]", p.title, p.url) if x)
    return f"[{LABELS.get(a.type, a.type)}]"


def text_of(event: payloads.Event) -> str:
    if event.postback is not None:
        p = event.postback
        return f"[postback] {p.title}" + (f" ({p.payload})" if p.payload and p.payload != p.title else "")
    m = event.message
    lines = []
    if m.reply_to is not None and m.reply_to.story is not None:
        lines.append("[story reply]")
    if m.text:
        lines.append(m.text)
    lines += [attachment_text(a) for a in m.attachments]
    if m.quick_reply is not None and m.quick_reply.payload:
        lines.append(f"[quick reply] {m.quick_reply.payload}")
    return "\n".join(lines) if lines else "[empty message]"


def skip_reason(event: payloads.Event) -> str:
    """Why an event gives no message here ("" when it gives one)."""
    if event.message is not None:
        if event.message.is_echo:
            return "echo of the page's own message (shown by the follow-up)"
        if event.message.is_deleted:
            return "the buyer deleted a message"
        return ""
    if event.postback is not None:
        return ""
    if event.read is not None:
        return "read receipt (marked by the follow-up)"
    kind = next((k for k in ("delivery", "reaction", "referral") if getattr(event, k) is not None), "unknown")
    return f"{kind} event"


def parse_delivery(raw, channel: str, object_type: str) -> ParseResult:
    data = read(raw.account, bytes(raw.body), object_type)
    messages, skipped = [], []
    for entry in data.entry:
        if entry.standby:
            skipped.append("standby events (another app has the conversation)")
        if entry.changes:
            skipped.append("Instagram comments and other page changes (not handled: direct messages only)")
        for event in entry.messaging:
            reason = skip_reason(event)
            if reason:
                skipped.append(reason)
                continue
            user = event.sender.id
            text = text_of(event)
            messages.append(InboundMessage(
                external_id=message_key(channel, event),
                channel=channel,
                sender=user,
                body_text=text,
                body_full=text,
                sent_at=event_time(event),
                thread_key=thread_key(channel, user),
                marketplace=raw.account.marketplace,
                identities=[("social", f"{channel}:{user}")],
            ))
    if not messages:
        return ParseResult(ignored_reason="; ".join(dict.fromkeys(skipped)) or "no events")
    return ParseResult(messages=messages)
