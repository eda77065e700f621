"""When a Messenger / Instagram reply may go out, and how (messaging_type, tag).

Meta's rule (docs/channels.md, Platform facts → Messenger and Instagram): a standard reply
within 24 h of the buyer's last message; from 24 h to 7 days only with the HUMAN_AGENT tag, for
a person's reply, and only when the app was granted the Human Agent feature (the account's
"human_agent" setting); after 7 days nothing until the buyer writes again. The 24 h window is
also a deadline on the conversation (SLA preset window-meta-24h) and a compliance rule before
the reply is stored (meta.human_agent_7d); this module is the last word at send time.
"""

from __future__ import annotations

import datetime as dt

from sellerdesk.channels.base import PermanentSendError
from sellerdesk.conversations.models import Message
from sellerdesk.lib import clock

STANDARD = dt.timedelta(hours=24)
HUMAN_AGENT = dt.timedelta(days=7)


def last_buyer_message_at(conversation) -> dt.datetime | None:
    last = conversation.messages.filter(direction=Message.Direction.INBOUND).order_by("-sent_at", "-pk").first()
    return last.sent_at if last else None


def send_mode(message, label: str) -> dict:
    """{"messaging_type": ...} (and the tag) for this reply now, or PermanentSendError saying why not."""
    conversation = message.conversation
    last = last_buyer_message_at(conversation)
    if last is None:
        raise PermanentSendError(f"the buyer has not written in this conversation: on {label} the buyer must write first")
    age = clock.now() - last
    if age <= STANDARD:
        return {"messaging_type": "RESPONSE"}
    hours = int(age.total_seconds() // 3600)
    if age > HUMAN_AGENT:
        raise PermanentSendError(f"the buyer's last message was {hours} h ago: {label} accepts no reply after 7 days; "
                                 "the buyer has to write again")
    if message.author_id is None or message.is_automated:
        raise PermanentSendError(f"the buyer's last message was {hours} h ago: after 24 h {label} takes only a person's "
                                 "reply with the HUMAN_AGENT tag, never an automated one")
    if not (message.account.config or {}).get("human_agent"):
        raise PermanentSendError(f"the buyer's last message was {hours} h ago: after 24 h {label} needs the HUMAN_AGENT tag, "
                                 "and this account does not say the app has the Human Agent feature (set-up page)")
    return {"messaging_type": "MESSAGE_TAG", "tag": "HUMAN_AGENT"}
