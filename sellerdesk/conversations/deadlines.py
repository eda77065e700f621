"""Compatibility shim: the SLA engine (sellerdesk.sla) owns deadlines now.

New code calls sellerdesk.sla.engine (on_buyer_message / on_reply / on_resolve /
on_priority_change), which keeps the Deadline rows and Conversation.next_deadline_at in step.
"""

from __future__ import annotations

import datetime as dt

from sellerdesk.sla.engine import window
from sellerdesk.sla.policies import Facts, active_policies, select


def response_deadline(*, channel: str, tier: int, received_at: dt.datetime) -> tuple[dt.datetime, str]:
    """The earliest first-response due time the active policies give, and its label."""
    policies = [
        p for p in select(active_policies(), Facts(channel=channel, tier=str(tier)))
        if p.metric == "first_response" and not p.claim_kind
    ]
    options = [(window(p, received_at)[0], p.label) for p in policies]
    return min(options) if options else (received_at + dt.timedelta(hours=24), "First response 24 h")
