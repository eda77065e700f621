"""Every write of the SLA settings pages: calendars, policies, the shipped presets. One event each,
mirrored to the audit log (rule changes)."""

from __future__ import annotations

from django.db import transaction

from sellerdesk.conversations.events import record
from sellerdesk.sla import presets
from sellerdesk.sla.models import Calendar, Policy

CALENDAR_FIELDS = ("name", "kind", "timezone", "weekly_hours", "holiday_country", "holiday_subdivision", "custom_days")
POLICY_FIELDS = ("name", "label", "group", "metric", "channel", "marketplace", "region", "tier", "intent", "claim_kind",
                 "store", "target_minutes", "due_from_claim", "calendar", "warn_at", "escalation", "pause_when_pending",
                 "auto_reply_counts", "priority", "is_active")


def _current(row, name: str):
    # A foreign key by its id: a new policy has no calendar to read yet.
    return row.calendar_id if name == "calendar" else getattr(row, name)


def _apply(row, values: dict, fields) -> list[str]:
    changed = [f for f in fields if f in values and _current(row, f) != (values[f].pk if f == "calendar" else values[f])]
    for f in fields:
        if f in values:
            setattr(row, f, values[f])
    return changed


def save_calendar(user, values: dict, calendar: Calendar | None = None) -> Calendar:
    """Create or change a calendar; CalendarError (naming the field) when it cannot work."""
    with transaction.atomic():
        row = calendar or Calendar()
        changed = _apply(row, values, CALENDAR_FIELDS)
        row.save()  # validates
        record("sla_calendar_saved", actor=user, calendar_id=row.pk, name=row.name, created=calendar is None, changed=changed)
        return row


def save_policy(user, values: dict, policy: Policy | None = None) -> Policy:
    """Create or change a policy; PolicyError (naming the field) when it cannot work.
    Open deadlines keep their due times; new clocks follow the new policy."""
    with transaction.atomic():
        row = policy or Policy()
        changed = _apply(row, values, POLICY_FIELDS)
        row.save()
        record("sla_policy_saved", actor=user, policy=row.pk, name=row.name, created=policy is None,
               changed=changed)
        return row


def restore_presets(user) -> dict:
    with transaction.atomic():
        counts = presets.apply(Calendar, Policy, reset=True)
        record("sla_presets_restored", actor=user, **counts)
        return counts
