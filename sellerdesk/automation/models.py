"""Rules as data, their versions, the global switch, due rows of time triggers, and fires.

A rule's definition (trigger, conditions, actions) is JSON checked against the condition and
action registries (registry.py). Every edit writes a new RuleVersion; a fire records the version
it ran, so the audit can say "sent by rule 'Delivery check' v3".
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q


class Rule(models.Model):
    # Recipes shipped with SellerDesk have a key (recipes/*.json); a seller's own rules have none.
    key = models.SlugField(max_length=80, unique=True, null=True, blank=True)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    event = models.CharField(max_length=60, db_index=True)  # the trigger's event name (triggers.EVENTS)
    definition = models.JSONField(default=dict)  # the current version's definition (see docs/automation.md)
    version = models.PositiveIntegerField(default=1)
    is_enabled = models.BooleanField(default=False)
    position = models.IntegerField(default=0)  # evaluation order: lower first
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return f"{self.name} v{self.version}"


class RuleVersion(models.Model):
    """One saved state of a rule; never changed after it is written."""

    rule = models.ForeignKey(Rule, on_delete=models.CASCADE, related_name="versions")
    version = models.PositiveIntegerField()
    name = models.CharField(max_length=200)
    event = models.CharField(max_length=60)
    definition = models.JSONField(default=dict)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["rule", "version"], name="rule_version_unique")]


class Switch(models.Model):
    """The global kill switch: one row (pk 1). Off: no rule runs, nothing is scheduled or sent."""

    is_on = models.BooleanField(default=True)
    changed_at = models.DateTimeField(null=True, blank=True)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")


class Scheduled(models.Model):
    """A rule run that is due later: N hours after its event, or a send held back by quiet hours.

    The sweep reads only rows whose due_at has come (a partial index of the waiting rows), as the SLA sweep does.
    `key` makes scheduling idempotent: one row per (rule, key).
    """

    class State(models.TextChoices):
        WAITING = "waiting", "Waiting"
        DONE = "done", "Done"
        CANCELLED = "cancelled", "Cancelled"

    class Kind(models.TextChoices):
        DELAY = "delay", "After a delay"  # the rule's own time trigger
        QUIET = "quiet", "Held for the buyer's morning"  # a send moved out of quiet hours

    rule = models.ForeignKey(Rule, on_delete=models.CASCADE, related_name="scheduled")
    version = models.PositiveIntegerField()
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.DELAY)
    key = models.CharField(max_length=200)
    event = models.CharField(max_length=60)
    conversation = models.ForeignKey("conversations.Conversation", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    order = models.ForeignKey("orders.Order", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    customer = models.ForeignKey("customers.Customer", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    data = models.JSONField(default=dict, blank=True)  # the event's data, for the run
    cancel_on = models.CharField(max_length=300, blank=True)  # ",message.received," events that cancel this row
    fire = models.ForeignKey("Fire", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")  # quiet: the fire it continues
    state = models.CharField(max_length=10, choices=State.choices, default=State.WAITING)
    event_at = models.DateTimeField()
    due_at = models.DateTimeField()
    done_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        # The sweep's index holds the waiting rows only: a row it marks done leaves it, and it stays
        # the size of what waits, not of everything ever scheduled (the sweep says state = 'waiting').
        # Cancelling a conversation's or an order's waiting rows uses the foreign keys' own indexes
        # (a handful of rows each); a second index on them would only cost every sweep's update.
        indexes = [models.Index(fields=["due_at"], name="automation_waiting_due", condition=Q(state="waiting"))]
        constraints = [models.UniqueConstraint(fields=["rule", "key"], name="automation_scheduled_once")]


class Fire(models.Model):
    """One rule that fired on one event: what it did, or why it did not send.

    Unique on (rule, key): a re-delivered event finds its fire and does nothing again.
    """

    class Outcome(models.TextChoices):
        SENT = "sent", "Sent to the buyer"
        DONE = "done", "Done (no message to the buyer)"
        BLOCKED = "blocked", "Blocked"
        DEFERRED = "deferred", "Held for the buyer's morning"
        FAILED = "failed", "Failed"

    rule = models.ForeignKey(Rule, on_delete=models.CASCADE, related_name="fires")
    version = models.PositiveIntegerField()
    key = models.CharField(max_length=200)
    event = models.CharField(max_length=60)
    conversation = models.ForeignKey("conversations.Conversation", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    order = models.ForeignKey("orders.Order", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    customer = models.ForeignKey("customers.Customer", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    reasons = models.JSONField(default=list, blank=True)  # why it was blocked / held: ["safety:tier1", "compliance:..."]
    actions = models.JSONField(default=list, blank=True)  # [{"type": "reply", ...result}]
    sent_at = models.DateTimeField(null=True, blank=True)  # a message reached the buyer's channel queue
    buyer_replied_at = models.DateTimeField(null=True, blank=True)  # first buyer message after the send
    reopened_at = models.DateTimeField(null=True, blank=True)  # the conversation was reopened after the fire
    created_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["rule", "key"], name="automation_fire_once")]
        indexes = [
            models.Index(fields=["rule", "created_at"], name="automation_fire_rule"),
            # The rate limits read a buyer's recent automated sends.
            models.Index(fields=["customer", "sent_at"], name="automation_fire_customer", condition=Q(sent_at__isnull=False)),
            models.Index(fields=["conversation", "sent_at"], name="automation_fire_conv"),
        ]


class Tag(models.Model):
    """A label on a conversation, set by a rule's "tag" action or by an agent; rules can test it."""

    conversation = models.ForeignKey("conversations.Conversation", on_delete=models.CASCADE, related_name="automation_tags")
    name = models.CharField(max_length=60)
    created_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["conversation", "name"], name="automation_tag_unique")]
