from django.db import models


class Lease(models.Model):
    """Who runs a one-per-installation process (the scheduler) on SQLite, until when.

    PostgreSQL uses an advisory lock instead (ops/leader.py); this row is the SQLite way, where all
    processes share one machine and so one clock.
    """

    name = models.CharField(max_length=50, primary_key=True)
    holder = models.CharField(max_length=200, blank=True, default="")
    expires_at = models.DateTimeField(null=True, blank=True)
