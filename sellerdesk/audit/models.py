"""The audit log: who did what, when and from where. Rows are only ever added.

The database itself refuses UPDATE on the table (and DELETE on PostgreSQL; triggers, migration
0002), and the manager refuses both, so neither a bug nor a shell session in the app rewrites history. Entries never hold a
buyer's personal data — customers are named by id — so an erasure has nothing to change here.
The actor is copied as id and name (no foreign key): deleting a user changes no entry.
"""

from __future__ import annotations

from django.db import models


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise ValueError("audit entries are append-only")

    def delete(self):
        raise ValueError("audit entries are append-only")


class AuditEntry(models.Model):
    objects = AppendOnlyQuerySet.as_manager()

    created_at = models.DateTimeField(db_index=True)
    action = models.CharField(max_length=40, db_index=True)  # login, login_failed, privacy_erased...
    actor_id = models.BigIntegerField(null=True, blank=True)
    actor_name = models.CharField(max_length=150, blank=True)  # username at the time
    via = models.CharField(max_length=10, blank=True)  # web | api | cli | system
    ip = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=200, blank=True)
    target = models.CharField(max_length=100, blank=True)  # "customer:12", "channel_account:3", "user:5"
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        indexes = [models.Index(fields=["-created_at", "-id"], name="audit_newest_first")]

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("audit entries are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("audit entries are append-only")
