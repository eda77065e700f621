from django.core.management.base import BaseCommand, CommandError

from sellerdesk.ops import backup


class Command(BaseCommand):
    help = "Copy the whole database into FILE (SQLite: online backup while running; PostgreSQL: pg_dump custom format)."

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, file, **options):
        try:
            kind = backup.backup(file)
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Backed up the {kind} database to {file}.")
