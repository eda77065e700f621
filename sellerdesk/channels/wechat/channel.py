"""WeChat Official Account (公众号): the channel registered in channels/registry.py."""

from __future__ import annotations

import datetime as dt

from sellerdesk.channels import chat
from sellerdesk.channels.base import Channel, ParseResult, PermanentSendError
from sellerdesk.channels.wechat.client import IMAGE_TYPES, WeChatClient
from sellerdesk.channels.wechat.parse import parse_delivery, read, thread_key
from sellerdesk.channels.wechat.receiver import event_key
from sellerdesk.customers.join import join_known_customer

MEDIA_WORDS = {"image": "picture", "voice": "voice message", "video": "video", "shortvideo": "video"}


class WeChatChannel(Channel):
    name = "wechat"
    chat_identity_prefix = "wechat:"
    label = "WeChat Official Account"
    receiver = "sellerdesk.channels.wechat.receiver.WeChatReceiver"

    def parse(self, raw) -> ParseResult:
        return parse_delivery(raw)

    def send(self, account, message) -> str:
        """Through the customer-service message API: text, then each picture (the 48-hour window is
        checked before the reply is queued, replies/compliance; WeChat's 45015 says it too)."""
        conversation = message.conversation
        key = conversation.thread_key
        if not key.startswith("wechat:"):
            raise PermanentSendError("this conversation has no WeChat follower to answer")
        chat.refuse_if_unfollowed(conversation, "WeChat")
        files = list(message.attachments.all())
        other = [f.filename for f in files if f.content_type not in IMAGE_TYPES]
        if other:
            raise PermanentSendError(f"WeChat customer-service messages carry pictures (JPEG, PNG, GIF) only; not sent: {', '.join(other)}")
        openid = key.removeprefix("wechat:")
        client = WeChatClient(account)
        client.send_text(openid, message.body_text)
        for f in files:
            client.send_image(openid, f.filename, f.content_type, bytes(f.data))
        return ""

    def check_connection(self, account) -> str:
        client = WeChatClient(account, sleep=lambda s: None)
        client.max_tries = 1  # an admin waits at the button
        return client.check_connection()

    def after_write(self, raw, result: ParseResult) -> None:
        chat.queue(raw)

    def follow_up(self, raw) -> None:
        """Media into attachments, the buyer joined to a known customer, an unfollow remembered."""
        msg = read(raw)
        if msg.MsgType == "event" and msg.Event.upper() in ("SUBSCRIBE", "UNSUBSCRIBE"):
            at = dt.datetime.fromtimestamp(msg.CreateTime, tz=dt.timezone.utc)
            chat.note_follow(raw, thread_key(msg.FromUserName), msg.Event.upper() == "SUBSCRIBE", at)
            return
        message = chat.stored_message(raw, event_key(msg))
        if message is None:
            return
        if msg.MsgType in MEDIA_WORDS and msg.MediaId:
            chat.fetch_media(message, f"wechat-media:{msg.MediaId}", MEDIA_WORDS[msg.MsgType],
                             lambda: WeChatClient(raw.account).media(msg.MediaId))
        if msg.MsgType == "text":
            join_known_customer(message, "WeChat")
