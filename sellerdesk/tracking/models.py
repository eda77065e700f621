"""Shipments of orders, their carrier events, and tracking webhooks as received."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Shipment(models.Model):
    """One tracking number of one order. Status fields are the latest event's, kept for lists and rules."""

    order = models.ForeignKey("orders.Order", on_delete=models.CASCADE, related_name="shipments")
    number = models.CharField(max_length=64)
    carrier = models.CharField(max_length=64, blank=True)  # as the platform named it ("USPS", "DHL Express")
    url = models.CharField(max_length=500, blank=True)  # the carrier's tracking page, when known
    platform_ref = models.CharField(max_length=64, blank=True)  # the Order.tracking entry's "id" (fulfilment id)
    provider = models.CharField(max_length=20, blank=True)  # aggregator that tracks it: "17track", "aftership"
    registered = models.BooleanField(default=False)  # the aggregator knows the number
    status = models.CharField(max_length=20, blank=True)  # kinds.KINDS, "" before the first event
    sub_kind = models.CharField(max_length=30, blank=True)
    status_at = models.DateTimeField(null=True, blank=True)  # time of the event that set the status
    last_scan_at = models.DateTimeField(null=True, blank=True)  # latest carrier scan ("no scan for N days")
    delivered_at = models.DateTimeField(null=True, blank=True)
    # Polling: due when next_check_at <= now; None once final, or when the aggregator refused the number.
    next_check_at = models.DateTimeField(null=True, blank=True)
    # "No scan for N days": when the carrier's silence becomes a problem (SELLERDESK_TRACKING_STALE_DAYS
    # after the latest carrier scan); swept like the polling, then cleared until the next scan.
    stale_at = models.DateTimeField(null=True, blank=True)
    error = models.CharField(max_length=300, blank=True)  # the aggregator's last refusal, shown to agents
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["order", "number"], name="shipment_unique_number")]
        indexes = [
            models.Index(fields=["next_check_at"], name="shipment_due", condition=models.Q(next_check_at__isnull=False)),
            models.Index(fields=["number"], name="shipment_number"),
            models.Index(fields=["stale_at"], name="shipment_stale", condition=models.Q(stale_at__isnull=False)),
        ]

    def __str__(self) -> str:
        return self.number


class TrackingEvent(models.Model):
    """One carrier scan (or a platform's status) in normalised form. Unique per shipment by `key`,
    so the same scan delivered again (webhook retry, a poll after a push) adds nothing."""

    class Kind(models.TextChoices):
        INFO_RECEIVED = "info_received", _("Label created")
        IN_TRANSIT = "in_transit", _("In transit")
        OUT_FOR_DELIVERY = "out_for_delivery", _("Out for delivery")
        DELIVERED = "delivered", _("Delivered")
        EXCEPTION = "exception", _("Delivery problem")
        RETURNED = "returned", _("Returned to sender")

    shipment = models.ForeignKey(Shipment, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    sub_kind = models.CharField(max_length=30, blank=True)
    at = models.DateTimeField()
    description = models.CharField(max_length=300, blank=True)
    location = models.CharField(max_length=200, blank=True)
    source = models.CharField(max_length=20)  # "17track", "aftership", or the platform ("shopify"...)
    key = models.CharField(max_length=40)
    created_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["shipment", "key"], name="tracking_event_unique")]
        indexes = [models.Index(fields=["shipment", "at"], name="tracking_event_time")]


class TrackingDelivery(models.Model):
    """A tracking webhook as received, byte for byte, unique per provider event: a retry stores nothing."""

    class Status(models.TextChoices):
        RECEIVED = "received", _("Received")
        PROCESSED = "processed", _("Processed")
        UNMATCHED = "unmatched", _("No such shipment")
        FAILED = "failed", _("Failed")

    provider = models.CharField(max_length=20)
    event_key = models.CharField(max_length=200)
    body = models.BinaryField()
    headers = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.RECEIVED)
    error = models.TextField(blank=True)
    received_at = models.DateTimeField()
    processed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["provider", "event_key"], name="tracking_delivery_unique")]
        indexes = [models.Index(fields=["status", "received_at"], name="tracking_delivery_status")]
