"""A stored WhatsApp delivery -> the buyers' messages (or why there are none).

The buyer is their WhatsApp number (wa_id, digits of the E.164 number): thread key
"whatsapp:<wa_id>", identities phone "+<wa_id>" — so the number joins a customer we already know
by that phone — and social "whatsapp:<wa_id>". Every kind of message becomes text saying what
came ("[image] caption", "[location] …"); pictures, video, audio, documents and stickers are
downloaded after the message is stored (channel.follow_up). A reply to a message names it in
in_reply_to (the quote is filled in after storing, when the quoted message can be read).
Status callbacks (sent, delivered, read, failed) are not messages: they are applied to our own
sent message after the delivery is written (channel.after_write).
"""

from __future__ import annotations

from sellerdesk.channels.base import InboundMessage, ParseResult
from sellerdesk.channels.whatsapp import payloads
from sellerdesk.channels.whatsapp.receiver import not_for, read


def thread_key(wa_id: str) -> str:
    return f"whatsapp:{wa_id}"


def message_key(wamid: str) -> str:
    return f"whatsapp:msg:{wamid}"


def phone(wa_id: str) -> str:
    """The E.164 form of a WhatsApp id (its digits are the number with the country code)."""
    digits = "".join(c for c in wa_id if c.isdigit())
    return f"+{digits}" if digits else ""


def _place(latitude, longitude, *words) -> str:
    label = " ".join(w for w in words if w)
    return f"{label + ' ' if label else ''}({latitude}, {longitude})"


def text_of(m: payloads.Message) -> str:
    if m.type == "text":
        return m.text.body
    media = m.media()
    if media is not None:
        words = [f"[{m.type}]", media.filename if m.type == "document" else "", media.caption]
        return " ".join(w for w in words if w)
    if m.type == "location":
        return "[location] " + _place(m.location.latitude, m.location.longitude, m.location.name, m.location.address)
    if m.type == "contacts":
        cards = []
        for c in m.contacts:
            cards.append(" ".join(p for p in [c.name.formatted_name, *(x.phone for x in c.phones), *(x.email for x in c.emails)] if p))
        return "[contact] " + "; ".join(cards)
    if m.type == "interactive":
        choice = m.interactive.button_reply or m.interactive.list_reply
        kind = "list" if m.interactive.list_reply is not None else "button"
        if choice is None:
            return f"[{m.interactive.type or 'interactive'}]"
        return " ".join(w for w in [f"[{kind}]", choice.title, f"— {choice.description}" if choice.description else ""] if w)
    if m.type == "button":
        return f"[button] {m.button.text or m.button.payload}".strip()
    if m.type == "reaction":
        return f"[reaction] {m.reaction.emoji}" if m.reaction.emoji else "[reaction removed]"
    detail = "; ".join(e.title or e.message for e in m.errors if e.title or e.message)
    return f"[{m.type}]" + (f" {detail}" if detail else "")


def answered(m: payloads.Message) -> str:
    """The id of the message this one answers or reacts to ("" when none)."""
    if m.type == "reaction":
        return m.reaction.message_id
    return m.context.id if m.context is not None else ""


def parse_delivery(raw) -> ParseResult:
    _body, values = read(bytes(raw.body))
    elsewhere = not_for(raw.account, values)
    messages, skipped = [], []
    for _where, value in values:
        if raw.account.address and value.metadata and value.metadata.phone_number_id != raw.account.address:
            continue
        names = {c.wa_id: c.profile.name for c in value.contacts}
        for m in value.messages:
            quoted = answered(m)
            text = text_of(m)
            messages.append(InboundMessage(
                external_id=message_key(m.id),
                channel="whatsapp",
                sender=m.sender,
                sender_name=names.get(m.sender, ""),
                body_text=text,
                body_full=text,
                sent_at=m.timestamp or raw.received_at,
                in_reply_to=message_key(quoted) if quoted else "",
                thread_key=thread_key(m.sender),
                marketplace=raw.account.marketplace,
                identities=[("phone", phone(m.sender)), ("social", f"whatsapp:{m.sender}")] if phone(m.sender) else
                [("social", f"whatsapp:{m.sender}")],
            ))
        if value.statuses:
            skipped.append("status callbacks (applied to our sent messages)")
    if elsewhere:
        skipped.append(elsewhere)
    if not messages:
        return ParseResult(ignored_reason="; ".join(dict.fromkeys(skipped)) or "no messages or statuses (another field of the account)")
    return ParseResult(messages=messages)
