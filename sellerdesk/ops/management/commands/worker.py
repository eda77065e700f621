import contextlib
import logging

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

log = logging.getLogger(__name__)
# Between polls of the database queue when no wake-up comes (ops/wakeup.py wakes it at once).
POLL_SECONDS = 1.0


class Command(BaseCommand):
    help = "Run a task worker for the configured queue (database queue, or RQ over Redis)."

    def add_arguments(self, parser):
        parser.add_argument("--batch", action="store_true", help="Process what is queued, then exit (database queue only).")

    def handle(self, *args, batch=False, **options):
        if settings.TASK_BACKEND == "db":
            kwargs = {"interval": POLL_SECONDS, "startup_delay": False, "reload": False}
            if batch:
                kwargs["batch"] = True
                call_command("db_worker", **kwargs)
                return
            with woken_on_queue() as woken:
                if not woken:
                    kwargs["interval"] = 0.2  # no wake-ups: poll often
                call_command("db_worker", **kwargs)
        elif settings.TASK_BACKEND == "rq":
            if batch:
                call_command("rqworker", "default", job_class="django_tasks_rq.Job", burst=True)
            else:
                call_command("rqworker", "default", job_class="django_tasks_rq.Job", with_scheduler=True)
        else:
            raise CommandError("The immediate task backend runs tasks in-process; there is nothing for a worker to do.")


@contextlib.contextmanager
def woken_on_queue():
    """The worker loop sleeps on its wake-up socket (True) or polls (False: the socket could not be made)."""
    from django_tasks_db.management.commands import db_worker

    from sellerdesk.ops.wakeup import Listener, SleepOnWake

    try:
        listener = Listener()
    except OSError as exc:
        log.warning("worker wake-up socket not available (%s): polling every 0.2 s", exc)
        yield False
        return
    real_time, db_worker.time = db_worker.time, SleepOnWake(listener)
    try:
        yield True
    finally:
        db_worker.time = real_time
        listener.close()
