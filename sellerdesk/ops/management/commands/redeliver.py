from django.core.management.base import BaseCommand, CommandError

from sellerdesk.channels import pipeline
from sellerdesk.channels.models import RawDelivery


class Command(BaseCommand):
    help = "Process stored raw deliveries again (after a parser fix): given ids, or every failed one."

    def add_arguments(self, parser):
        parser.add_argument("ids", nargs="*", type=int)
        parser.add_argument("--failed", action="store_true", help="Every delivery whose processing failed.")

    def handle(self, ids, failed, **options):
        if not ids and not failed:
            raise CommandError("Give delivery ids or --failed.")
        qs = RawDelivery.objects.filter(status=RawDelivery.Status.FAILED) if failed else RawDelivery.objects.filter(pk__in=ids)
        found = 0
        for raw in qs.order_by("pk"):
            found += 1
            try:
                status = pipeline.redeliver(raw)
            except Exception as exc:
                status = f"error: {exc}"
            self.stdout.write(f"{raw.pk} {raw.channel} {raw.external_id}: {status}")
        missing = set(ids) - set(qs.values_list("pk", flat=True)) if ids else set()
        for pk in sorted(missing):
            self.stderr.write(f"{pk}: no such delivery")
        if missing:
            raise CommandError(f"{len(missing)} delivery id(s) not found")
        if not found:
            self.stdout.write("nothing to process")
