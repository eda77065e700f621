"""Who may see and do what in the web UI, and the agent's time zone for every page."""

from __future__ import annotations

import functools
import zoneinfo

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from sellerdesk.accounts.models import AgentProfile


def profile_of(user) -> AgentProfile | None:
    try:
        return user.agent
    except AgentProfile.DoesNotExist:
        return None


def agent_timezone(user) -> zoneinfo.ZoneInfo:
    profile = profile_of(user)
    try:
        return zoneinfo.ZoneInfo(profile.timezone if profile else "UTC")
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo("UTC")


def can_write(user) -> bool:
    profile = profile_of(user)
    return profile is None or profile.role != AgentProfile.Role.READONLY


def is_admin(user) -> bool:
    profile = profile_of(user)
    return user.is_superuser or (profile is not None and profile.role == AgentProfile.Role.ADMIN)


def agent_view(view=None, *, admin: bool = False):
    """Login required; POSTs need a writing role; times shown in the agent's zone."""

    def decorate(func):
        @functools.wraps(func)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if admin and not is_admin(request.user):
                raise PermissionDenied("Only admins can manage channels.")
            if request.method == "POST" and not can_write(request.user):
                raise PermissionDenied("This account is read-only.")
            timezone.activate(agent_timezone(request.user))
            try:
                return func(request, *args, **kwargs)
            finally:
                timezone.deactivate()

        return wrapper

    return decorate(view) if view is not None else decorate
