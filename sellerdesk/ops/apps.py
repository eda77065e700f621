from django.apps import AppConfig


class OpsConfig(AppConfig):
    name = "sellerdesk.ops"
    label = "ops"

    def ready(self):
        from django.conf import settings

        if settings.TASK_BACKEND == "db":
            from django_tasks.signals import task_enqueued

            from sellerdesk.ops.wakeup import notify_on_commit

            # A queued task wakes the local workers at once instead of at their next poll.
            task_enqueued.connect(notify_on_commit, dispatch_uid="sellerdesk-wake-workers")
