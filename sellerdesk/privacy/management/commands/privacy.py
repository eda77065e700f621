"""`sellerdesk privacy export|erase|retention`: data-subject requests and retention from the shell."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from sellerdesk.audit import origin
from sellerdesk.customers.models import Customer
from sellerdesk.privacy import export as exporter
from sellerdesk.privacy import retention
from sellerdesk.privacy.erase import erase
from sellerdesk.privacy.footprint import NotFound, find_customer


class Command(BaseCommand):
    help = "Export or erase one buyer's personal data, or apply the retention policies."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        ex = sub.add_parser("export", help="Write a ZIP of everything held about CUSTOMER.")
        ex.add_argument("customer", help="customer id, email, phone, marketplace buyer id or order number")
        ex.add_argument("--output", "-o", help="ZIP file to write (default: sellerdesk-customer-ID-DATE.zip here)")
        er = sub.add_parser("erase", help="Remove or anonymise CUSTOMER's personal data everywhere.")
        er.add_argument("customer")
        er.add_argument("--yes", action="store_true", help="Do not ask for confirmation.")
        rt = sub.add_parser("retention", help="Erase the buyers whose data is past its retention policy.")
        rt.add_argument("--dry-run", action="store_true", help="Only list who would be erased.")

    def handle(self, action, **options):
        token = origin.use(origin.Origin(via="cli"))
        try:
            getattr(self, f"_{action}")(**options)
        finally:
            origin.reset(token)

    def _customer(self, text: str) -> Customer:
        try:
            return find_customer(text)
        except NotFound as exc:
            raise CommandError(str(exc)) from exc

    def _export(self, customer, output=None, **options):
        c = self._customer(customer)
        path = Path(output or exporter.filename(c))
        counts = exporter.export(c, path)
        summary = ", ".join(f"{v} {k}" for k, v in counts.items())
        self.stdout.write(f"wrote {path} (customer {c.pk}: {summary})")

    def _erase(self, customer, yes=False, **options):
        c = self._customer(customer)
        if not yes:
            try:
                answer = input(f"Erase all personal data of customer {c.pk} ({c})? This cannot be undone. Type 'erase': ")
            except (EOFError, OSError):  # no terminal (a script, a closed stdin): it must say --yes
                raise CommandError("Nothing erased: confirm by typing 'erase', or pass --yes.") from None
            if answer.strip().lower() != "erase":
                raise CommandError("Nothing erased.")
        result = erase(c, reason="request")
        counts = {k: v for k, v in result.counts.items() if isinstance(v, int)}
        self.stdout.write(f"erased customer {c.pk}: " + ", ".join(f"{v} {k}" for k, v in counts.items()))

    def _retention(self, dry_run=False, **options):
        result = retention.run(dry_run=dry_run)
        verb = "would erase" if dry_run else "erased"
        for item in result.due if dry_run else [d for d in result.due if d.customer_id in result.erased]:
            self.stdout.write(f"{verb} customer {item.customer_id} ({', '.join(item.channels)}; "
                              f"last activity {item.last_activity:%Y-%m-%d})")
        n = len(result.due) if dry_run else len(result.erased)
        rejected = "would delete" if dry_run else "deleted"
        self.stdout.write(f"{verb} {n} customers; {rejected} {result.rejected_deleted} rejected deliveries")
