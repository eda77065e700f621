"""A chat visitor (one browser on the seller's store) and what their widget shows, in order."""

from __future__ import annotations

from django.db import models


class ChatVisitor(models.Model):
    """One browser: its random key lives in the visitor's localStorage, with a signed token.

    Nothing here comes from a cookie or a fingerprint. The IP address is never stored (it is used
    only, in memory, by the rate limit).
    """

    account = models.ForeignKey("channels.ChannelAccount", on_delete=models.CASCADE, related_name="chat_visitors")
    key = models.CharField(max_length=32, unique=True)
    language = models.CharField(max_length=10, blank=True)  # the browser's, as the widget reported it
    email = models.EmailField(max_length=254, blank=True)  # given by the visitor
    order_number = models.CharField(max_length=64, blank=True)  # given by the visitor
    order_verified = models.BooleanField(default=False)  # the email given is the order's buyer's
    created_at = models.DateTimeField()
    last_seen_at = models.DateTimeField()  # last stream opened (live) or message sent
    # Set when the bot hands the chat to a person (or a person answers); the bot then stays quiet
    # until the conversation is resolved.
    handed_over_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["account", "created_at"], name="chat_visitor_account")]


class ChatEvent(models.Model):
    """One line of the widget's transcript; its id is the server-sent event id (resume point)."""

    class Kind(models.TextChoices):
        VISITOR = "visitor", "Visitor"
        BOT = "bot", "Bot"
        AGENT = "agent", "Agent"
        SYSTEM = "system", "System"  # handover, offline notice

    visitor = models.ForeignKey(ChatVisitor, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    text = models.TextField(blank=True)
    name = models.CharField(max_length=200, blank=True)  # the agent's display name
    client_id = models.CharField(max_length=40, blank=True)  # the widget's id of a visitor's line (dedupe)
    message = models.ForeignKey("conversations.Message", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    files = models.JSONField(default=list, blank=True)  # [{"id": attachment id, "name", "type"}]
    created_at = models.DateTimeField()

    class Meta:
        indexes = [
            models.Index(fields=["visitor", "id"], name="chat_event_visitor"),
            models.Index(fields=["created_at"], name="chat_event_created"),
        ]
