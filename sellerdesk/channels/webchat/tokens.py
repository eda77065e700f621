"""The visitor's token: their random key signed for one chat account (kept in localStorage).

No cookie is set: the widget sends the token with each call. A token of another account, or
altered, is refused. Rotating SELLERDESK_SECRET_KEY ends every visitor's history in the widget
(they start a new chat; the conversations stay in the inbox).
"""

from __future__ import annotations

import secrets

from django.core import signing


def _signer(account_id: int) -> signing.Signer:
    return signing.Signer(salt=f"sellerdesk.webchat.visitor:{account_id}")


def new_key() -> str:
    return secrets.token_hex(16)


def issue(account_id: int, key: str) -> str:
    return _signer(account_id).sign(key)


def read(account_id: int, token: str) -> str | None:
    """The visitor key, or None when the token is not ours for this account."""
    try:
        key = _signer(account_id).unsign(token or "")
    except signing.BadSignature:
        return None
    return key if len(key) == 32 and all(c in "0123456789abcdef" for c in key) else None


def file_token(visitor_key: str, attachment_id: int) -> str:
    """Lets one visitor open one file an agent sent them (a link in the widget)."""
    return signing.Signer(salt="sellerdesk.webchat.file").sign(f"{visitor_key}:{attachment_id}").rsplit(":", 1)[1]


def file_allowed(visitor_key: str, attachment_id: int, token: str) -> bool:
    return secrets.compare_digest(file_token(visitor_key, attachment_id), token or "")
