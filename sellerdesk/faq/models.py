"""FAQ entries and their wordings per language."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class FaqEntry(models.Model):
    class Topic(models.TextChoices):
        RETURNS = "returns", _("Returns")
        SHIPPING = "shipping", _("Shipping countries and times")
        WARRANTY = "warranty", _("Warranty")
        CUSTOMS = "customs", _("Customs and duties")
        PAYMENT = "payment", _("Payment")
        OTHER = "other", _("Other")

    topic = models.CharField(max_length=20, choices=Topic.choices, default=Topic.OTHER)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    def __str__(self) -> str:
        first = self.texts.order_by("pk").first()
        return first.question if first else f"FAQ {self.pk}"


class FaqText(models.Model):
    """One language of an entry: the question, other ways buyers ask it, and the answer.

    Buyers are matched against the questions and wordings of every language; the answer is sent
    only in the buyer's own language, so a language without a text here is never auto-answered.
    """

    entry = models.ForeignKey(FaqEntry, on_delete=models.CASCADE, related_name="texts")
    language = models.CharField(max_length=10)
    question = models.CharField(max_length=300)
    wordings = models.TextField(blank=True)  # other ways to ask, one per line
    answer = models.TextField()
    updated_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["entry", "language"], name="faq_text_unique_language")]

    def questions(self) -> list[str]:
        return [self.question, *[w.strip() for w in self.wordings.splitlines() if w.strip()]]
