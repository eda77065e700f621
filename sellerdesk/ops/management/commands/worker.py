from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Run a task worker for the configured queue (database queue, or RQ over Redis)."

    def add_arguments(self, parser):
        parser.add_argument("--batch", action="store_true", help="Process what is queued, then exit (database queue only).")

    def handle(self, *args, batch=False, **options):
        if settings.TASK_BACKEND == "db":
            kwargs = {"interval": 0.2, "startup_delay": False, "reload": False}
            if batch:
                kwargs["batch"] = True
            call_command("db_worker", **kwargs)
        elif settings.TASK_BACKEND == "rq":
            if batch:
                call_command("rqworker", "default", job_class="django_tasks_rq.Job", burst=True)
            else:
                call_command("rqworker", "default", job_class="django_tasks_rq.Job", with_scheduler=True)
        else:
            raise CommandError("The immediate task backend runs tasks in-process; there is nothing for a worker to do.")
