"""Customers and their identities on each channel."""

from __future__ import annotations

from django.db import models


class Customer(models.Model):
    name = models.CharField(max_length=200, blank=True)
    email = models.CharField(max_length=254, blank=True, db_index=True)
    country = models.CharField(max_length=2, blank=True)  # ISO 3166-1 alpha-2
    language = models.CharField(max_length=10, blank=True)
    lifetime_value = models.DecimalField(max_digits=12, decimal_places=2, default=0)
    is_vip = models.BooleanField(default=False)
    created_at = models.DateTimeField()

    def __str__(self) -> str:
        return self.name or self.email or f"customer {self.pk}"


class Identity(models.Model):
    """One way to reach a customer: an email, an E.164 phone, a marketplace buyer id..."""

    class Kind(models.TextChoices):
        EMAIL = "email", "Email"
        PHONE = "phone", "Phone"
        AMAZON_BUYER = "amazon_buyer", "Amazon buyer alias"
        EBAY_USER = "ebay_user", "eBay user"
        TIKTOK_BUYER = "tiktok_buyer", "TikTok Shop buyer"
        SOCIAL = "social", "Social handle"

    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="identities")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    value = models.CharField(max_length=254)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "value"], name="identity_unique")]
