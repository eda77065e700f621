"""sellerdesk inbound CHANNEL FILE [--account ID] [--trusted] [--json]"""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from sellerdesk.channels.replay import ReplayError, describe, feed


class Command(BaseCommand):
    help = ("Feed a captured delivery (a raw .eml for email, or JSON {\"headers\": {...}, \"body\": \"...\"} as received "
            "over HTTP) through the channel's receiver and pipeline, and print what it created.")

    def add_arguments(self, parser):
        parser.add_argument("channel")
        parser.add_argument("file", type=Path)
        parser.add_argument("--account", type=int, help="channel account id (needed when there are several)")
        parser.add_argument("--trusted", action="store_true", help="skip the signature check (a capture signed with another secret)")
        parser.add_argument("--json", action="store_true", dest="as_json", help="print the result as JSON")

    def handle(self, channel, file, account, trusted, as_json, **options):
        if not file.is_file():
            raise CommandError(f"{file}: no such file")
        try:
            result = feed(channel, file, account_id=account, trusted=trusted)
        except ReplayError as exc:
            raise CommandError(str(exc)) from None
        if as_json:
            self.stdout.write(json.dumps(result, ensure_ascii=False, indent=1))
        else:
            self.stdout.write("\n".join(describe(result)))
        if result["http_status"] != 200 or result["status"] == "failed":
            raise CommandError(result["error"] or f"HTTP {result['http_status']}")

