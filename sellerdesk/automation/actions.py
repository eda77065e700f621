"""Built-in actions: `fn(run, **params) -> dict`, registered by name (registry.py).

Each writes through the project's actions (one event each) inside the fire's transaction, and
describes itself without writing when `run.dry` (a dry run). Buyer-facing actions
(`buyer_facing=True`) run only after the safety rules let them (engine.gate); they raise
engine.Blocked with the reason when they must not send.
"""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext_lazy as _

from sellerdesk.automation import extensions
from sellerdesk.automation.engine import ActionRun, Blocked
from sellerdesk.automation.registry import Param, action


def _needs_conversation(run: ActionRun) -> None:
    if run.conversation is None and not run.dry:
        raise Blocked("no_conversation", "this event has no conversation to act on")


def _conversation_write(run: ActionRun):
    """The conversation for an internal write, or None (nothing to act on: skipped, not an error)."""
    return None if run.dry else run.conversation


# --- to the buyer ----------------------------------------------------------------------------


@action("reply", label=_("Reply with a template"), buyer_facing=True, params={
    "template": Param("str", help="a template key of the reply library or a built-in one (automation.wismo)"),
    "text": Param("text", help="or the text itself, with the template variables"),
})
def reply(run: ActionRun, template: str = "", text: str = ""):
    from sellerdesk.automation.send import render, send_automated

    _needs_conversation(run)
    body, language, unfilled = render(run.ctx, template=template, text=text)
    if unfilled:
        raise Blocked("template", "values missing: " + ", ".join(unfilled))
    _check_compliance(run, body)
    result = {"template": template or None, "language": language}
    if run.dry:
        run.previews.append({"rule": run.rule.name, "language": language, "text": body})
        return result
    message = send_automated(run.conversation, body, rule_name=run.rule.name, rule_id=run.rule.id, version=run.rule.version, now=run.now)
    run.sent = True
    return {**result, "message_id": message.pk}


def _check_compliance(run: ActionRun, body: str) -> None:
    from sellerdesk.replies.compliance import SendContext, check, context_for

    channel = run.ctx.channel or "email"
    if run.conversation is not None:
        ctx = context_for(run.conversation, automated=True)
        ctx = SendContext(**{**ctx.__dict__, "now": run.now})
    else:
        ctx = SendContext(marketplace=run.ctx.marketplace, buyer_country=run.ctx.country, automated=True, now=run.now,
                          order_number=run.ctx.order.number if run.ctx.order else "")
    verdict = check(body, channel=channel, context=ctx)
    if verdict.status == "blocked":
        raise Blocked("compliance", "; ".join(f.reason for f in verdict.findings if f.severity == "block"))


@action("amazon_review_request", label=_("Request an Amazon review (Solicitations API)"), buyer_facing=True)
def amazon_review_request(run: ActionRun):
    """Amazon's own review request: inside its window (5-30 days after delivery), once per order."""
    order = run.ctx.order
    if order is None or order.platform != "amazon":
        raise Blocked("not_amazon", "the event has no Amazon order")
    if run.dry:
        run.previews.append({"rule": run.rule.name, "language": "", "text": "(Amazon's own review request email)"})
        return {"order": order.number}
    from sellerdesk.channels.amazon_spapi.actions import AmazonRefused, request_review
    from sellerdesk.channels.apiclient import NotConfigured
    from sellerdesk.channels.base import PermanentSendError, RetryableSendError
    from sellerdesk.orders.models import Order

    try:
        request_review(Order.objects.get(pk=order.pk), conversation=run.conversation)
    except AmazonRefused as exc:
        raise Blocked("amazon_refused", str(exc)) from None
    except NotConfigured as exc:
        raise Blocked("not_configured", str(exc)) from None
    except (PermanentSendError, RetryableSendError) as exc:
        raise Blocked("amazon_error", str(exc)) from None
    run.sent = True
    return {"order": order.number}


@action("csat_survey", label=_("Send a CSAT survey"), buyer_facing=True)
def csat_survey(run: ActionRun):
    """Sent by the CSAT feature's function (extensions.CSAT_SENDER) where the channel allows a survey."""
    _needs_conversation(run)
    sender = extensions.csat_sender()
    if sender is None:
        raise Blocked("csat_unavailable", "not available on this channel")
    if run.dry:
        run.previews.append({"rule": run.rule.name, "language": run.ctx.language, "text": "(CSAT survey)"})
        return {}
    result = sender(run.conversation)
    sent = getattr(result, "sent", bool(result))  # the CSAT feature answers SurveyResult(sent, reason, survey)
    if not sent:
        reason = getattr(result, "reason", "") or "channel"
        raise Blocked("csat_unavailable", "not available on this channel" if reason == "channel" else reason)
    run.sent = True
    survey = getattr(result, "survey", None)
    return {"survey": survey.pk if survey is not None else (result if isinstance(result, (int, str)) else True)}


# --- inside the desk -------------------------------------------------------------------------


@action("note", label=_("Add an internal note"), params={"text": Param("text", required=True)})
def note(run: ActionRun, text: str):
    from sellerdesk.conversations.events import record
    from sellerdesk.conversations.models import Message

    body = _with_tracking(run, text)
    conv = _conversation_write(run)
    if conv is not None:
        note = Message.objects.create(
            conversation=conv, account=conv.account, direction=Message.Direction.NOTE, sender_name=str(_("Automation")),
            body_text=body, body_full=body, delivery_status=Message.Delivery.SENT, sent_at=run.now, created_at=run.now,
        )
        record("note_added", conversation=conv, message_id=note.pk, by="automation", rule=run.rule.name)
    return {"text": body}


