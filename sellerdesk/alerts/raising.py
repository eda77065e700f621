"""Events in, alerts out: who is concerned, what they asked for, what is sent after commit.

Called where the events are written (events.record, the SLA sweep, the intake), inside their
transaction: the bell rows commit with the event, and emails and chat posts are queued on commit.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import transaction

from sellerdesk.alerts.models import ChatWebhook, Delivery, Kind, Notification, Preference
from sellerdesk.alerts.quiet import quiet_until
from sellerdesk.lib import clock

# Event kind -> alert kind. An escalation alerts only when its step is "notify supervisor".
EVENT_KINDS = {
    "sla_escalated": Kind.ESCALATION,
    "sla_breached": Kind.BREACH,
    "claim_opened": Kind.CLAIM,
    "message_failed": Kind.SEND_FAILED,
    "approval_requested": Kind.APPROVAL,
}
SUPERVISOR_ROLES = ("supervisor", "admin")


@dataclass
class Alert:
    kind: str
    item: dict  # what the text needs (texts.line)
    recipients: list[int] = field(default_factory=list)
    team_id: int | None = None


def from_events(events) -> int:
    """Raise the alerts the events call for; the number of bell notifications written."""
    events = [e for e in events if e.kind in EVENT_KINDS and (e.kind != "sla_escalated" or e.data.get("action") == "notify_supervisor")]
    if not events:
        return 0
    from sellerdesk.conversations.models import Conversation, Message

    conv_ids = {e.conversation_id for e in events if e.conversation_id}
    convs = {c["pk"]: c for c in Conversation.objects.filter(pk__in=conv_ids).values("pk", "subject", "assignee_id", "team_id")}
    failed_ids = [e.data.get("message_id") for e in events if e.kind == "message_failed"]
    authors = dict(Message.objects.filter(pk__in=failed_ids).values_list("pk", "author_id")) if failed_ids else {}
    staff = _supervisors()
    alerts, escalated = [], set()
    for e in sorted(events, key=lambda e: e.kind != "sla_escalated"):  # escalations first: they win over the breach
        conv = convs.get(e.conversation_id, {})
        kind = EVENT_KINDS[e.kind]
        item = {"kind": str(kind), "conversation": e.conversation_id, "subject": conv.get("subject", "")}
        team, assignee = conv.get("team_id"), conv.get("assignee_id")
        data = e.data or {}
        if kind == Kind.ESCALATION:
            item.update(label=data.get("label", ""), stage=data.get("stage", ""))
            people = list(data.get("supervisors") or [])
            escalated.update((p, data.get("deadline")) for p in people)
        elif kind == Kind.BREACH:
            item.update(label=data.get("label", ""))
            people = [p for p in [assignee, *_of_team(staff, team)] if p and (p, data.get("deadline")) not in escalated]
        elif kind == Kind.CLAIM:
            item.update(claim_kind=data.get("claim_kind", ""), amount=data.get("amount"), currency=data.get("currency", ""))
            people = [p for p in [assignee, *_of_team(staff, team)] if p]
        elif kind == Kind.SEND_FAILED:
            item.update(error=str(data.get("error", ""))[:300])
            people = [authors.get(data.get("message_id")) or assignee]
        else:
            item.update(what=data.get("what", ""), amount=data.get("amount"), currency=data.get("currency", ""))
            people = [p for p in _of_team(staff, team) if p != e.actor_id]  # not the agent who asked
        alerts.append(Alert(kind=str(kind), item=item, recipients=list(dict.fromkeys(p for p in people if p)), team_id=team))
    return raise_alerts(alerts)


def _supervisors() -> list[tuple[int, int | None, str]]:
    User = get_user_model()
    return list(User.objects.filter(is_active=True, agent__role__in=SUPERVISOR_ROLES)
                .order_by("pk").values_list("pk", "agent__team_id", "agent__role"))


def _of_team(staff, team_id) -> list[int]:
    """The team's supervisors; else every supervisor; else the admins."""
    supervisors = [(pk, t) for pk, t, role in staff if role == "supervisor"]
    chosen = [pk for pk, t in supervisors if team_id is not None and t == team_id] or [pk for pk, _ in supervisors]
    return chosen or [pk for pk, _, role in staff if role == "admin"]


def raise_alerts(alerts: list[Alert], now: dt.datetime | None = None) -> int:
    """Bell rows now; one email per person and one post per chat robot, queued on commit."""
    now = now or clock.now()
    people = {p for a in alerts for p in a.recipients}
    User = get_user_model()
    users = {u.pk: u for u in User.objects.filter(pk__in=people, is_active=True).select_related("agent")}
    prefs = {p.user_id: p for p in Preference.objects.filter(user_id__in=people)}
    notifications, mail = [], {}
    for a in alerts:
        for pk in a.recipients:
            user = users.get(pk)
            if user is None:
                continue
            pref = prefs.get(pk) or Preference.default(user)
            if a.kind in pref.in_app:
                notifications.append(Notification(recipient_id=pk, kind=a.kind, conversation_id=a.item.get("conversation"),
                                                  data=a.item, created_at=now))
            if a.kind in pref.email and user.email:
                mail.setdefault(pk, []).append(a.item)
    Notification.objects.bulk_create(notifications)
    deliveries = []
    for pk, items in mail.items():
        user, pref = users[pk], prefs.get(pk) or Preference.default(users[pk])
        profile = getattr(user, "agent", None)
        tz = profile.timezone if profile else "UTC"
        deliveries.append(Delivery(user=user, language=profile.ui_language if profile else "en", items=items,
                                   send_after=quiet_until(pref.quiet_start, pref.quiet_end, tz, now) or now, created_at=now))
    for hook in ChatWebhook.objects.filter(is_active=True):
        items = [a.item for a in alerts if a.kind in hook.kinds and (hook.team_id is None or hook.team_id == a.team_id)]
        if items:
            deliveries.append(Delivery(webhook=hook, language=hook.language, items=items, send_after=now, created_at=now))
    if deliveries:
        Delivery.objects.bulk_create(deliveries)
        transaction.on_commit(lambda: _queue([(d.pk, d.send_after) for d in deliveries], now))
    return len(notifications)


def _queue(rows: list[tuple[int, dt.datetime]], now: dt.datetime) -> None:
    from sellerdesk.alerts.tasks import deliver_alert

    for pk, send_after in rows:
        (deliver_alert.using(run_after=send_after) if send_after > now else deliver_alert).enqueue(pk)
