from django.conf import settings
from django.db import models


class Survey(models.Model):
    """One satisfaction question sent to a buyer after a resolution, and their answer."""

    conversation = models.ForeignKey("conversations.Conversation", on_delete=models.CASCADE, related_name="surveys")
    agent = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")  # who resolved it
    message = models.ForeignKey("conversations.Message", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    token = models.CharField(max_length=32, unique=True)  # inside the signed link
    language = models.CharField(max_length=10, default="en")
    sent_at = models.DateTimeField()
    rating = models.PositiveSmallIntegerField(null=True, blank=True)  # 1..5
    comment = models.TextField(blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["answered_at"], name="survey_answered"),
            models.Index(fields=["sent_at"], name="survey_sent"),
            models.Index(fields=["conversation", "sent_at"], name="survey_conversation"),
        ]
