"""Agents' corrections of triage: kept for audit and as training rows for `sellerdesk triage-retrain`."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class TriageCorrection(models.Model):
    class Field(models.TextChoices):
        INTENT = "intent", "Intent"
        TIER = "tier", "Tier"
        LANGUAGE = "language", "Language"
        SENTIMENT = "sentiment", "Sentiment"

    message = models.ForeignKey("conversations.Message", on_delete=models.CASCADE, related_name="triage_corrections")
    field = models.CharField(max_length=20, choices=Field.choices)
    old_value = models.CharField(max_length=40, blank=True)
    new_value = models.CharField(max_length=40)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["field", "created_at"], name="triage_correction_field")]

    def __str__(self) -> str:
        return f"message {self.message_id}: {self.field} {self.old_value or '-'} -> {self.new_value}"
