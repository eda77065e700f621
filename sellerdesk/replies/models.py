"""Reply templates (macros) and approval requests."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ReplyTemplate(models.Model):
    """One text of the library: a (key, language, channel) variant of a reply.

    `key` groups the variants of one reply ("tracking.shipped"); `channel` is
    the platform tone ("" = any channel, "amazon" = the Amazon wording).
    """

    class Category(models.TextChoices):
        ORDER_STATUS = "order_status", _("Order status / tracking")
        RETURNS = "returns", _("Returns / refunds")
        PRODUCT = "product", _("Product questions")
        ACCOUNT_PAYMENT = "account_payment", _("Account / payment")
        SHIPPING_DELAY = "shipping_delay", _("Shipping delays")
        DAMAGED_WRONG = "damaged_wrong", _("Damaged / wrong item")
        CLAIMS = "claims", _("Claims")
        THANKS = "thanks", _("Thanks / feedback")

    key = models.SlugField(max_length=80)
    language = models.CharField(max_length=10)  # en, de, fr, es, it, ja, zh
    channel = models.CharField(max_length=20, blank=True)  # "" = every channel
    category = models.CharField(max_length=20, choices=Category.choices)
    title = models.CharField(max_length=200)
    body = models.TextField()
    intents = models.JSONField(default=list, blank=True)  # triage intents this answers
    tags = models.JSONField(default=list, blank=True)
    # The stores (channel accounts: a brand's shop, one marketplace account) it is for; none: every store.
    stores = models.ManyToManyField("channels.ChannelAccount", blank=True, related_name="reply_templates")
    is_active = models.BooleanField(default=True)
    usage_count = models.PositiveIntegerField(default=0)
    last_used_at = models.DateTimeField(null=True, blank=True)
    last_reviewed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["key", "language", "channel"], name="reply_template_variant")]
        indexes = [
            models.Index(fields=["language", "is_active"], name="reply_template_lang"),
            models.Index(fields=["last_reviewed_at"], name="reply_template_review"),
        ]
        ordering = ["category", "key", "language", "channel"]

    def __str__(self) -> str:
        return f"{self.key} [{self.language}{'/' + self.channel if self.channel else ''}]"


class Approval(models.Model):
    """A refund, credit or policy exception (and the reply that announces it) waiting for a supervisor."""

    class Kind(models.TextChoices):
        REFUND = "refund", _("Refund")
        CREDIT = "credit", _("Credit")
        EXCEPTION = "exception", _("Policy exception")

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    conversation = models.ForeignKey("conversations.Conversation", on_delete=models.CASCADE, related_name="approvals")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    amount = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    currency = models.CharField(max_length=3, blank=True)
    reason = models.TextField()
    reply_text = models.TextField(blank=True)  # sent on approval, as the requesting agent
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    requested_at = models.DateTimeField()
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    comment = models.TextField(blank=True)
    sent_message = models.ForeignKey("conversations.Message", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        indexes = [models.Index(fields=["status", "requested_at"], name="approval_queue")]


class GlossaryEntry(models.Model):
    """The seller's own words: how a term is always translated (product names, policies)."""

    source_language = models.CharField(max_length=10)  # the agent's language, e.g. zh
    term = models.CharField(max_length=200)
    target_language = models.CharField(max_length=10)  # the buyer's language, e.g. de
    translation = models.CharField(max_length=200)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["source_language", "term", "target_language"], name="glossary_term")]


class MessageTranslation(models.Model):
    """A buyer message translated into an agent's language, kept so it is translated once."""

    message = models.ForeignKey("conversations.Message", on_delete=models.CASCADE, related_name="translations")
    language = models.CharField(max_length=10)
    text = models.TextField()
    provider = models.CharField(max_length=20)
    created_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["message", "language"], name="message_translation")]
