"""Encryption at rest for channel credentials (Fernet).

The keys come from settings.ENCRYPTION_KEYS (the environment, else the data folder's
`encryption_key` file written on first start): the first encrypts, every one decrypts, so a
key can be rotated (`sellerdesk rotate-keys`, docs/security.md). Outside production, values
written by older releases — whose key was derived from the secret key, by default a constant
of the source — are still read, and `reencrypt_all` (run at every start) moves them to the
current key.
"""

from __future__ import annotations

import base64
import hashlib
import json

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings


def legacy_key(secret_key: str) -> str:
    """The key older releases derived from the secret key when no encryption key was set."""
    return base64.urlsafe_b64encode(hashlib.sha256(("sellerdesk-credentials:" + secret_key).encode()).digest()).decode()


def _fernet() -> MultiFernet:
    keys = list(settings.ENCRYPTION_KEYS) + list(settings.LEGACY_ENCRYPTION_KEYS)
    return MultiFernet([Fernet(k.encode()) for k in keys])


def encrypt_json(value: dict) -> str:
    return _fernet().encrypt(json.dumps(value, sort_keys=True).encode()).decode()


def decrypt_json(token: str) -> dict:
    if not token:
        return {}
    try:
        return json.loads(_fernet().decrypt(token.encode()))
    except InvalidToken as exc:
        raise ValueError("channel credentials cannot be decrypted with the configured key") from exc


def key_state(token: str) -> str:
    """"current" (under the first key), "old" (readable with another key) or "unreadable"."""
    try:
        Fernet(settings.ENCRYPTION_KEYS[0].encode()).decrypt(token.encode())
        return "current"
    except InvalidToken:
        pass
    try:
        _fernet().decrypt(token.encode())
        return "old"
    except InvalidToken:
        return "unreadable"


def reencrypt_all() -> tuple[int, int]:
    """Re-encrypt every stored credential under the current key: (re-encrypted, unreadable).

    Unreadable values are left alone: the account's page asks for its secrets again.
    """
    from django.db import transaction

    from sellerdesk.channels.models import ChannelAccount

    moved = unreadable = 0
    with transaction.atomic():
        rows = ChannelAccount.objects.select_for_update().exclude(credentials_encrypted="")
        for pk, token in rows.values_list("pk", "credentials_encrypted"):
            state = key_state(token)
            if state == "old":
                rotated = _fernet().rotate(token.encode()).decode()
                ChannelAccount.objects.filter(pk=pk).update(credentials_encrypted=rotated)
                moved += 1
            unreadable += state == "unreadable"
    return moved, unreadable
