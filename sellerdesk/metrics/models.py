"""Rollups the response metrics read instead of scanning months of messages (docs/metrics.md)."""

from __future__ import annotations

from django.db import models


class ResponseHour(models.Model):
    """The buyer messages of one platform channel written in one hour (by `sent_at`, UTC), with
    how they were answered: kept by database triggers in the transaction of every change
    (metrics/responses.py), so the sums equal a recount of the messages after every commit.

    A row is per reply window too (TikTok Southeast Asia answers within 12 h, the rest 24 h)."""

    channel = models.CharField(max_length=20)
    window_hours = models.PositiveSmallIntegerField()
    hour = models.BigIntegerField()  # hours since 1970-01-01 00:00 UTC of sent_at
    messages = models.BigIntegerField(default=0)  # counted buyer messages
    answered = models.BigIntegerField(default=0)
    in_time = models.BigIntegerField(default=0)  # answered within the window
    response_us = models.BigIntegerField(default=0)  # sum of answered_at - sent_at, microseconds

    class Meta:
        constraints = [models.UniqueConstraint(fields=["hour", "channel", "window_hours"], name="response_hour_key")]  # hour first: periods are hour ranges


class RollupState(models.Model):
    """Set once the rollups were built from the stored messages (`sellerdesk metrics-backfill`);
    until then the metrics are counted from the messages, slowly but right."""

    name = models.CharField(max_length=40, unique=True)
    built_at = models.DateTimeField()
