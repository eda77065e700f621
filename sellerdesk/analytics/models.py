from django.db import models


class WeeklyReport(models.Model):
    """One row per week sent: the scheduler's job sends each week once, whatever the number of runs."""

    week_start = models.DateField(unique=True)  # the Monday of the week reported
    sent_at = models.DateTimeField()
    recipients = models.JSONField(default=list)
