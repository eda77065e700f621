"""eBay Notification API endpoint (docs/channels.md, Platform facts → eBay).

GET ?challenge_code=X -> {"challengeResponse": sha256_hex(X + verification token + endpoint URL)};
the endpoint must be the URL registered with eBay exactly (config "endpoint_url", else the URL
the request came to). POST: X-EBAY-SIGNATURE is base64 JSON {"alg": "ecdsa", "kid", "signature",
"digest": "SHA1"}; the signature (DER, base64) is ECDSA over the raw body with the kid's public
key. The dedupe key is notification.notificationId (publishAttemptCount > 1 is a redelivery).
"""

from __future__ import annotations

import base64
import binascii
import hashlib

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec

from sellerdesk.channels.base import MalformedDelivery
from sellerdesk.channels.ebay import keys
from sellerdesk.channels.webhooks import BadSignature, HttpDelivery, Outcome, WebhookReceiver, secret
from sellerdesk.lib import jsonlimits

_DIGESTS = {"SHA1": hashes.SHA1, "SHA256": hashes.SHA256}


def challenge_response(code: str, token: str, endpoint: str) -> str:
    return hashlib.sha256((code + token + endpoint).encode()).hexdigest()


def read_signature_header(value: str) -> dict:
    try:
        data = jsonlimits.loads(base64.b64decode(value, validate=True))
    except (binascii.Error, ValueError):
        raise BadSignature("X-EBAY-SIGNATURE is not base64 JSON") from None
    if not isinstance(data, dict) or not data.get("kid") or not data.get("signature"):
        raise BadSignature("X-EBAY-SIGNATURE lacks kid or signature")
    if not isinstance(data["kid"], str) or not keys.KID.fullmatch(data["kid"]):
        # The kid goes into the key server's URL: only a plain id is ever asked for.
        raise BadSignature("X-EBAY-SIGNATURE kid is not a key id (letters, digits, - and _)")
    return data


class EbayReceiver(WebhookReceiver):
    channel = "ebay"

    def challenge(self, account, delivery: HttpDelivery) -> Outcome:
        code = delivery.query.get("challenge_code", "")
        if not code:
            return Outcome(400, error="challenge_code is missing")
        try:
            token = secret(account, "verification_token")
        except BadSignature as exc:
            return Outcome(503, error=str(exc))
        endpoint = (account.config or {}).get("endpoint_url") or delivery.url
        return Outcome(200, payload={"challengeResponse": challenge_response(code, token, endpoint)})

    def verify(self, account, delivery: HttpDelivery) -> None:
        header = delivery.header("X-EBAY-SIGNATURE")
        if not header:
            raise BadSignature("no X-EBAY-SIGNATURE header")
        sig = read_signature_header(header.strip())
        if str(sig.get("alg", "ecdsa")).lower() != "ecdsa":
            raise BadSignature(f"unsupported algorithm {sig.get('alg')!r}")
        digest = _DIGESTS.get(str(sig.get("digest", "SHA1")).upper())
        if digest is None:
            raise BadSignature(f"unsupported digest {sig.get('digest')!r}")
        try:
            key = keys.public_key(account, str(sig["kid"]))
        except keys.UnknownKey as exc:
            raise BadSignature(str(exc)) from None
        try:
            key.verify(base64.b64decode(sig["signature"]), delivery.body, ec.ECDSA(digest()))
        except (InvalidSignature, binascii.Error, ValueError):
            raise BadSignature("X-EBAY-SIGNATURE does not match the body") from None

    def event_id(self, account, delivery: HttpDelivery) -> str:
        data = delivery.json()
        notification = data.get("notification")
        if not isinstance(notification, dict) or not notification.get("notificationId"):
            raise MalformedDelivery("notification.notificationId is missing")
        if not (data.get("metadata") or {}).get("topic"):
            raise MalformedDelivery("metadata.topic is missing")
        return f"ebay:{notification['notificationId']}"

    def check_payload(self, account, delivery: HttpDelivery) -> None:
        from sellerdesk.channels.ebay.parse import read_payload

        read_payload(delivery.json())
