"""sellerdesk import-orders FILE.csv --platform walmart [--marketplace US] [--json]"""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from sellerdesk.orders.importer import ImportFileError, import_orders, read_text


class Command(BaseCommand):
    help = "Import orders from a CSV export (one row per order line); see docs/channels.md."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--platform", required=True, help="walmart, shopify, ebay, other...")
        parser.add_argument("--marketplace", default="", help="for rows without a marketplace column, e.g. US")
        parser.add_argument("--json", action="store_true", dest="as_json")

    def handle(self, file, platform, marketplace, as_json, **options):
        if not file.is_file():
            raise CommandError(f"{file}: no such file")
        try:
            report = import_orders(read_text(file.read_bytes()), platform, marketplace=marketplace)
        except ImportFileError as exc:
            raise CommandError(f"{file}: {exc}") from None
        if as_json:
            self.stdout.write(json.dumps(report.as_dict(), ensure_ascii=False, indent=1))
        else:
            self.stdout.write(f"{report.rows} rows: {len(report.created)} orders created, {len(report.updated)} updated, "
                              f"{len(report.errors)} rows skipped")
            for error in report.errors:
                self.stdout.write(f"  {error}")
