"""Message templates: the seller's approved list (synced through the Graph API) and a template
reply, the only message WhatsApp delivers once the 24-hour customer-service window is closed.

The list is kept on the account (config "templates": name, language, category, body text and
its number of variables {{1}}, {{2}} …), renewed by "Test connection" and by the template page.
A template reply is an outbound message like any reply — its text is the template's body with
the variables filled in, so colleagues read what the buyer got — plus one event naming the
template and the variables, which the channel's send() turns into a template message. The free
text window rule (compliance rule whatsapp.reply_window_24h) does not apply to it: that is the
point of a template.
"""

from __future__ import annotations

import re

from django.db import transaction
from django.utils.translation import gettext_noop

from sellerdesk.automation.events import emit
from sellerdesk.conversations.events import record
from sellerdesk.conversations.models import Conversation, Event, Message
from sellerdesk.lib import clock
from sellerdesk.lib.errors import ActionError
from sellerdesk.search import index as search_index
from sellerdesk.sla import engine as sla

CHOSEN = "whatsapp_template_chosen"
_VARIABLE = re.compile(r"\{\{\s*(\d+)\s*\}\}")


def variable_count(body: str) -> int:
    return max((int(n) for n in _VARIABLE.findall(body)), default=0)


def render(body: str, variables: list[str]) -> str:
    return _VARIABLE.sub(lambda m: variables[int(m.group(1)) - 1] if 0 < int(m.group(1)) <= len(variables) else m.group(0), body)


def summary(template) -> dict:
    body = next((c.text for c in template.components if c.type.upper() == "BODY"), "")
    return {"name": template.name, "language": template.language, "category": template.category, "body": body,
            "variables": variable_count(body)}


def sync(account, client) -> int:
    """Store the account's approved templates; how many there are."""
    from sellerdesk.channels.models import ChannelAccount

    approved = [summary(t) for t in client.templates() if t.status.upper() == "APPROVED"]
    approved.sort(key=lambda t: (t["name"], t["language"]))
    with transaction.atomic():
        row = ChannelAccount.objects.select_for_update().get(pk=account.pk)
        row.config = {**(row.config or {}), "templates": approved}
        row.save(update_fields=["config"])
        record("whatsapp_templates_synced", account_id=account.pk, count=len(approved))
    account.config = row.config
    return len(approved)


def listed(account) -> list[dict]:
    return [t for t in (account.config or {}).get("templates", []) if isinstance(t, dict)]


def find(account, name: str, language: str) -> dict:
    for t in listed(account):
        if t.get("name") == name and t.get("language") == language:
            return t
    raise ActionError(gettext_noop("WhatsApp has no approved template %(name)s (%(language)s) for this number; refresh the list."),
                      name=name, language=language)


def queue_template(conversation: Conversation, user, name: str, language: str, variables: list[str]) -> Message:
    """Store and queue a template reply; ActionError when the template or a variable is missing."""
    from sellerdesk.conversations.actions import _display_name
    from sellerdesk.conversations.tasks import queue_delivery

    if conversation.channel != "whatsapp" or not conversation.thread_key.startswith("whatsapp:"):
        raise ActionError(gettext_noop("Only a WhatsApp conversation can be answered with a WhatsApp template."))
    template = find(conversation.account, name, language)
    variables = [v.strip() for v in variables][: template["variables"]]
    if len(variables) < template["variables"] or not all(variables):
        raise ActionError(gettext_noop("Fill in every variable of the template (%(count)s)."), count=template["variables"])
    text = render(template["body"], variables) or f"[template] {name}"
    with transaction.atomic():
        conversation = Conversation.objects.select_for_update().get(pk=conversation.pk)
        now = clock.now()
        message = Message.objects.create(
            conversation=conversation, account=conversation.account, direction=Message.Direction.OUTBOUND, author=user,
            sender=conversation.account.address, sender_name=_display_name(user),
            recipients=[conversation.thread_key.removeprefix("whatsapp:")], subject=f"[template] {name}"[:500],
            body_text=text, body_full=text, delivery_status=Message.Delivery.QUEUED, sent_at=now, created_at=now,
        )
        record(CHOSEN, conversation=conversation, actor=user, message_id=message.pk, name=name, language=language, variables=variables)
        if conversation.first_response_at is None:
            conversation.first_response_at = now
        conversation.last_message_at = now
        conversation.status = Conversation.Status.PENDING
        sla.on_reply(conversation, message, now=now)
        conversation.save()
        search_index.index_messages([message])
        record("reply_sent", conversation=conversation, actor=user, message_id=message.pk, resolve=False, template=name)
        transaction.on_commit(lambda: queue_delivery(message.pk, "whatsapp"))
        emit("reply.sent", conversation=conversation, message_id=message.pk)
    return message


def chosen_for(message: Message) -> dict | None:
    """{name, language, variables} when this reply is a template reply, else None."""
    event = Event.objects.filter(conversation_id=message.conversation_id, kind=CHOSEN, data__message_id=message.pk).first()
    return event.data if event is not None else None
