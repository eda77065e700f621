"""What production mode refuses at start: weak or malformed keys, any host, debug pages.

Pure functions of the values settings.py read, so settings.py can raise one message naming
everything to fix. See docs/security.md.
"""

from __future__ import annotations

import base64
import binascii

# The secret key older releases used when none was set: published, so never good enough.
OLD_DEFAULT_SECRET_KEY = "sellerdesk-insecure-development-key-change-me"
PUBLISHED_SECRET_KEYS = frozenset({OLD_DEFAULT_SECRET_KEY})
MIN_SECRET_KEY_LENGTH = 50
MIN_SECRET_KEY_CHARACTERS = 5


def weak_secret_key(key: str) -> str:
    """Why `key` is too weak for production ("" if it is not); Django's own deploy-check rule."""
    if key in PUBLISHED_SECRET_KEYS:
        return "is a published development key"
    if key.startswith("django-insecure"):
        return "is a Django development key"
    if len(key) < MIN_SECRET_KEY_LENGTH or len(set(key)) < MIN_SECRET_KEY_CHARACTERS:
        return f"must be at least {MIN_SECRET_KEY_LENGTH} random characters"
    return ""


def malformed_encryption_key(key: str) -> str:
    """Why `key` is not a Fernet key ("" if it is): 32 bytes, url-safe base64."""
    try:
        raw = base64.urlsafe_b64decode(key.encode("ascii"))
    except (binascii.Error, UnicodeEncodeError, ValueError):
        return "is not url-safe base64"
    if len(raw) != 32:
        return f"decodes to {len(raw)} bytes, a Fernet key is 32"
    return ""


def encryption_key_problems(keys: list[str]) -> list[str]:
    """Malformed keys are refused in every mode: nothing could be encrypted or read with them."""
    return [f"SELLERDESK_ENCRYPTION_KEY (key {i}) {why}" for i, key in enumerate(keys, 1) if (why := malformed_encryption_key(key))]


def problems(*, secret_key: str, encryption_keys: list[str], allowed_hosts: list[str], debug: bool) -> list[str]:
    """Everything production mode refuses, one sentence each."""
    found = []
    weak = weak_secret_key(secret_key)
    if weak:
        found.append(f"SELLERDESK_SECRET_KEY {weak}")
    found += encryption_key_problems(encryption_keys)
    if not allowed_hosts or any(h.strip() in ("*", ".") for h in allowed_hosts):
        found.append("SELLERDESK_ALLOWED_HOSTS must name this desk's host names, not *")
    if debug:
        found.append("SELLERDESK_DEBUG must be off (debug pages show settings and data)")
    return found
