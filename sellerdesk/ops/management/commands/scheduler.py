from django.core.management.base import BaseCommand

from sellerdesk.ops.scheduler import run_forever


class Command(BaseCommand):
    help = "Run the scheduler that enqueues periodic tasks (IMAP polling, retries, snooze)."

    def handle(self, *args, **options):
        self.stdout.write("scheduler started")
        run_forever()
