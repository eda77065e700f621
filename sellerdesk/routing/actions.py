"""Writes to an agent's rota: validated, saved and recorded as one event."""

from __future__ import annotations

from django.db import transaction

from sellerdesk.conversations.events import record
from sellerdesk.routing.availability import rota_of

ROTA_FIELDS = ("languages", "skills", "timezone", "shifts", "holiday_country", "holidays", "away_from", "away_until",
               "capacity", "is_senior", "is_available")


def set_rota(profile, actor=None, **changes):
    """Change routing fields of an AgentProfile; a bad rota raises ShiftError and nothing is saved."""
    unknown = set(changes) - set(ROTA_FIELDS)
    if unknown:
        raise ValueError(f"not a rota field: {', '.join(sorted(unknown))}")
    with transaction.atomic():
        for name, value in changes.items():
            setattr(profile, name, value)
        rota_of(profile)  # raises ShiftError naming the field
        profile.save(update_fields=list(changes))
        record(
            "agent_rota_changed", actor=actor, agent=profile.user_id,
            changes={k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in changes.items()},
        )
    return profile
