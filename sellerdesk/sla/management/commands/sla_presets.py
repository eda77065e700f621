from django.core.management.base import BaseCommand
from django.db import transaction

from sellerdesk.sla import presets
from sellerdesk.sla.models import Calendar, Policy


class Command(BaseCommand):
    help = "Create the shipped SLA calendars and policies that are missing (idempotent; --reset restores edited ones)."

    def add_arguments(self, parser):
        parser.add_argument("--reset", action="store_true", help="overwrite presets edited since they were created")

    def handle(self, *args, reset=False, **options):
        with transaction.atomic():
            counts = presets.apply(Calendar, Policy, reset=reset)
        self.stdout.write(f"SLA presets: {counts['created']} created, {counts['updated']} reset, {counts['kept']} kept")
