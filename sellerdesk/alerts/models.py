"""Notifications in the app, each person's preferences, team-chat robots, and outbound alert sends."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from sellerdesk.lib.crypto import decrypt_json, encrypt_json


class Kind(models.TextChoices):
    ESCALATION = "escalation", "Escalation"
    BREACH = "breach", "SLA breach"
    CLAIM = "claim", "Claim opened"
    SEND_FAILED = "send_failed", "Reply not sent"
    APPROVAL = "approval", "Approval waiting"


class Notification(models.Model):
    """One alert in one person's bell. `data` keeps what the text needs, so it reads the same later."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    conversation = models.ForeignKey("conversations.Conversation", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField()
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notification_unread"),
            models.Index(fields=["recipient", "id"], name="notification_list"),
        ]


class Preference(models.Model):
    """What one person wants beyond the bell. No row: the defaults below."""

    DEFAULT_EMAIL = [Kind.ESCALATION, Kind.CLAIM]

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="alert_preference")
    in_app = models.JSONField(default=list)  # kinds shown in the bell
    email = models.JSONField(default=list)  # kinds also sent by email
    # Quiet hours in the person's own time zone: emails wait until they end (the bell does not).
    quiet_start = models.TimeField(null=True, blank=True)
    quiet_end = models.TimeField(null=True, blank=True)

    @classmethod
    def default(cls, user) -> "Preference":
        return cls(user=user, in_app=list(Kind.values), email=[str(k) for k in cls.DEFAULT_EMAIL])


class ChatWebhook(models.Model):
    """A team chat's robot (WeCom, Feishu, DingTalk, Slack): its URL and signing secret encrypted."""

    class Platform(models.TextChoices):
        WECOM = "wecom", "WeCom (企业微信)"
        FEISHU = "feishu", "Feishu (飞书)"
        DINGTALK = "dingtalk", "DingTalk (钉钉)"
        SLACK = "slack", "Slack"

    name = models.CharField(max_length=100)
    platform = models.CharField(max_length=10, choices=Platform.choices)
    secret_encrypted = models.TextField()  # {"url": ..., "secret": ...}: the URL holds the robot's key
    kinds = models.JSONField(default=list)  # alert kinds posted here
    team = models.ForeignKey("accounts.Team", null=True, blank=True, on_delete=models.CASCADE, related_name="+")  # None: every team
    language = models.CharField(max_length=10, default="zh-hans")
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField()

    @property
    def target(self) -> dict:
        return decrypt_json(self.secret_encrypted)

    @target.setter
    def target(self, value: dict) -> None:
        self.secret_encrypted = encrypt_json(value)

    def __str__(self) -> str:
        return self.name


class Delivery(models.Model):
    """One email or one chat post, carrying the alerts it tells; sent after commit, retried."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    webhook = models.ForeignKey(ChatWebhook, null=True, blank=True, on_delete=models.CASCADE, related_name="deliveries")
    language = models.CharField(max_length=10, default="en")
    items = models.JSONField(default=list)  # [{"kind", "conversation", ...data}]
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.TextField(blank=True)
    send_after = models.DateTimeField()  # the end of the person's quiet hours, or when raised
    sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["status", "send_after"], name="alert_delivery_due")]
