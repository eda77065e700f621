from django.core.management.base import BaseCommand, CommandError

from sellerdesk.ops import backup


class Command(BaseCommand):
    help = ("Replace the database's content with a backup made by `sellerdesk backup`. Stop SellerDesk first "
            "(web server, workers, scheduler); then run `sellerdesk migrate` if the backup is from an older release.")

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--yes", action="store_true", help="Really replace what the database holds now.")

    def handle(self, file, yes, **options):
        if not yes:
            raise CommandError("restore replaces everything the database holds now: stop SellerDesk, then run it again with --yes")
        try:
            kind = backup.restore(file)
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Restored the {kind} database from {file}.")
