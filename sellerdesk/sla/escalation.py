"""Escalation actions run by the sweep at a warning or a breach, in bulk per batch."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import F

from sellerdesk.conversations.models import Conversation, Event

def run(stage: str, rows: list, now) -> list[Event]:
    """Carry out the `stage` ("warn" / "breach") steps of each row's policy; return their events."""
    wanted: dict[str, dict[int, object]] = {}  # action -> conversation id -> the deadline that asked
    for row in rows:
        for step in row.policy.escalation:
            if step["at"] == stage:
                wanted.setdefault(step["action"], {}).setdefault(row.conversation_id, row)
    events = []
    if "notify_supervisor" in wanted:
        events += _notify_supervisors(wanted["notify_supervisor"], now, stage)
    if "raise_tier" in wanted:
        events += _raise_tier(wanted["raise_tier"], now)
    if "reassign" in wanted:
        events += _reassign(wanted["reassign"], now)
    return events


def _event(row, now, action: str, **data) -> Event:
    return Event(
        conversation_id=row.conversation_id, kind="sla_escalated", created_at=now,
        data={"action": action, "deadline": row.pk, "label": row.kind, **data},
    )


def _notify_supervisors(by_conv: dict, now, stage: str) -> list[Event]:
    """The event names the supervisors; sellerdesk.alerts turns it into their alerts."""
    User = get_user_model()
    supervisors = list(
        User.objects.filter(is_active=True, agent__role="supervisor").order_by("pk").values_list("pk", "agent__team_id")
    )
    events = []
    for row in by_conv.values():
        team = row.team_id
        chosen = [pk for pk, t in supervisors if team is None or t == team] or [pk for pk, _ in supervisors]
        events.append(_event(row, now, "notify_supervisor", supervisors=chosen, stage=stage))
    return events


def _raise_tier(by_conv: dict, now) -> list[Event]:
    """One step more urgent (tier 1 is the most urgent)."""
    Conversation.objects.filter(pk__in=list(by_conv), tier__gt=1).update(tier=F("tier") - 1)
    return [_event(row, now, "raise_tier", tier=max(1, row.tier - 1)) for row in by_conv.values()]


def _reassign(by_conv: dict, now) -> list[Event]:
    """To another agent chosen by routing (on shift, language, seniors for tier 1, least loaded)."""
    from sellerdesk.routing import service as routing
    from sellerdesk.routing.choose import choose_agent

    candidates = routing.candidates(now)
    by_id = {c.id: c for c in candidates}
    convs = {c.pk: c for c in Conversation.objects.filter(pk__in=list(by_conv)).select_related("customer")}
    events = []
    for conv_id, row in by_conv.items():
        previous = row.assignee_id
        conv = convs.get(conv_id)
        choice = choose_agent(routing.work_of(conv), candidates, now.timestamp(), exclude={previous}) if conv else None
        # Only to someone at work now: handing a late thread to an agent whose shift starts later makes it later.
        chosen = by_id.get(choice.agent_id) if choice is not None else None
        if chosen is None or chosen.available_at is None or chosen.available_at > now.timestamp():
            events.append(_event(row, now, "reassign", assignee=previous, previous=previous, reason="no other agent available"))
            continue
        by_id[choice.agent_id].load += 1  # later conversations of the batch see the new load
        Conversation.objects.filter(pk=conv_id).update(assignee_id=choice.agent_id)
        events.append(_event(row, now, "reassign", assignee=choice.agent_id, previous=previous))
    return events
