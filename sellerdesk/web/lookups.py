"""Small read helpers shared by several pages (each one query, whatever the data size)."""

from __future__ import annotations

from django.contrib.auth import get_user_model

from sellerdesk.channels.models import RawDelivery
from sellerdesk.channels.registry import inbox_channels as registered_inbox_channels
from sellerdesk.conversations.models import Message


def active_agents() -> list:
    """The agents for the assignee menus (their names); the profiles' lists (languages, skills, shifts,
    holidays) are not read: fifty agents' JSON decoded on every inbox page for nothing."""
    User = get_user_model()
    return list(
        User.objects.filter(is_active=True, agent__isnull=False).select_related("agent")
        .defer("agent__languages", "agent__skills", "agent__shifts", "agent__holidays")
        .order_by("agent__display_name", "username")
    )


def agent_names(ids=None) -> list[tuple[int, str]]:
    """(user id, name) of the active agents, by name, for the inbox's assignee menu and rows; with `ids`,
    of those users whether active or not (a row assigned to someone who has left). Pairs, not model
    objects: the inbox page built a hundred of them (user and profile) for two values each."""
    User = get_user_model()
    users = User.objects.filter(pk__in=list(ids)) if ids is not None else User.objects.filter(is_active=True, agent__isnull=False)
    rows = users.order_by("agent__display_name", "username").values_list("pk", "agent__display_name", "username")
    return [(pk, display or username) for pk, display, username in rows]


def inbox_channels() -> list[str]:
    # "amazon" comes through the email channel (relay mail), so it is not a registry name of its own.
    return ["amazon", *sorted(registered_inbox_channels())]


def failed_deliveries():
    # Rejected (bad signature) deliveries are problems too: a wrong secret or a forgery.
    return RawDelivery.objects.filter(status__in=[RawDelivery.Status.FAILED, RawDelivery.Status.REJECTED])


def failed_messages():
    return Message.objects.filter(direction=Message.Direction.OUTBOUND, delivery_status=Message.Delivery.FAILED)


def problem_count() -> int:
    return failed_deliveries().count() + failed_messages().count()
