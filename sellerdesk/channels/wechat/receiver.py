"""WeChat Official Account webhook: URL verification, signatures, the dedupe key, the answer.

Facts (docs/channels.md, Platform facts → WeChat):
- GET ?signature&timestamp&nonce&echostr: echostr is answered unchanged when the signature fits.
- POST: the same query; in safe mode also encrypt_type=aes and msg_signature, and the body is
  <xml><ToUserName/><Encrypt/></xml>.
- The answer must come within 5 s; "success" tells WeChat not to retry and to show nothing.
  The buyer's answer goes out later through the customer-service message API.
- Dedupe: MsgId; events carry none, so FromUserName + CreateTime + Event.

The plain-mode signature does not cover the body: a timestamp off by more than
SELLERDESK_WECHAT_MAX_SKEW_SECONDS is refused, and the signature itself is a second dedupe key,
so a captured request cannot carry another body. An account with an EncodingAESKey accepts
safe-mode bodies only (msg_signature covers the encrypted body, the AppID inside is checked).
"""

from __future__ import annotations

import hmac

from django.conf import settings

from sellerdesk.channels.base import MalformedDelivery
from sellerdesk.channels.wechat import payloads
from sellerdesk.channels.wechat.crypt import CryptError, decrypt, signature
from sellerdesk.channels.webhooks import BadSignature, HttpDelivery, Outcome, WebhookReceiver, secret
from sellerdesk.lib import clock


def safe_mode(account) -> bool:
    try:
        return bool(account.credentials.get("encoding_aes_key"))
    except ValueError:
        return False


def decrypted_fields(account, body: bytes) -> dict[str, str]:
    """The message's fields, decrypted first when the body is a safe-mode envelope."""
    fields = payloads.read_xml(body)
    if "Encrypt" not in fields:
        return fields
    envelope = payloads.envelope(fields)
    creds = account.credentials
    if not creds.get("encoding_aes_key"):
        raise MalformedDelivery("Encrypt: a safe-mode (encrypted) body, and this account has no EncodingAESKey to decrypt it")
    try:
        inner = decrypt(envelope.Encrypt, encoding_aes_key=creds.get("encoding_aes_key", ""),
                        app_id=(account.config or {}).get("app_id", ""))
    except CryptError as exc:
        raise MalformedDelivery(f"Encrypt: {exc}") from None
    return payloads.read_xml(inner, "Encrypt")


def event_key(msg: payloads.WeChatMessage) -> str:
    if msg.MsgId:
        return f"wechat:{msg.MsgId}"
    return f"wechat:event:{msg.FromUserName}:{msg.CreateTime}:{msg.Event}"


class WeChatReceiver(WebhookReceiver):
    channel = "wechat"

    def _check_query(self, account, delivery: HttpDelivery) -> tuple[str, str, str]:
        token = secret(account, "token")
        given, timestamp, nonce = (delivery.query.get(k, "") for k in ("signature", "timestamp", "nonce"))
        if not (given and timestamp and nonce):
            raise BadSignature("signature, timestamp or nonce missing from the query")
        if not hmac.compare_digest(signature(token, timestamp, nonce), given.lower()):
            raise BadSignature("signature does not match token, timestamp and nonce")
        try:
            skew = abs(clock.now().timestamp() - int(timestamp))
        except ValueError:
            raise BadSignature("timestamp is not a number") from None
        if skew > settings.WECHAT_MAX_SKEW_SECONDS:
            raise BadSignature(f"timestamp is {int(skew)} s away from our clock (at most {settings.WECHAT_MAX_SKEW_SECONDS} s)")
        return token, timestamp, nonce

    def verify(self, account, delivery: HttpDelivery) -> None:
        token, timestamp, nonce = self._check_query(account, delivery)
        if not safe_mode(account):
            return
        given = delivery.query.get("msg_signature", "")
        if not given:
            raise BadSignature("this account has an EncodingAESKey (safe mode): the delivery has no msg_signature")
        try:
            encrypted = payloads.envelope(payloads.read_xml(delivery.body)).Encrypt
        except MalformedDelivery as exc:
            raise BadSignature(f"msg_signature cannot be checked: {exc}") from None
        if not hmac.compare_digest(signature(token, timestamp, nonce, encrypted), given.lower()):
            raise BadSignature("msg_signature does not match the encrypted body")

    def event_id(self, account, delivery: HttpDelivery) -> str:
        msg = payloads.message(decrypted_fields(account, delivery.body))
        if account.address and msg.ToUserName != account.address:
            raise MalformedDelivery(f"ToUserName: the delivery is for {msg.ToUserName}, this account is {account.address}")
        return event_key(msg)

    def content_key(self, account, delivery: HttpDelivery) -> str:
        if safe_mode(account) or not delivery.query.get("signature"):
            return ""  # msg_signature covers the body, or a bare body came unsigned: nothing to pin
        return f"wechat-signature:{delivery.query.get('signature', '').lower()}:{delivery.query.get('nonce', '')}"

    def challenge(self, account, delivery: HttpDelivery) -> Outcome:
        try:
            self._check_query(account, delivery)
        except BadSignature as exc:
            return Outcome(401, error=f"bad signature: {exc}")
        echostr = delivery.query.get("echostr", "")
        if not echostr:
            return Outcome(400, error="echostr missing from the query")
        return Outcome(200, text=echostr)

    def answer(self, outcome: Outcome) -> Outcome:
        # Stored (or a duplicate): "success" stops WeChat's retries and shows the buyer nothing;
        # our reply follows through the customer-service API.
        if outcome.status == 200:
            return Outcome(200, outcome.raw, outcome.created, text="success")
        return outcome
