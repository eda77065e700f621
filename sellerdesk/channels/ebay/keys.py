"""eBay notification public keys: configured per account, or fetched by kid and cached (~1 h).

getPublicKey needs an application token: a configured `app_token`, else one obtained with the
client-credentials grant from `client_id` / `client_secret` (cached until it expires). A key
that cannot be fetched is not a bad signature: the receiver answers 503 and eBay retries.
"""

from __future__ import annotations

import base64
import re
import threading
import time
from urllib.parse import quote

import httpx
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import load_der_public_key
from django.conf import settings

from sellerdesk.channels.webhooks import TryLater

_cache: dict[tuple, tuple[float, object]] = {}
_lock = threading.Lock()
_PEM_BODY = re.compile(r"-----BEGIN PUBLIC KEY-----(.*?)-----END PUBLIC KEY-----", re.S)
# What a key id may look like (eBay's are UUIDs); checked before it goes into a URL.
KID = re.compile(r"[A-Za-z0-9_-]{1,128}")
# A kid eBay said it does not know is not asked for again for this long: forged signatures with
# made-up kids cost one outbound call each at most once.
UNKNOWN_KID_SECONDS = 300


class KeyUnavailable(TryLater):
    """The key server could not be asked (network, 5xx, no credentials): try again later."""


class UnknownKey(Exception):
    """The key server does not know this kid, or returned something that is not an EC key."""


def load_key(text: str) -> ec.EllipticCurvePublicKey:
    """A PEM key as eBay returns it: markers and base64, line breaks optional."""
    found = _PEM_BODY.search(text or "")
    if not found:
        raise UnknownKey("the public key is not in PEM form")
    try:
        key = load_der_public_key(base64.b64decode("".join(found.group(1).split())))
    except ValueError as exc:
        raise UnknownKey(f"the public key cannot be read: {exc}") from None
    if not isinstance(key, ec.EllipticCurvePublicKey):
        raise UnknownKey("the public key is not an elliptic-curve key")
    return key


def public_key(account, kid: str) -> ec.EllipticCurvePublicKey:
    configured = (account.config or {}).get("public_keys") or {}
    if kid in configured:
        return load_key(configured[kid])
    if not KID.fullmatch(kid):
        raise UnknownKey(f"{kid!r} is not a key id")
    url = ((account.config or {}).get("public_key_url") or settings.EBAY_PUBLIC_KEY_URL).replace("{kid}", quote(kid, safe=""))
    cached = _cache.get(("key", url))
    if cached and cached[0] > time.monotonic():
        if isinstance(cached[1], UnknownKey):
            raise cached[1]
        return cached[1]
    token = app_token(account)
    try:
        response = httpx.get(url, headers={"Authorization": f"Bearer {token}"}, timeout=settings.HTTP_TIMEOUT_SECONDS)
    except httpx.HTTPError as exc:
        raise KeyUnavailable(f"eBay public key {kid}: {exc}") from None
    if response.status_code in (400, 404):
        unknown = UnknownKey(f"eBay does not know public key {kid} (HTTP {response.status_code})")
        with _lock:
            _cache[("key", url)] = (time.monotonic() + UNKNOWN_KID_SECONDS, unknown)
        raise unknown
    if response.status_code != 200:
        raise KeyUnavailable(f"eBay public key {kid}: HTTP {response.status_code}")
    try:
        data = response.json()
    except ValueError:
        raise KeyUnavailable(f"eBay public key {kid}: the answer is not JSON") from None
    key = load_key(data.get("key", ""))
    with _lock:
        _cache[("key", url)] = (time.monotonic() + settings.EBAY_KEY_CACHE_SECONDS, key)
    return key


def app_token(account) -> str:
    creds = account.credentials
    if creds.get("app_token"):
        return creds["app_token"]
    client_id, client_secret = creds.get("client_id", ""), creds.get("client_secret", "")
    if not (client_id and client_secret):
        raise KeyUnavailable("not configured: eBay needs an app token, or a client id and secret, to fetch its public keys")
    url = (account.config or {}).get("token_url") or settings.EBAY_TOKEN_URL
    cached = _cache.get(("token", url, client_id))
    if cached and cached[0] > time.monotonic():
        return cached[1]
    try:
        response = httpx.post(
            url,
            auth=(client_id, client_secret),
            data={"grant_type": "client_credentials", "scope": "https://api.ebay.com/oauth/api_scope"},
            timeout=settings.HTTP_TIMEOUT_SECONDS,
        )
    except httpx.HTTPError as exc:
        raise KeyUnavailable(f"eBay application token: {exc}") from None
    if response.status_code != 200:
        raise KeyUnavailable(f"eBay application token: HTTP {response.status_code} {response.text[:200]}")
    data = response.json()
    # Renewed a minute early, so a token never expires between the check and the call.
    expires = time.monotonic() + max(0, int(data.get("expires_in", 7200)) - 60)
    with _lock:
        _cache[("token", url, client_id)] = (expires, data["access_token"])
    return data["access_token"]


def clear_cache() -> None:
    with _lock:
        _cache.clear()
