"""Calendars, policies, deadlines (one row per clock) and breaches."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q


class Calendar(models.Model):
    """When the clock runs: always (24x7) or business hours in a time zone, minus holidays.

    weekly_hours: {"mon": [["09:00", "18:00"]], ...}; a missing day is closed, "24:00" ends a day,
    an interval whose end is before its start runs past midnight into the next day.
    custom_days: [{"date": "2027-02-08", "closed": true, "name": "Spring Festival"},
                  {"from": "2027-02-08", "to": "2027-02-12", "closed": true},
                  {"date": "2027-02-20", "hours": [["09:00", "18:00"]], "name": "make-up workday"}]
    """

    class Kind(models.TextChoices):
        ALWAYS = "24x7", "24/7"
        BUSINESS = "business", "Business hours"

    key = models.SlugField(max_length=60, unique=True, null=True, blank=True)  # presets are found by key
    name = models.CharField(max_length=100, unique=True)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.BUSINESS)
    timezone = models.CharField(max_length=64, default="UTC")
    weekly_hours = models.JSONField(default=dict, blank=True)
    holiday_country = models.CharField(max_length=2, blank=True)  # ISO code for the `holidays` package
    holiday_subdivision = models.CharField(max_length=10, blank=True)  # e.g. "CA" for California
    custom_days = models.JSONField(default=list, blank=True)
    team = models.ForeignKey("accounts.Team", null=True, blank=True, on_delete=models.SET_NULL, related_name="calendars")
    updated_at = models.DateTimeField(auto_now=True)  # part of the in-process schedule cache key

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        from sellerdesk.sla.calendars import build_schedule

        build_schedule(self)  # raises CalendarError naming the bad field

    def save(self, *args, **kwargs):
        self.clean()
        super().save(*args, **kwargs)


class Policy(models.Model):
    """A target for one metric, for the conversations it matches.

    Match fields hold comma-separated alternatives; empty matches anything. Among the matching
    active policies of one `group` and metric, one wins: highest priority, then most match fields set.
    """

    class Metric(models.TextChoices):
        FIRST_RESPONSE = "first_response", "First response"
        NEXT_RESPONSE = "next_response", "Next response"
        RESOLUTION = "resolution", "Resolution"
        REPLY_WINDOW = "reply_window", "Reply window"  # a platform's send window, not an SLA

    key = models.SlugField(max_length=60, unique=True, null=True, blank=True)
    name = models.CharField(max_length=100)
    label = models.CharField(max_length=40)  # shown in the inbox as the deadline's kind
    group = models.CharField(max_length=20, default="internal")  # platform | internal | claim | review | window
    metric = models.CharField(max_length=20, choices=Metric.choices)
    channel = models.CharField(max_length=200, blank=True)
    marketplace = models.CharField(max_length=200, blank=True)
    region = models.CharField(max_length=50, blank=True)  # na, eu, sea (sellerdesk.sla.regions)
    tier = models.CharField(max_length=20, blank=True)
    intent = models.CharField(max_length=200, blank=True)
    claim_kind = models.CharField(max_length=100, blank=True)  # set: opened by a message that brings such a claim
    # Channel account ids (a store, a brand's shop): a store's own policy wins over the others in its slot.
    store = models.CharField(max_length=200, blank=True)
    target_minutes = models.PositiveIntegerField(null=True, blank=True)  # with due_from_claim: the fallback
    due_from_claim = models.BooleanField(default=False)  # respond-by taken from the claim
    calendar = models.ForeignKey(Calendar, on_delete=models.PROTECT, related_name="policies")
    warn_at = models.FloatField(default=0.75)  # share of the window after which a warning fires
    escalation = models.JSONField(default=list, blank=True)  # [{"at": "warn"|"breach", "action": "notify_supervisor"|"raise_tier"|"reassign"}]
    pause_when_pending = models.BooleanField(default=True)  # resolution clocks stop while waiting on the buyer
    auto_reply_counts = models.BooleanField(default=True)  # False: an automated outbound message is no response
    priority = models.IntegerField(default=0)
    is_active = models.BooleanField(default=True)
    updated_at = models.DateTimeField(auto_now=True, null=True)  # part of the in-process policy cache key

    class Meta:
        verbose_name_plural = "policies"

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        from sellerdesk.sla.policies import validate

        validate(self)

    def save(self, *args, **kwargs):
        self.clean()
        super().save(*args, **kwargs)


class Deadline(models.Model):
    """One running clock. The sweep reads only rows whose warn_at / due_at has come (two indexes)."""

    class State(models.TextChoices):
        ACTIVE = "active", "Active"
        WARNED = "warned", "Warned"
        PAUSED = "paused", "Paused"  # waiting on the buyer
        MET = "met", "Met"
        BREACHED = "breached", "Breached"
        CANCELLED = "cancelled", "Cancelled"
        EXPIRED = "expired", "Expired"  # a reply window that closed

    # No index of its own: deadline_open (conversation, closed_at) serves lookups by conversation.
    conversation = models.ForeignKey("conversations.Conversation", on_delete=models.CASCADE, related_name="deadlines", db_index=False)
    policy = models.ForeignKey(Policy, on_delete=models.PROTECT, related_name="deadlines")
    claim = models.ForeignKey("orders.Claim", null=True, blank=True, on_delete=models.SET_NULL, related_name="deadlines")
    metric = models.CharField(max_length=20, choices=Policy.Metric.choices)
    kind = models.CharField(max_length=40)  # the policy's label at creation
    state = models.CharField(max_length=10, choices=State.choices, default=State.ACTIVE)
    starts_at = models.DateTimeField()
    due_at = models.DateTimeField()
    warn_at = models.DateTimeField(null=True, blank=True)
    warned_at = models.DateTimeField(null=True, blank=True)
    paused_at = models.DateTimeField(null=True, blank=True)
    remaining_minutes = models.FloatField(null=True, blank=True)  # calendar minutes left when paused
    met_at = models.DateTimeField(null=True, blank=True)  # also set on a late response (state stays breached)
    closed_at = models.DateTimeField(null=True, blank=True)  # nothing more is owed: met, cancelled, expired
    created_at = models.DateTimeField()

    class Meta:
        indexes = [
            models.Index(fields=["state", "warn_at"], name="deadline_warn"),
            models.Index(fields=["state", "due_at"], name="deadline_due"),
            models.Index(fields=["conversation", "closed_at"], name="deadline_open"),
            # SLA met % over a period (supervisor metrics, analytics). Declared here, not only in SQL:
            # SQLite rebuilds a table for some schema changes and keeps only the indexes it is told of.
            models.Index(fields=["state", "met_at"], name="analytics_deadline_met"),
        ]
        constraints = [
            # One open clock per policy and conversation (claims have one per claim): a concurrent
            # duplicate fails and the delivery task runs again instead of double-counting.
            models.UniqueConstraint(
                fields=["conversation", "policy"], condition=Q(closed_at__isnull=True, claim__isnull=True), name="deadline_one_open"
            ),
            models.UniqueConstraint(fields=["claim", "policy"], condition=Q(claim__isnull=False), name="deadline_one_per_claim"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} due {self.due_at:%Y-%m-%d %H:%M}Z ({self.state})"


class Breach(models.Model):
    """A missed deadline: one row per deadline, kept for reports."""

    deadline = models.OneToOneField(Deadline, on_delete=models.CASCADE, related_name="breach")
    conversation = models.ForeignKey("conversations.Conversation", on_delete=models.CASCADE, related_name="breaches")
    policy = models.ForeignKey(Policy, on_delete=models.PROTECT, related_name="breaches")
    metric = models.CharField(max_length=20, choices=Policy.Metric.choices)
    kind = models.CharField(max_length=40)
    due_at = models.DateTimeField()
    breached_at = models.DateTimeField()
    agent = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        indexes = [models.Index(fields=["breached_at"], name="breach_time")]
