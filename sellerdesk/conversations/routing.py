"""First version of assignment (the routing module replaces it): least-loaded available
agent who writes the buyer's language; senior agents for tier 1."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import Count, Q

from sellerdesk.conversations.models import Conversation


def pick_assignee(conversation: Conversation):
    User = get_user_model()
    open_statuses = [Conversation.Status.OPEN, Conversation.Status.PENDING]
    agents = (
        User.objects.filter(is_active=True, agent__is_available=True)
        .exclude(agent__role="readonly")
        .annotate(load=Count("assigned_conversations", filter=Q(assigned_conversations__status__in=open_statuses)))
        .select_related("agent")
        .order_by("load", "id")
    )
    candidates = [a for a in agents if a.load < a.agent.capacity]
    if conversation.tier == 1:
        seniors = [a for a in candidates if a.agent.is_senior]
        candidates = seniors or candidates
    speakers = [a for a in candidates if conversation.language and conversation.language in (a.agent.languages or [])]
    pool = speakers or candidates
    return pool[0] if pool else None
