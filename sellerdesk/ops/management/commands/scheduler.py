import signal
import sys

from django.core.management.base import BaseCommand

from sellerdesk.ops.scheduler import run_forever


class Command(BaseCommand):
    help = ("Run the scheduler that enqueues periodic tasks (IMAP polling, retries, snooze). Start one per machine "
            "if you like: only the one holding the scheduler lock runs the jobs, the others stand by.")

    def handle(self, *args, **options):
        # On SIGTERM (systemd, docker stop) let go of the lock at once rather than when it expires.
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
        self.stdout.write("scheduler started")
        self.stdout.flush()
        run_forever()
