"""`sellerdesk metrics-backfill`: buyer messages' first responses and the hourly rollups, computed
for the messages stored before the triggers existed (or again, to repair: it is idempotent)."""

from django.core.management.base import BaseCommand

from sellerdesk.metrics import responses


class Command(BaseCommand):
    help = "Compute first responses and response rollups for stored messages (batched; safe on a live desk)."

    def add_arguments(self, parser):
        parser.add_argument("--batch", type=int, default=20_000, help="conversations per transaction (default 20000)")

    def handle(self, *args, batch: int, **options):
        verbose = options["verbosity"] > 1
        done = responses.backfill(batch=batch, log=(lambda line: self.stdout.write(line)) if verbose else (lambda line: None))
        self.stdout.write(f"first responses changed: {done['answered_changed']}, rollup rows: {done['rollup_rows']}")
