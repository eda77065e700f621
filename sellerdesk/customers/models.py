"""Customers and their identities on each channel."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models.functions import Upper

from sellerdesk.customers.mailbox import MailboxField


class Customer(models.Model):
    name = models.CharField(max_length=200, blank=True)
    email = models.CharField(max_length=254, blank=True, db_index=True)
    country = models.CharField(max_length=2, blank=True)  # ISO 3166-1 alpha-2
    language = models.CharField(max_length=10, blank=True)
    lifetime_value = models.DecimalField(max_digits=12, decimal_places=2, default=0)
    is_vip = models.BooleanField(default=False)
    created_at = models.DateTimeField()
    # Set when this record was merged into another; it then owns nothing (see customers/merge.py).
    merged_into = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="merged_from")

    def __str__(self) -> str:
        return self.name or self.email or f"customer {self.pk}"

    class Meta:
        # Merge suggestions look customers up by full name, any case (`name__iexact`: UPPER(name) = UPPER(%s)).
        indexes = [models.Index(Upper("name"), name="customer_name_upper")]


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
    # E-mail identities: the mailbox the address delivers to (customers/mailbox.py), for merge suggestions.
    mailbox = MailboxField(max_length=254, null=True, blank=True, editable=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "value"], name="identity_unique")]
        indexes = [models.Index(fields=["mailbox"], name="identity_mailbox")]

    def save(self, *args, update_fields=None, **kwargs):
        if update_fields is not None and "value" in update_fields:  # the mailbox follows the value
            update_fields = {*update_fields, "mailbox"}
        super().save(*args, update_fields=update_fields, **kwargs)


class CustomerMerge(models.Model):
    """One merge of `source` into `target`, with what moved, so that it can be undone exactly."""

    target = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="merges_in")
    source = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="merges_out")
    moved = models.JSONField(default=dict)  # {"identities": [ids], "conversations": [ids], "orders": [ids]}
    target_before = models.JSONField(default=dict)  # the target's own fields before the merge filled them
    reason = models.CharField(max_length=200, blank=True)
    merged_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    merged_at = models.DateTimeField()
    undone_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    undone_at = models.DateTimeField(null=True, blank=True)
