"""An automated message to the buyer: rendered in their language, checked, queued like a reply.

It is stored with is_automated=True, so the SLA engine and the platform metrics do not count it
as a response where the platform says an auto-reply is none (Amazon: the policy's
auto_reply_counts is off), and the conversation stays open while such a clock still runs.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from sellerdesk.automation import texts
from sellerdesk.automation.context import Context
from sellerdesk.lib import clock


def template_body(key: str, language: str, channel: str) -> tuple[str, str]:
    """(body, language used): the seller's library first (channel variant, then any channel), then the built-ins."""
    from sellerdesk.replies.models import ReplyTemplate

    lang = texts.language_of(language) if language else "en"
    for wanted in dict.fromkeys([lang, (language or "").split("-")[0], "en"]):
        if not wanted:
            continue
        rows = {t.channel: t.body for t in ReplyTemplate.objects.filter(key=key, language=wanted, is_active=True, channel__in=[channel, ""])}
        body = rows.get(channel) or rows.get("")
        if body:
            return body, wanted
        builtin = texts.TEMPLATES.get(key, {}).get(wanted)
        if builtin:
            return builtin, wanted
    return "", lang


def values(ctx: Context, language: str) -> dict:
    """The template variables, from the conversation's rows or (dry run) from the context alone."""
    from django.conf import settings

    from sellerdesk.replies.templating.variables import first_name, values_for

    if ctx.conversation is not None:
        out = values_for(ctx.conversation, None, language, now=ctx.now)
    else:
        name = getattr(ctx.customer, "name", "") or ""
        out = {"customer_first_name": first_name(name), "customer_name": name, "shop_name": settings.REPLY_SHOP_NAME or ctx.store or "Shop",
               "marketplace": ctx.marketplace, "channel": ctx.channel}
        if ctx.order is not None:
            latest = ctx.order.latest
            out.update(order_number=ctx.order.number, tracking_number=str(latest.get("number") or ""),
                       carrier=str(latest.get("company") or ""), tracking_link=str(latest.get("url") or ""))
    out.setdefault("customer_first_name", "")
    out.setdefault("customer_name", "")
    if ctx.order is not None:
        out["tracking_status_text"] = texts.tracking_status_text(ctx.order.tracking_status, language)
    out["tracking_link_line"] = texts.link_line(out.get("tracking_link") or "", language)
    return out


def render(ctx: Context, *, template: str = "", text: str = "") -> tuple[str, str, list[str]]:
    """(text as the buyer will see it, language, unfilled names). A greeting without a name still reads well."""
    from sellerdesk.replies.templating.render import render as fill

    language = texts.language_of(ctx.language)
    body, language = (text, language) if text else template_body(template, ctx.language, ctx.channel)
    if not body:
        return "", language, ["template"]
    vals = values(ctx, language)
    # Values only the automation knows are filled before the library's renderer sees the text.
    body = body.replace("{{ tracking_status_text }}", str(vals.get("tracking_status_text") or "[[tracking_status_text]]"))
    body = body.replace("{{ tracking_link_line }}", str(vals.get("tracking_link_line") or ""))
    if not vals.get("customer_name"):  # greetings that read well without a name
        body = body.replace("{{ customer_name }}，", "").replace("{{ customer_name }} 様", "お客様")
    for name in ("customer_first_name", "customer_name"):
        if not vals.get(name):
            body = body.replace(" {{ %s }}" % name, "").replace("{{ %s }} " % name, "").replace("{{ %s }}" % name, "")
    rendered = fill(body, vals)
    out = texts.with_human_line(rendered.text, language)
    from sellerdesk.replies.templating.render import markers

    return out, language, list(rendered.missing) + [m for m in markers(out) if m not in rendered.missing]


def send_automated(conversation, text: str, *, rule_name: str, rule_id: int, version: int, now: dt.datetime | None = None):
    """Store and queue the message. The caller checked safety, quiet hours and compliance."""
    from sellerdesk.conversations.actions import _new_message_id
    from sellerdesk.conversations.events import record
    from sellerdesk.conversations.models import Conversation, Message
    from sellerdesk.conversations.tasks import deliver_message
    from sellerdesk.sla import engine as sla

    now = now or clock.now()
    conversation = Conversation.objects.select_for_update().get(pk=conversation.pk)
    last_in = conversation.messages.filter(direction=Message.Direction.INBOUND).order_by("-id").first()
    references = [r for r in (last_in.references.split() if last_in else []) if r]
    if last_in and last_in.external_id:
        references.append(last_in.external_id)
    subject = conversation.subject or ""
    if subject and not subject.lower().startswith("re:"):
        subject = f"Re: {subject}"
    message = Message.objects.create(
        conversation=conversation, account=conversation.account, direction=Message.Direction.OUTBOUND,
        sender=conversation.account.address, sender_name=conversation.account.name,
        recipients=[last_in.sender] if last_in else _buyer_address(conversation), subject=subject[:500],
        body_text=text, body_full=text, external_id=_new_message_id(conversation),
        in_reply_to=(last_in.external_id or "") if last_in else "", references=" ".join(references[-20:]),
        is_automated=True, delivery_status=Message.Delivery.QUEUED, sent_at=now, created_at=now,
    )
    conversation.last_message_at = now
    # A response clock an auto-reply does not stop (Amazon) keeps the conversation in the queue.
    owed = any(r.metric in sla.RESPONSE_METRICS and not r.policy.auto_reply_counts for r in sla.open_rows(conversation))
    if not owed:
        conversation.status = Conversation.Status.PENDING
    elif conversation.status == Conversation.Status.RESOLVED:
        conversation.status = Conversation.Status.OPEN
    sla.on_reply(conversation, message, now=now)
    conversation.save()
    record("reply_sent", conversation=conversation, message_id=message.pk, automated=True, rule=rule_name, rule_id=rule_id, version=version)
    transaction.on_commit(lambda: deliver_message.enqueue(message.pk))
    return message


def _buyer_address(conversation) -> list[str]:
    email = conversation.customer.email or conversation.customer.identities.filter(kind="email").values_list("value", flat=True).first()
    return [email] if email else []
