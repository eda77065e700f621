"""`sellerdesk search-reindex`: rebuild the search index from the stored conversations and messages."""

from django.core.management.base import BaseCommand
from django.db import transaction

from sellerdesk.search import index


class Command(BaseCommand):
    help = "Rebuild the search index (messages, subjects, customers, order and tracking numbers)."

    def handle(self, *args, **options):
        def progress(n):
            if n % 20000 == 0:
                self.stdout.write(f"  {n} messages")

        with transaction.atomic():
            conversations, messages = index.reindex_all(progress=progress)
        self.stdout.write(f"Indexed {conversations} conversations and {messages} messages.")
