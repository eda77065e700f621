"""Channel accounts (a seller's mailbox, marketplace, app...) and raw inbound deliveries."""

from __future__ import annotations

from django.db import models

from sellerdesk.lib.blobs import BlobField
from sellerdesk.lib.crypto import decrypt_json, encrypt_json


class ChannelAccount(models.Model):
    """One connected source of messages, e.g. the Amazon US relay mailbox or support@shop.com."""

    kind = models.CharField(max_length=20)  # registry name: email, amazon, shopify, ...
    name = models.CharField(max_length=100)
    address = models.CharField(max_length=254, blank=True)  # the mailbox address / page id / shop domain
    marketplace = models.CharField(max_length=10, blank=True)
    config = models.JSONField(default=dict, blank=True)  # non-secret settings (hosts, ports, mailboxes)
    credentials_encrypted = models.TextField(blank=True)
    is_active = models.BooleanField(default=True)
    last_error = models.TextField(blank=True)
    last_polled_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # Webhook deliveries refused as not from the platform (bad signature, oversized): a running
    # total, and the count of the current minute that the rate limit reads (channels/webhooks.py).
    rejected_total = models.PositiveBigIntegerField(default=0)
    rejected_window_start = models.DateTimeField(null=True, blank=True)
    rejected_in_window = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.name} ({self.kind})"

    @property
    def credentials(self) -> dict:
        return decrypt_json(self.credentials_encrypted)

    @credentials.setter
    def credentials(self, value: dict) -> None:
        self.credentials_encrypted = encrypt_json(value)


class MailboxState(models.Model):
    """IMAP incremental-fetch position per folder: (UIDVALIDITY, last UID seen)."""

    account = models.ForeignKey(ChannelAccount, on_delete=models.CASCADE, related_name="mailbox_states")
    mailbox = models.CharField(max_length=200)
    uidvalidity = models.BigIntegerField(null=True)
    last_uid = models.BigIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["account", "mailbox"], name="mailbox_state_unique")]


class RawDelivery(models.Model):
    """Exactly what a channel delivered, committed before any processing.

    `external_id` is the platform's event id (Message-ID for mail), so a
    re-delivery hits the unique constraint instead of creating work twice.
    """

    class Status(models.TextChoices):
        RECEIVED = "received", "Received"
        PROCESSED = "processed", "Processed"
        IGNORED = "ignored", "Ignored"  # auto-replies, bounces: kept, not turned into a buyer message
        FAILED = "failed", "Failed"  # malformed or a processing error: kept, flagged, retryable
        REJECTED = "rejected", "Rejected"  # bad signature

    channel = models.CharField(max_length=20)
    # No index of its own: raw_delivery_unique (account, external_id) serves lookups by account.
    account = models.ForeignKey(ChannelAccount, on_delete=models.CASCADE, related_name="deliveries", db_index=False)
    external_id = models.CharField(max_length=255)
    # A second dedupe key from the signed payload, for platforms whose event id is not signed
    # (Shopify: topic + object id + updated_at); empty for the others.
    content_key = models.CharField(max_length=255, blank=True, default="")
    headers = models.JSONField(default=dict, blank=True)
    # The bytes as received: in this column, or in the object store under body_key (lib/blobs.py).
    body = BlobField(key_field="body_key")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.RECEIVED)
    error = models.TextField(blank=True)
    attempts = models.PositiveIntegerField(default=0)
    received_at = models.DateTimeField()
    queued_at = models.DateTimeField(null=True, blank=True)  # last time processing was queued
    processed_at = models.DateTimeField(null=True, blank=True)
    # Nullable: adding it to a big table is then instant (SQLite rebuilds a table for a NOT NULL column).
    body_key = models.CharField(max_length=200, null=True, blank=True)
    # A run of the intake has read it to prepare and write it: other workers' runs leave it alone
    # until then (pipeline._Ahead), so two workers never parse and triage the same delivery.
    taken_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["account", "external_id"], name="raw_delivery_unique"),
            models.UniqueConstraint(fields=["account", "content_key"], condition=~models.Q(content_key=""),
                                    name="raw_delivery_content_unique"),
        ]
        indexes = [
            models.Index(fields=["status", "queued_at"], name="raw_delivery_status"),
            # Rejected deliveries past their retention are purged (channels/retention.py).
            models.Index(fields=["received_at"], name="raw_delivery_rejected", condition=models.Q(status="rejected")),
            # What the intake reads next: waiting deliveries, oldest first.
            models.Index(fields=["id"], name="raw_delivery_waiting", condition=models.Q(status="received")),
        ]


class IntakeWake(models.Model):
    """One row: a run of the intake (pipeline.drain) is queued and has not started yet.

    Deliveries are the intake's queue; the task queue only carries wake-ups. While a run is
    queued, storing more deliveries queues nothing more (see pipeline.wake).
    """

    pending = models.BooleanField(default=False)
