"""Conversations, their messages and attachments, and the append-only event log."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from sellerdesk.lib.blobs import BlobField


class Conversation(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", "Open"
        PENDING = "pending", "Pending"  # waiting on the buyer
        SNOOZED = "snoozed", "Snoozed"
        RESOLVED = "resolved", "Resolved"

    channel = models.CharField(max_length=20)  # where the buyer writes: email, amazon, ebay...
    # Not indexed alone: conv_thread_key leads with the account, conv_customer with the customer
    # (every conversation write maintains each index; a redundant one is cost without a reader).
    account = models.ForeignKey("channels.ChannelAccount", on_delete=models.PROTECT, related_name="conversations", db_index=False)
    marketplace = models.CharField(max_length=10, blank=True)
    customer = models.ForeignKey("customers.Customer", on_delete=models.PROTECT, related_name="conversations", db_index=False)
    order = models.ForeignKey("orders.Order", null=True, blank=True, on_delete=models.SET_NULL, related_name="conversations")
    subject = models.CharField(max_length=500, blank=True)
    # Channel-specific thread key (Amazon commMgrTok / order id, eBay item+buyer, ...); always
    # looked up with the account (conv_thread_key).
    thread_key = models.CharField(max_length=255, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    assignee = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="assigned_conversations")
    team = models.ForeignKey("accounts.Team", null=True, blank=True, on_delete=models.SET_NULL, related_name="conversations")
    tier = models.PositiveSmallIntegerField(default=3)  # 1 = answer within hours
    language = models.CharField(max_length=10, blank=True)
    intent = models.CharField(max_length=40, blank=True)
    intent_confidence = models.FloatField(null=True, blank=True)
    sentiment = models.CharField(max_length=10, blank=True)
    urgency = models.PositiveSmallIntegerField(default=0)  # 0..100
    urgency_reasons = models.JSONField(default=list, blank=True)
    next_deadline_at = models.DateTimeField(null=True, blank=True)
    deadline_kind = models.CharField(max_length=40, blank=True)  # what the deadline is: "Amazon 24 h", "A-to-z respond-by"...
    snoozed_until = models.DateTimeField(null=True, blank=True)
    has_problem = models.BooleanField(default=False)  # a malformed delivery or a failed send
    created_at = models.DateTimeField()
    last_message_at = models.DateTimeField()
    last_inbound_at = models.DateTimeField(null=True, blank=True)
    first_response_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["status", "next_deadline_at", "id"], name="conv_status_deadline"),
            # The inbox's "All" folder: every status in deadline order, read along this index.
            models.Index(fields=["next_deadline_at", "id"], name="conv_deadline"),
            models.Index(fields=["status", "assignee", "next_deadline_at", "id"], name="conv_assignee_deadline"),
            models.Index(fields=["status", "channel", "next_deadline_at", "id"], name="conv_channel_deadline"),
            models.Index(fields=["status", "tier", "next_deadline_at", "id"], name="conv_tier_deadline"),
            models.Index(fields=["status", "language", "next_deadline_at", "id"], name="conv_language_deadline"),
            models.Index(fields=["status", "snoozed_until"], name="conv_snoozed"),
            models.Index(fields=["customer", "last_message_at"], name="conv_customer"),
            models.Index(fields=["account", "thread_key"], name="conv_thread_key"),
            models.Index(fields=["created_at"], name="analytics_conv_created"),  # reports: new conversations
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.subject}"


class Message(models.Model):
    class Direction(models.TextChoices):
        INBOUND = "in", "Inbound"
        OUTBOUND = "out", "Outbound"
        NOTE = "note", "Internal note"

    class Delivery(models.TextChoices):
        RECEIVED = "received", "Received"
        QUEUED = "queued", "Queued"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"

    # Not indexed alone: message_thread (conversation, created_at, id) leads with it.
    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="messages", db_index=False)
    account = models.ForeignKey("channels.ChannelAccount", on_delete=models.PROTECT, related_name="messages")
    direction = models.CharField(max_length=4, choices=Direction.choices)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    sender = models.CharField(max_length=254, blank=True)  # address / handle of who wrote it
    sender_name = models.CharField(max_length=200, blank=True)
    recipients = models.JSONField(default=list, blank=True)
    subject = models.CharField(max_length=500, blank=True)
    body_text = models.TextField(blank=True)  # the new text: quotes and signature stripped
    body_full = models.TextField(blank=True)  # the whole plain text as received
    body_html = models.TextField(blank=True)  # sanitised HTML, if the message had HTML
    external_id = models.CharField(max_length=255, null=True, blank=True)  # Message-ID / platform message id
    in_reply_to = models.CharField(max_length=255, blank=True)
    references = models.TextField(blank=True)
    raw_delivery = models.ForeignKey("channels.RawDelivery", null=True, blank=True, on_delete=models.SET_NULL, related_name="messages")
    language = models.CharField(max_length=10, blank=True)
    is_automated = models.BooleanField(default=False)  # auto-replies never count as a response
    delivery_status = models.CharField(max_length=10, choices=Delivery.choices, default=Delivery.RECEIVED)
    error = models.TextField(blank=True)
    flags = models.JSONField(default=list, blank=True)  # e.g. ["malformed", "charset-fallback"]
    sent_at = models.DateTimeField()  # when the author wrote it (Date header for mail)
    created_at = models.DateTimeField()
    # Buyer messages: when the first reply that counts as their response was written (metrics/responses.py
    # keeps it with database triggers); None while unanswered. The response metrics read it.
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["account", "external_id"], condition=Q(external_id__isnull=False), name="message_unique_external_id"
            )
        ]
        indexes = [
            models.Index(fields=["conversation", "created_at", "id"], name="message_thread"),
            # The Problems page and its nav badge read failed sends on every page view.
            models.Index(fields=["created_at", "id"], name="message_failed", condition=models.Q(delivery_status="failed")),
            # The response metrics read the buyer messages of the last hours live (metrics/platform.py).
            models.Index(fields=["sent_at"], name="message_inbound_sent", condition=models.Q(direction="in")),
            models.Index(fields=["created_at"], name="analytics_message_time"),  # reports: messages of a period
            # Analytics' replies per agent over a period: read from this index alone (they count the
            # author column); only agents' own replies are in it, so the intake's writes never touch it.
            models.Index(fields=["created_at", "author"], name="message_agent_reply",
                         condition=models.Q(direction="out", author__isnull=False, is_automated=False)),
        ]


class Attachment(models.Model):
    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="attachments")
    filename = models.CharField(max_length=255)
    content_type = models.CharField(max_length=120)
    size = models.PositiveIntegerField()
    content_id = models.CharField(max_length=255, blank=True)  # for inline images (cid:)
    is_inline = models.BooleanField(default=False)
    # The file: in this column, or in the object store under data_key (lib/blobs.py).
    data = BlobField(key_field="data_key")
    # Nullable: adding it to a big table is then instant (SQLite rebuilds a table for a NOT NULL column).
    data_key = models.CharField(max_length=200, null=True, blank=True)


class Event(models.Model):
    """Append-only log: every action writes exactly one row here, in its transaction."""

    # Not indexed alone: event_conversation leads with it.
    conversation = models.ForeignKey(Conversation, null=True, blank=True, on_delete=models.CASCADE, related_name="events", db_index=False)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    kind = models.CharField(max_length=40)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        indexes = [
            models.Index(fields=["conversation", "created_at"], name="event_conversation"),
            models.Index(fields=["kind", "created_at"], name="analytics_event_kind_time"),  # reports: resolutions
        ]


class ConversationCount(models.Model):
    """How many conversations share one status, channel, tier, language and assignee.

    The inbox's counts per status read these few rows instead of counting a table of millions.
    Database triggers (conversations/counts.py) keep them in the transaction of every change, so
    the intake, the actions, merges, erasure and bulk updates all count without knowing it.
    """

    status = models.CharField(max_length=10)
    channel = models.CharField(max_length=20)
    tier = models.PositiveSmallIntegerField()
    language = models.CharField(max_length=10)
    assignee = models.BigIntegerField()  # the user id; 0 = unassigned (a NULL would defeat the unique key)
    n = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["status", "channel", "tier", "language", "assignee"], name="conversation_count_key")
        ]
