from django.core.management.base import BaseCommand

from sellerdesk.automation import recipes


class Command(BaseCommand):
    help = "Add the built-in automation recipes that are not yet rules (switched off)."

    def handle(self, *args, **options):
        created = recipes.install()
        self.stdout.write(f"{len(created)} recipe(s) added: {', '.join(created) or '-'}")
