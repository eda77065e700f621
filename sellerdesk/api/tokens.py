"""Issuing, revoking and checking API tokens. Only a key's SHA-256 is ever stored."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Q

from sellerdesk.accounts.models import ApiToken
from sellerdesk.conversations.events import record
from sellerdesk.lib import clock

# last_used_at is a hint for admins, not an audit trail: refresh it at most this often
# so a busy integration does not cost one write per request.
TOUCH_EVERY = dt.timedelta(minutes=1)


class TokenError(ValueError):
    pass


def clean_scopes(user, scopes) -> list[str]:
    """The scopes asked for, checked: known names only, admin only for admins, at least one."""
    from sellerdesk.web.access import is_admin

    wanted = [s.strip().lower() for s in (scopes or []) if s and s.strip()]
    unknown = sorted(set(wanted) - set(ApiToken.SCOPES))
    if unknown:
        raise TokenError(f"Unknown scope {', '.join(unknown)}: use {', '.join(ApiToken.SCOPES)}.")
    if not wanted:
        raise TokenError(f"A token needs at least one scope ({', '.join(ApiToken.SCOPES)}).")
    if "admin" in wanted and not is_admin(user):
        raise TokenError(f"Only admins can hold admin tokens; {user.get_username()} is not an admin.")
    return [s for s in ApiToken.SCOPES if s in wanted]


def issue(user, name: str, scopes=("read",), expires_at: dt.datetime | None = None) -> tuple[ApiToken, str]:
    """Create a token; the key is returned once and cannot be recovered later."""
    name = (name or "").strip()
    if not name:
        raise TokenError("A token needs a name (what it is for).")
    scopes = clean_scopes(user, scopes)
    if expires_at is not None and expires_at <= clock.now():
        raise TokenError("The expiry must be in the future.")
    with transaction.atomic():
        token, key = ApiToken.issue(user, name[:100], scopes, expires_at)
        record("api_token_issued", actor=user, token_id=token.pk, prefix=token.prefix, name=token.name,
               scopes=scopes, expires_at=expires_at.isoformat() if expires_at else None)
    return token, key


def revoke_by_id(user, token_id: int) -> ApiToken | None:
    token = ApiToken.objects.filter(user=user, pk=token_id).first()
    if token is not None:
        with transaction.atomic():
            record("api_token_revoked", actor=user, token_id=token.pk, prefix=token.prefix, name=token.name)
            token.delete()
    return token


def revoke(user, prefix: str) -> ApiToken:
    """Delete the user's one token whose key starts with `prefix` (the stored 8 characters, or the whole key)."""
    prefix = (prefix or "").strip()
    if len(prefix) > 8:
        matches = list(ApiToken.objects.filter(user=user, key_hash=ApiToken.hash(prefix)))
    else:
        matches = list(ApiToken.objects.filter(user=user, prefix__startswith=prefix)) if prefix else []
    if not matches:
        raise TokenError(f"No token of {user.get_username()} starts with {prefix!r}.")
    if len(matches) > 1:
        raise TokenError(f"{len(matches)} tokens start with {prefix!r}; give more of the key.")
    token = matches[0]
    with transaction.atomic():
        record("api_token_revoked", actor=user, token_id=token.pk, prefix=token.prefix, name=token.name)
        token.delete()
    return token


def authenticate(key: str) -> ApiToken | None:
    """The token for `key` if it exists, has not expired and its user is active; refreshes last_used_at."""
    if not key:
        return None
    # The agent profile with it: every write checks the role (api.auth.can_write).
    token = ApiToken.objects.select_related("user", "user__agent").filter(key_hash=ApiToken.hash(key)).first()
    if token is None or not token.user.is_active:
        return None
    now = clock.now()
    if token.expires_at is not None and token.expires_at <= now:
        return None
    if token.last_used_at is None or now - token.last_used_at >= TOUCH_EVERY:
        # Conditional update: concurrent requests in the same minute write once.
        ApiToken.objects.filter(pk=token.pk).filter(
            Q(last_used_at__isnull=True) | Q(last_used_at__lte=now - TOUCH_EVERY)
        ).update(last_used_at=now)
        token.last_used_at = now
    return token
