"""Orders and platform claims linked to conversations."""

from __future__ import annotations

from django.db import models


class Order(models.Model):
    platform = models.CharField(max_length=20)  # amazon, ebay, shopify, tiktok, walmart, other
    marketplace = models.CharField(max_length=10, blank=True)  # US, DE, JP...
    number = models.CharField(max_length=64)
    # "" where the platform numbers orders marketplace-wide, else the reporting store's account id (orders/stores.py)
    store = models.CharField(max_length=32, blank=True, default="")
    customer = models.ForeignKey("customers.Customer", null=True, blank=True, on_delete=models.SET_NULL, related_name="orders")
    status = models.CharField(max_length=40, blank=True)
    currency = models.CharField(max_length=3, blank=True)
    total = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    items = models.JSONField(default=list, blank=True)
    placed_at = models.DateTimeField(null=True, blank=True)
    # Marketplace promises (Amazon getOrder: LatestShipDate, LatestDeliveryDate) and who ships:
    # AFN = fulfilled by Amazon, MFN = by the seller.
    ship_by = models.DateTimeField(null=True, blank=True)
    deliver_by = models.DateTimeField(null=True, blank=True)
    fulfilment = models.CharField(max_length=10, blank=True)
    created_at = models.DateTimeField()
    # Filled by marketplace webhooks and imports (docs/channels.md).
    external_id = models.CharField(max_length=64, blank=True)  # the platform's internal id (Shopify order id)
    tracking = models.JSONField(default=list, blank=True)  # [{"id", "company", "number", "url", "status"}]
    refunds = models.JSONField(default=list, blank=True)  # [{"id", "amount", "currency", "at", "note"}]
    returns = models.JSONField(default=list, blank=True)  # [{"id", "status", "reason"}]
    source_updated_at = models.DateTimeField(null=True, blank=True)  # platform's updated_at of the state kept
    # The latest shipment's normalised tracking status and delivery time (sellerdesk/tracking, docs/tracking.md).
    tracking_status = models.CharField(max_length=20, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["platform", "number", "store"], name="order_unique_number_in_store")]
        indexes = [
            models.Index(fields=["platform", "external_id"], name="order_external_id"),
            # The customer page lists a buyer's newest orders first: read from here, not sorted.
            models.Index(fields=["customer", "placed_at", "created_at", "id"], name="order_customer_newest"),
        ]

    def __str__(self) -> str:
        return self.number


class Claim(models.Model):
    """A platform case with its own deadline: A-to-z claim, chargeback, eBay case, dispute."""

    class Kind(models.TextChoices):
        ATOZ = "atoz", "A-to-z Guarantee claim"
        CHARGEBACK = "chargeback", "Chargeback"
        EBAY_CASE = "ebay_case", "eBay case"
        DISPUTE = "dispute", "Payment dispute"
        RETURN_REQUEST = "return_request", "Return request"
        NEGATIVE_FEEDBACK = "negative_feedback", "Negative feedback"

    platform = models.CharField(max_length=20)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    external_id = models.CharField(max_length=64)
    order = models.ForeignKey(Order, null=True, blank=True, on_delete=models.SET_NULL, related_name="claims")
    conversation = models.ForeignKey("conversations.Conversation", null=True, blank=True, on_delete=models.SET_NULL, related_name="claims")
    amount = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    currency = models.CharField(max_length=3, blank=True)
    reason = models.CharField(max_length=200, blank=True)
    respond_by = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["platform", "kind", "external_id"], name="claim_unique")]
