"""Conditions and actions of the built-in recipes: order and shipping notices, the delivery check,
FAQ answers, return instructions, logistics alerts (docs/automation.md, "Recipes").

Where a message goes:
- the event's conversation, when it has one (a reply in the buyer's thread — also on Amazon, where
  the buyer wrote through the relay);
- else, for an Amazon order, only a Messaging API type Amazon offers for the order (`amazon_action`,
  e.g. createUnexpectedProblem for a delivery problem); with none, the message is blocked —
  Amazon sends its own order and shipping mails and forbids sellers' copies;
- else (own store, eBay, TikTok...) a new conversation on the store's support mailbox to the
  buyer's email address, so the buyer's reply lands in the same thread.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from sellerdesk.automation import actions as builtin
from sellerdesk.automation import notice_texts, texts
from sellerdesk.automation.actions import _check_compliance
from sellerdesk.automation.engine import ActionRun, Blocked
from sellerdesk.automation.registry import Param, action, condition

texts.TEMPLATES.update(notice_texts.TEMPLATES)

RETURN_FLOWS = ("amazon", "ebay", "shopify")  # platforms whose own return flow gives the label


@condition("order_platform", label=_("The order's platform is"), params={"platforms": Param("list", required=True, help="shopify, amazon, ebay, tiktok, other")})
def order_platform(ctx, platforms):
    return ctx.order is not None and (ctx.order.platform or "").lower() in {p.strip().lower() for p in platforms}


def _faq_match(ctx):
    # Matched once per event: the condition and the action both ask.
    if "_faq_match" not in ctx.__dict__:
        from sellerdesk.automation import faq

        ctx.__dict__["_faq_match"] = faq.match(ctx.text, ctx.language) if ctx.text and ctx.language else None
    return ctx.__dict__["_faq_match"]


@condition("faq_answers", label=_("An FAQ entry answers the message in the buyer's language"))
def faq_answers(ctx):
    return _faq_match(ctx) is not None


@action("faq_answer", label=_("Answer from the FAQ"), buyer_facing=True)
def faq_answer(run: ActionRun):
    from sellerdesk.automation.send import send_automated

    found = _faq_match(run.ctx)
    if found is None:
        raise Blocked("faq", "no FAQ entry answers this message in the buyer's language")
    if run.conversation is None and not run.dry:
        raise Blocked("no_conversation", "this event has no conversation to act on")
    _check_compliance(run, found.answer)
    result = {"faq_id": found.entry_id, "topic": found.topic, "language": found.language, "score": found.score}
    if run.dry:
        run.previews.append({"rule": run.rule.name, "language": found.language, "text": found.answer})
        return result
    message = send_automated(run.conversation, found.answer, rule_name=run.rule.name, rule_id=run.rule.id,
                             version=run.rule.version, now=run.now)
    run.sent = True
    return {**result, "message_id": message.pk}


@action("notify_buyer", label=_("Message the buyer about the order"), buyer_facing=True, params={
    "template": Param("str", required=True, help="automation.order_confirmation, automation.shipping_notice, automation.delivery_check..."),
    "amazon_action": Param("str", help="Amazon Messaging API type to use for an Amazon order without a conversation (empty: never)"),
    "account": Param("str", help="the support mailbox (account name) for a new conversation; empty: the first one"),
})
def notify_buyer(run: ActionRun, template: str, amazon_action: str = "", account: str = ""):
    return _deliver(run, template=template, amazon_action=amazon_action, account=account)


@action("logistics_alert", label=_("Tell the buyer about a delivery problem"), buyer_facing=True, params={
    "amazon_action": Param("str", default="createUnexpectedProblem", help="Amazon Messaging API type for Amazon orders"),
    "account": Param("str", help="the support mailbox (account name) for a new conversation; empty: the first one"),
})
def logistics_alert(run: ActionRun, amazon_action: str = "createUnexpectedProblem", account: str = ""):
    return _deliver(run, template=alert_template(run.ctx), amazon_action=amazon_action, account=account, keep_open=True)


@action("return_instructions", label=_("Send return instructions"), buyer_facing=True, params={
    "text": Param("text", help="your return instructions for orders from platforms without a return flow of their own"),
    "account": Param("str", help="the support mailbox (account name) for a new conversation; empty: the first one"),
})
def return_instructions(run: ActionRun, text: str = "", account: str = ""):
    platform = (run.ctx.order.platform if run.ctx.order else "").lower()
    if platform in RETURN_FLOWS:
        return _deliver(run, template=f"automation.return.{platform}", account=account)
    if not (text or "").strip():
        raise Blocked("not_configured", "no return instructions are set for orders outside Amazon, eBay and Shopify")
    return _deliver(run, text=text, account=account)


@action("team_task", label=_("Open a task for the team"), params={
    "text": Param("text", required=True, help="the note; {tracking} is replaced by the order's latest tracking"),
    "tag": Param("str", default="logistics"),
    "account": Param("str", help="the support mailbox (account name) for a new conversation; empty: the first one"),
})
def team_task(run: ActionRun, text: str, tag: str = "logistics", account: str = ""):
    """A note and a tag on the order's conversation — opened (waiting for an agent) if it has none."""
    if run.conversation is None and not run.dry:
        _open_conversation(run, account, status="open")
    result = builtin.note(run, text)
    builtin.tag(run, tag or "logistics")
    return {"text": result["text"], "tag": tag or "logistics"}