def _with_tracking(run: ActionRun, text: str) -> str:
    """{tracking} in a note: the order's latest tracking, for the agent who takes over."""
    if "{tracking}" not in text:
        return text
    order = run.ctx.order
    if order is None or not order.latest:
        summary = "no tracking"
    else:
        t = order.latest
        when = order.tracking_updated_at
        summary = f"{t.get('company') or '?'} {t.get('number') or '?'}: {t.get('status') or 'no status'}" + (
            f" (updated {when:%Y-%m-%d %H:%M} UTC)" if when else "")
        if t.get("url"):
            summary += f" {t['url']}"
    return text.replace("{tracking}", summary)


@action("tag", label=_("Add a tag"), params={"name": Param("str", required=True)})
def tag(run: ActionRun, name: str):
    from sellerdesk.automation.models import Tag
    from sellerdesk.conversations.events import record

    conv = _conversation_write(run)
    name = name.strip().lower()[:60]
    if conv is not None:
        _, created = Tag.objects.get_or_create(conversation=conv, name=name, defaults={"created_at": run.now})
        if created:
            record("tagged", conversation=conv, tag=name, by="automation", rule=run.rule.name)
    return {"name": name}


@action("assign", label=_("Assign / route"), params={
    "agent": Param("str", help="username"), "team": Param("str", help="team name"),
    "senior": Param("bool", default=False, help="to a senior agent (claims, disputes)"),
})
def assign(run: ActionRun, agent: str = "", team: str = "", senior: bool = False):
    from django.contrib.auth import get_user_model
    from django.db.models import Count, Q

    from sellerdesk.accounts.models import Team
    from sellerdesk.conversations.actions import assign as assign_to
    from sellerdesk.conversations.events import record

    conv = _conversation_write(run)
    if conv is None:
        return {"agent": agent or None, "team": team or None, "senior": senior}
    User = get_user_model()
    chosen = None
    team_row = Team.objects.filter(name=team).first() if team else None
    if team and team_row is None:
        return {"skipped": f"no team {team!r}"}
    if team_row is not None and conv.team_id != team_row.pk:
        conv.team = team_row
        conv.save(update_fields=["team"])
        record("team_changed", conversation=conv, team=team_row.pk, by="automation", rule=run.rule.name)
    if agent:
        chosen = User.objects.filter(username=agent, is_active=True).first()
    else:
        pool = User.objects.filter(is_active=True, agent__isnull=False).exclude(agent__role="readonly")
        if team_row is not None:
            pool = pool.filter(agent__team=team_row)
        if senior:
            pool = pool.filter(agent__is_senior=True)
        if team_row is not None or senior:
            chosen = pool.annotate(load=Count("assigned_conversations", filter=Q(assigned_conversations__status="open"))).order_by("load", "pk").first()
    if chosen is not None and chosen.pk != conv.assignee_id:
        assign_to(conv, None, chosen)
    return {"agent": chosen.get_username() if chosen else None, "team": team or None}


@action("set_tier", label=_("Set priority tier"), params={"tier": Param("int", required=True, choices=(1, 2, 3))})
def set_tier(run: ActionRun, tier: int):
    from sellerdesk.conversations.events import record

    conv = _conversation_write(run)
    if conv is not None and conv.tier != tier:
        previous = conv.tier
        conv.tier = tier
        conv.save(update_fields=["tier"])
        record("tier_changed", conversation=conv, tier=tier, previous=previous, by="automation", rule=run.rule.name)
    return {"tier": tier}


@action("snooze", label=_("Snooze"), params={"hours": Param("float", required=True)})
def snooze(run: ActionRun, hours: float):
    from sellerdesk.conversations.actions import snooze as snooze_until

    conv = _conversation_write(run)
    until = run.now + dt.timedelta(hours=hours)
    if conv is not None and hours > 0:
        snooze_until(conv, None, until)
    return {"until": until.isoformat()}


@action("resolve", label=_("Resolve"))
def resolve(run: ActionRun):
    from sellerdesk.conversations.actions import resolve as resolve_conv

    conv = _conversation_write(run)
    if conv is not None and conv.status != "resolved":
        conv.refresh_from_db()
        resolve_conv(conv, None)
    return {}


@action("escalate", label=_("Escalate to a supervisor"), params={"reason": Param("str", default="")})
def escalate(run: ActionRun, reason: str = ""):
    """Tier 1, and the supervisors named in the event (their inbox lists it), as the SLA escalation does."""
    from django.contrib.auth import get_user_model

    from sellerdesk.conversations.events import record

    conv = _conversation_write(run)
    if conv is None:
        return {"reason": reason}
    supervisors = list(get_user_model().objects.filter(is_active=True, agent__role="supervisor").order_by("pk").values_list("pk", flat=True))
    if conv.tier != 1:
        conv.tier = 1
        conv.save(update_fields=["tier"])
    record("automation_escalated", conversation=conv, supervisors=supervisors, reason=reason, rule=run.rule.name)
    return {"supervisors": supervisors, "reason": reason}


@action("notify", label=_("Notify a team chat or email"), params={
    "webhook": Param("str", help="team chat webhook URL (WeCom, Feishu, DingTalk, Slack)"),
    "email": Param("list", help="addresses"),
    "text": Param("text", default="{rule}: conversation #{conversation}"),
})
def notify(run: ActionRun, webhook: str = "", email=None, text: str = "{rule}: conversation #{conversation}"):
    from django.db import transaction

    from sellerdesk.automation.tasks import send_notification

    conv_id = run.conversation.pk if run.conversation is not None else ""
    body = text.replace("{rule}", run.rule.name).replace("{conversation}", str(conv_id))
    body = _with_tracking(run, body)
    if not run.dry and (webhook or email):
        transaction.on_commit(lambda: send_notification.enqueue(webhook or "", list(email or []), body))
    return {"webhook": bool(webhook), "email": list(email or []), "text": body}
