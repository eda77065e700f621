"""Writing the audit log: `record()` for account and privacy actions, `mirror()` for events.

Every entry takes its address and browser from the request (or command) it happens in
(audit/origin.py). Only ids and a few known-harmless fields are kept: a free-text field
could hold a buyer's name, and an entry can never be changed afterwards.
"""

from __future__ import annotations

from sellerdesk.audit import origin
from sellerdesk.audit.models import AuditEntry
from sellerdesk.lib import clock

# Events (conversations.events.record) that are also audit entries: rule, secret, role,
# token and approval changes, merges. Conversation work (replies, notes) stays in the history.
AUDITED_EVENTS = frozenset({
    "agent_created", "agent_account_changed", "agent_rota_changed",
    "api_token_issued", "api_token_revoked",
    "approval_requested", "approval_approved", "approval_rejected", "approval_not_needed",
    "channel_account_created", "channel_account_updated", "channel_connection_tested", "channel_polled",
    "customers_merged", "customers_unmerged",
    "template_created", "template_changed", "template_reviewed", "glossary_saved", "glossary_deleted",
    "chat_webhook_saved", "chat_webhook_deleted",
    "sla_calendar_saved", "sla_policy_saved", "sla_presets_restored",
})
# String fields that never hold a buyer's data (names of tokens and agents are ours).
SAFE_TEXT = frozenset({
    "what", "currency", "amount", "limit", "prefix", "name", "username", "role", "scopes", "expires_at",
    "key", "language", "channel", "changes", "changed", "fields", "policy", "result", "reason_code",
    "username_tried", "device", "mode", "days", "basis",
    "passwords_changed", "secrets_changed",  # the names of the secrets that changed, never their values
})
TARGET_KEYS = (
    ("customer", "customer"), ("target", "customer"), ("account_id", "channel_account"), ("agent", "user"),
    ("token_id", "api_token"), ("approval_id", "approval"), ("template_id", "template"), ("entry_id", "glossary"),
    ("user_id", "user"), ("session_id", "session"), ("policy_id", "retention_policy"),
    ("webhook_id", "chat_webhook"), ("calendar_id", "sla_calendar"),
)


def _safe(key: str, value):
    if value is None or isinstance(value, (bool, int, float)):
        return value
    if key in SAFE_TEXT:
        if isinstance(value, str):
            return value[:200]
        if isinstance(value, (list, tuple)):
            return [v if isinstance(v, (bool, int, float)) else str(v)[:100] for v in value][:50]
        if isinstance(value, dict):
            return {str(k)[:50]: _safe(key, v) for k, v in list(value.items())[:50]}
    return None


def _clean(data: dict) -> dict:
    kept = {k: _safe(k, v) for k, v in data.items()}
    return {k: v for k, v in kept.items() if v is not None or data[k] is None}


def _target(data: dict) -> str:
    for key, kind in TARGET_KEYS:
        value = data.get(key)
        if isinstance(value, int) and not isinstance(value, bool):
            return f"{kind}:{value}"
    return ""


def record(action: str, *, actor=None, actor_name: str = "", target: str = "", **data) -> AuditEntry:
    """Append one entry; call it inside the transaction of what it records."""
    where = origin.current()
    if actor is not None and getattr(actor, "is_authenticated", False):
        actor_id, actor_name = actor.pk, actor.get_username()
    else:
        actor_id = None
    return AuditEntry.objects.create(
        created_at=clock.now(), action=action[:40], actor_id=actor_id, actor_name=actor_name[:150],
        via=where.via, ip=where.ip, user_agent=where.user_agent, target=target or _target(data), data=_clean(data),
    )


def mirror(kind: str, actor, data: dict, conversation_id: int | None) -> None:
    """The audit entry for an event of an audited kind (see AUDITED_EVENTS)."""
    if kind not in AUDITED_EVENTS:
        return
    extra = {"conversation": conversation_id} if conversation_id else {}
    record(kind, actor=actor, **extra, **data)