def alert_template(ctx) -> str:
    latest = ctx.order.latest if ctx.order else {}
    status = str(ctx.data.get("status") or latest.get("status") or "").lower()
    sub = str(latest.get("sub_kind") or "").lower()
    return notice_texts.ALERTS.get(status) or notice_texts.ALERTS.get(sub) or "automation.alert.other"


def _deliver(run: ActionRun, *, template: str = "", text: str = "", amazon_action: str = "", account: str = "",
             keep_open: bool = False) -> dict:
    from sellerdesk.automation.send import render, send_automated

    order = run.ctx.order
    to_amazon = run.conversation is None and order is not None and order.platform == "amazon"
    if run.conversation is None and not to_amazon and not run.dry:
        _open_conversation(run, account, status="pending")  # first: the texts read the store's name from it
    body, language, unfilled = render(run.ctx, template=template, text=text)
    if unfilled:
        raise Blocked("template", "values missing: " + ", ".join(unfilled))
    result = {"template": template or None, "language": language}
    if to_amazon:
        return {**result, **_amazon(run, body, amazon_action)}
    _check_compliance(run, body)
    if run.dry:
        run.previews.append({"rule": run.rule.name, "language": language, "text": body})
        return result
    message = send_automated(run.conversation, body, rule_name=run.rule.name, rule_id=run.rule.id, version=run.rule.version, now=run.now)
    run.sent = True
    if keep_open:
        _keep_open(run)
    return {**result, "message_id": message.pk}


def _keep_open(run: ActionRun) -> None:
    """A delivery problem stays in the team's queue after the buyer was told (sending set it pending)."""
    from sellerdesk.conversations.events import record
    from sellerdesk.conversations.models import Conversation

    Conversation.objects.filter(pk=run.conversation.pk).update(status=Conversation.Status.OPEN)
    run.conversation.status = Conversation.Status.OPEN
    record("kept_open", conversation=run.conversation, by="automation", rule=run.rule.name, reason="delivery problem")


def _amazon(run: ActionRun, body: str, amazon_action: str) -> dict:
    if not amazon_action:
        raise Blocked("amazon_not_permitted", "Amazon allows no seller message of this kind outside a buyer's thread")
    if run.dry:
        run.previews.append({"rule": run.rule.name, "language": "", "text": body, "amazon_action": amazon_action})
        return {"amazon_action": amazon_action}
    from sellerdesk.channels.amazon_spapi.actions import AmazonRefused, send_proactive_message
    from sellerdesk.channels.base import PermanentSendError, RetryableSendError
    from sellerdesk.orders.models import Order

    try:
        send_proactive_message(Order.objects.get(pk=run.ctx.order.pk), amazon_action, body)
    except AmazonRefused as exc:
        raise Blocked("amazon_refused", str(exc)) from None
    except (PermanentSendError, RetryableSendError) as exc:
        raise Blocked("amazon_error", str(exc)) from None
    run.sent = True
    return {"amazon_action": amazon_action}


def _open_conversation(run: ActionRun, account_name: str, *, status: str):
    """A conversation with the order's buyer on the store's support mailbox; the buyer's email needed."""
    from sellerdesk.channels.models import ChannelAccount
    from sellerdesk.conversations.events import record
    from sellerdesk.conversations.models import Conversation
    from sellerdesk.orders.models import Order

    if run.ctx.order is None or run.ctx.order.pk is None:
        raise Blocked("no_conversation", "this event has no order and no conversation")
    order = Order.objects.select_related("customer").get(pk=run.ctx.order.pk)
    customer = order.customer
    if customer is None or not (customer.email or customer.identities.filter(kind="email").exists()):
        raise Blocked("no_address", "the order's buyer has no email address")
    mailboxes = ChannelAccount.objects.filter(kind="email", is_active=True).order_by("pk")
    mailbox = (mailboxes.filter(name=account_name).first() if account_name else
               mailboxes.filter(marketplace="").first() or mailboxes.first())
    if mailbox is None:
        raise Blocked("no_mailbox", f"no support mailbox {account_name!r}" if account_name else "no support mailbox is set up")
    conv = Conversation.objects.create(
        channel="email", account=mailbox, marketplace=order.marketplace, customer=customer, order=order,
        subject=notice_texts.subject(order.number, run.ctx.language)[:500], status=status,
        language=run.ctx.language or customer.language or "", created_at=run.now, last_message_at=run.now,
    )
    record("conversation_opened", conversation=conv, by="automation", rule=run.rule.name, rule_id=run.rule.id, order_id=order.pk)
    run.ctx.conversation = conv
    if run.fire is not None:
        run.fire.conversation = conv
    return conv
