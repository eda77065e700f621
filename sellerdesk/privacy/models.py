"""Privacy: retention policies, erasure tombstones, and privacy requests received from platforms."""

from __future__ import annotations

from django.db import models


class RetentionPolicy(models.Model):
    """Buyers' personal data of one channel is erased this many days after their last activity
    there (last message; the order's last update, e.g. its delivery). `channel` "*" covers every
    channel without a policy of its own; channels with none are kept until erased by hand."""

    channel = models.CharField(max_length=20, unique=True)
    days = models.PositiveIntegerField()
    # A claim (A-to-z, chargeback, case) younger than this keeps the buyer's data: it may be needed.
    claim_hold_days = models.PositiveIntegerField(default=90)
    enabled = models.BooleanField(default=True)
    note = models.CharField(max_length=200, blank=True)  # why: "Amazon DPP: 30 days after delivery"
    updated_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.channel}: {self.days} days"


class Erasure(models.Model):
    """The tombstone of one erased customer: when, by whom or which rule, and what was changed.

    Holds no personal data. The customer row itself stays (anonymised), so SLA and metrics
    figures and conversation counts survive."""

    customer_id = models.BigIntegerField(db_index=True)
    erased_at = models.DateTimeField()
    actor_id = models.BigIntegerField(null=True, blank=True)
    reason = models.CharField(max_length=40)  # request | retention | shopify_customers_redact | shopify_shop_redact
    counts = models.JSONField(default=dict)


class PrivacyRequest(models.Model):
    """A platform's privacy webhook (Shopify: customers/data_request, customers/redact, shop/redact)."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"  # a data request: an admin sends the export to the shop owner
        DONE = "done", "Done"
        NO_MATCH = "no_match", "No matching customer"

    topic = models.CharField(max_length=40)
    account = models.ForeignKey("channels.ChannelAccount", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    raw_delivery = models.ForeignKey("channels.RawDelivery", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    customer_ids = models.JSONField(default=list)  # matched customers (ids only)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    received_at = models.DateTimeField()
    done_at = models.DateTimeField(null=True, blank=True)
