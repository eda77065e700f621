"""Who counts as a supervisor: the one answer every page, API and approval rule asks for."""

from __future__ import annotations

from sellerdesk.accounts.models import AgentProfile

SUPERVISORS = frozenset({AgentProfile.Role.SUPERVISOR, AgentProfile.Role.ADMIN})


def is_supervisor(user) -> bool:
    """A superuser, or an agent whose role is supervisor or admin."""
    if getattr(user, "is_superuser", False):
        return True
    profile = getattr(user, "agent", None)  # no profile: Django's RelatedObjectDoesNotExist is an AttributeError
    return profile is not None and profile.role in SUPERVISORS
