"""sellerdesk load-starter-templates: add the starter reply templates that are missing (edited ones are kept)."""

from django.core.management.base import BaseCommand

from sellerdesk.replies.actions import load_starter_library


class Command(BaseCommand):
    help = "Add the starter reply templates (8 categories, en/de/fr/es/it/ja/zh) that are not in the library yet."

    def handle(self, *args, **opts):
        created = load_starter_library()
        self.stdout.write(f"{created} starter templates added.")
