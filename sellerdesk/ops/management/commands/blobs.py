import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from sellerdesk.lib import blobs
from sellerdesk.ops import blobstore


class Command(BaseCommand):
    help = ("The object store of raw deliveries and attachments: `check` it, `move` bytes still kept in the "
            "database into it, list (or --delete) `orphans` no row names.")

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["check", "move", "orphans"])
        parser.add_argument("--delete", action="store_true", help="orphans: delete them, not only list them.")
        parser.add_argument("--min-age-hours", type=float, default=24,
                            help="orphans: only objects at least this old (younger ones may be mid-transaction).")
        parser.add_argument("--limit", type=int, default=None, help="move: at most this many rows per table.")

    def handle(self, action, delete, min_age_hours, limit, **options):
        if action == "check":
            result = blobs.check()
            self.stdout.write(f"{result.get('backend')}: {'ok' if result['ok'] else result['error']}")
            if not result["ok"]:
                raise CommandError("the object store cannot be used")
            return
        try:
            if action == "move":
                for table, count in blobstore.move(limit=limit).items():
                    self.stdout.write(f"{table}: {count} moved")
                return
            found = blobstore.orphans(delete=delete, min_age=dt.timedelta(hours=min_age_hours))
        except blobstore.NoStore as exc:
            raise CommandError(str(exc)) from exc
        for name in found.orphans:
            self.stdout.write(name)
        self.stdout.write(f"{found.checked} objects checked, {len(found.orphans)} orphans, {found.deleted} deleted")
